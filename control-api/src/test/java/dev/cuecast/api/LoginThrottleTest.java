package dev.cuecast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Wrong tokens are throttled per address, so a guesser on the spectators' Wi-Fi gets ten tries a minute. */
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
    void after_ten_wrong_tokens_in_a_minute_even_the_right_one_waits_with_429_and_retry_after() {
        ManualClock clock = new ManualClock();
        try (TestServer server = new TestServer(ApiConfig.of(TestServer.TOKEN), dev.cuecast.timebase.TimeBase.local(clock))) {
            for (int i = 0; i < ApiConfig.DEFAULT_MAX_LOGIN_FAILURES; i++) {
                HttpResponse<String> res = server.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.origin + "/api/state")).header("Authorization", "Bearer guess-" + i).GET());
                assertEquals(401, res.statusCode(), res.body());
                clock.advanceMillis(1_000);
            }
            HttpResponse<String> throttled = server.getAuthed("/api/state");
            assertEquals(429, throttled.statusCode(), throttled.body());
            assertEquals("too_many_requests", new com.fasterxml.jackson.databind.ObjectMapper().readTree(throttled.body()).path("error").asText());
            // the first failure was 10 s ago: it leaves the one-minute window in 50 s
            assertEquals("50", throttled.headers().firstValue("Retry-After").orElse(""));

            clock.advanceMillis(50_000);
            assertEquals(200, server.getAuthed("/api/state").statusCode(), "one failure left the window: it may try again");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
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
