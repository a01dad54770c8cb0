package dev.cuecast.api;

import static dev.cuecast.api.TestServer.body;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cuecast.timebase.TimeBase;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Blackout retries (issue 20, item 7): the server keeps the answer to a BLACKOUT's Idempotency-Key only briefly, so
 * a retry of the same press gets its answer, and a later press that reuses the key is a new blackout instead of a
 * stale "done vN" that publishes nothing. Time is the injected clock: no sleeps.
 */
class BlackoutRetryTest {
    private static long blackout(TestServer server, String key) {
        HttpResponse<String> res = server.post("/api/blackout", null, b -> b.header("Idempotency-Key", key));
        assertEquals(201, res.statusCode(), res.body());
        return body(res).path("version").asLong();
    }

    @Test
    void a_blackout_key_is_answered_from_memory_for_ten_seconds_and_then_is_a_new_blackout() {
        LoginThrottleTest.ManualClock clock = new LoginThrottleTest.ManualClock();
        try (TestServer server = new TestServer(ApiConfig.of(TestServer.TOKEN), TimeBase.local(clock))) {
            long first = blackout(server, "press-1");
            clock.advanceMillis(9_000);
            assertEquals(first, blackout(server, "press-1"), "a retry within 10 s is the same blackout: published once");
            assertEquals(first, body(server.get("/live/pointer.json")).path("version").asLong());
            HttpResponse<String> go = server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\"}");
            assertEquals(201, go.statusCode(), go.body());
            clock.advanceMillis(1_001);
            long later = blackout(server, "press-1");
            assertEquals(body(go).path("version").asLong() + 1, later, "10 s on, the same key blacks out again over the GO");
            assertEquals("off", body(server.get("/live/pointer.json")).path("inline").path("cues").get(0).path("mode").asText());
        }
    }

    @Test
    void keys_of_other_writes_are_kept_as_before() {
        LoginThrottleTest.ManualClock clock = new LoginThrottleTest.ManualClock();
        try (TestServer server = new TestServer(ApiConfig.of(TestServer.TOKEN), TimeBase.local(clock))) {
            String cue = "{\"mode\":\"solid\",\"color\":\"#FF0000\"}";
            HttpResponse<String> first = server.post("/api/cues", cue, b -> b.header("Idempotency-Key", "go-1"));
            clock.advanceMillis(3_600_000);
            HttpResponse<String> retry = server.post("/api/cues", cue, b -> b.header("Idempotency-Key", "go-1"));
            assertEquals(first.body(), retry.body(), "a GO's retry an hour later still publishes nothing new");
        }
    }
}
