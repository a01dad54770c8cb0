package dev.cuecast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.api.operations.Metrics;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Wrong tokens are throttled per address and overall (429, counted in /metrics); the right token always passes. */
class LoginThrottleTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private volatile Instant now = TestServer.NOW;

        void advanceMillis(long ms) {
            now = now.plusMillis(ms);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void after_ten_wrong_tokens_in_a_minute_the_next_wrong_one_waits_with_429_and_retry_after() {
        ManualClock clock = new ManualClock();
        try (TestServer server = new TestServer(ApiConfig.of(TestServer.TOKEN), dev.cuecast.timebase.TimeBase.local(clock))) {
            for (int i = 0; i < ApiConfig.DEFAULT_MAX_LOGIN_FAILURES; i++) {
                assertEquals(401, guess(server, "guess-" + i).statusCode());
                clock.advanceMillis(1_000);
            }
            HttpResponse<String> throttled = guess(server, "guess-next");
            assertEquals(429, throttled.statusCode(), throttled.body());
            assertEquals("too_many_requests", new com.fasterxml.jackson.databind.ObjectMapper().readTree(throttled.body()).path("error").asText());
            assertTrue(throttled.body().contains("The right token is always accepted"), throttled.body());
            // the first failure was 10 s ago: it leaves the one-minute window in 50 s
            assertEquals("50", throttled.headers().firstValue("Retry-After").orElse(""));
            assertEquals(200, server.getAuthed("/api/state").statusCode(), "the right token passes meanwhile");

            clock.advanceMillis(50_000);
            assertEquals(401, guess(server, "guess-later").statusCode(), "one failure left the window: a guess is judged again");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> guess(TestServer server, String token) {
        return server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.origin + "/api/state"))
                .header("Authorization", "Bearer " + token).GET());
    }

    @Test
    void a_guesser_spread_over_many_addresses_is_throttled_overall_and_the_right_token_still_passes_from_anywhere() {
        ManualClock clock = new ManualClock();
        TokenAuth auth = new TokenAuth(TestServer.TOKEN, null, clock, 10, 100, new Metrics());
        long now = clock.millis();
        for (int i = 0; i < 100; i++) {
            TokenAuth.Verdict v = auth.check("10.0." + i / 256 + "." + i % 256, "Bearer guess-" + i, now + i);
            assertEquals(TokenAuth.Verdict.WRONG, v, "guess " + i + " is within the overall budget");
        }
        TokenAuth.Verdict next = auth.check("10.9.9.9", "Bearer guess-new", now + 100);
        assertTrue(next.throttled(), "a fresh address gets 429 once the overall budget is spent: " + next);
        assertEquals("global", next.scope());
        assertEquals(TokenAuth.WINDOW_MS - 100, next.retryAfterMs(), "until the oldest guess leaves the window");
        assertTrue(auth.check("10.9.9.9", "Bearer " + TestServer.TOKEN, now + 100).passes());
        assertTrue(auth.check("10.0.0.1", "bearer " + TestServer.TOKEN, now + 100).passes());
        assertEquals(TokenAuth.Verdict.WRONG, auth.check("10.9.9.9", null, now + 100), "no token is no guess: 401");
        assertEquals(TokenAuth.Verdict.WRONG, auth.check("10.9.9.9", "Bearer guess-new", now + TokenAuth.WINDOW_MS + 1),
                "the window moved on: judged again");
    }

    @Test
    void twenty_wrong_tokens_from_the_operators_address_never_stop_the_right_tokens_blackout() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestServer server = new TestServer(ApiConfig.of(TestServer.TOKEN), dev.cuecast.timebase.TimeBase.local(clock))) {
            int throttled = 0;
            for (int i = 0; i < 20; i++) {
                // a spectator behind the venue NAT (the operator's address too) guessing
                HttpResponse<String> res = server.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.origin + "/api/state")).header("Authorization", "Bearer guess-" + i).GET());
                assertEquals(i < ApiConfig.DEFAULT_MAX_LOGIN_FAILURES ? 401 : 429, res.statusCode(), i + ": " + res.body());
                throttled += res.statusCode() == 429 ? 1 : 0;
            }
            HttpResponse<String> blackout = server.post("/api/blackout", null);
            assertEquals(201, blackout.statusCode(), "the right token always passes: " + blackout.body());
            assertEquals(200, server.getAuthed("/api/state").statusCode());
            String metrics = server.get("/metrics").body();
            assertTrue(metrics.contains("cuecast_auth_throttled_total{scope=\"address\"} " + throttled + ".0"), metrics);
        }
    }

    @Test
    void no_token_or_the_same_stale_token_again_is_not_a_new_guess() {
        try (TestServer server = new TestServer(ApiConfig.of(TestServer.TOKEN))) {
            for (int i = 0; i < 3 * ApiConfig.DEFAULT_MAX_LOGIN_FAILURES; i++) {
                assertEquals(401, server.get("/api/state").statusCode());
                assertEquals(401, server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.origin + "/api/clock"))
                        .header("Authorization", "Bearer stale-token-from-yesterday").GET()).statusCode());
            }
            assertEquals(200, server.getAuthed("/api/state").statusCode(), "a page polling while logged out locks nobody out");
        }
    }

    @Test
    void the_qr_sheet_needs_the_token_too() {
        try (TestServer server = new TestServer()) {
            assertEquals(401, server.get("/operator/qr?from=0&to=3").statusCode());
            assertEquals(200, server.getAuthed("/operator/qr?from=0&to=3").statusCode());
        }
    }
}
