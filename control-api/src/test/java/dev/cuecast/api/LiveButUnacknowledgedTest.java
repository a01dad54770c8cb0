package dev.cuecast.api;

import static dev.cuecast.api.TestServer.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cuecast.cue.Pointer;
import dev.cuecast.publish.CachePolicy;
import dev.cuecast.publish.ForwardingObjectStore;
import dev.cuecast.publish.ShowStore;
import dev.cuecast.publish.VersionConflictException;
import dev.cuecast.timebase.TimeBase;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A version that is live but cannot be acknowledged as on time and recorded is answered 502 with its version
 * ({@code landed_late}, {@code unrecorded}): the page shows "LIVE vN" and says not to send it again, and a retry
 * with the same Idempotency-Key gets the same answer instead of a second copy.
 */
class LiveButUnacknowledgedTest {
    private static final String CUE = "{\"mode\":\"solid\",\"color\":\"#00FF00\",\"lead_ms\":3000}";

    private static void assertLive(HttpResponse<String> res, String code, long version) {
        assertEquals(502, res.statusCode(), res.body());
        JsonNode b = body(res);
        assertEquals(code, b.path("error").asText(), res.body());
        assertEquals(version, b.path("version").asLong(), "the answer names the live version: " + res.body());
        assertEquals("states/" + version + ".json", b.path("state").asText(), res.body());
        assertTrue(b.path("message").asText().contains("do not send it again")
                || b.path("message").asText().contains("Do not send it again"), res.body());
    }

    @Test
    void a_version_confirmed_after_its_deadline_is_answered_502_landed_late_with_its_version_and_never_sent_twice() {
        LoginThrottleTest.ManualClock clock = new LoginThrottleTest.ManualClock();
        ForwardingObjectStore slowPointer = new ForwardingObjectStore(new MemoryStore()) {
            @Override
            public String replaceIfMatch(String key, byte[] b, CachePolicy policy, String etag) throws VersionConflictException {
                String etagNow = super.replaceIfMatch(key, b, policy, etag);
                if (key.equals(Pointer.KEY) && new String(b, java.nio.charset.StandardCharsets.UTF_8).contains("\"version\":2")) {
                    clock.advanceMillis(10_000); // the store confirms the write 10 s later, past the cue's deadline
                }
                return etagNow;
            }
        };
        try (TestServer server = new TestServer(ApiConfig.of(TestServer.TOKEN), TimeBase.local(clock), slowPointer)) {
            assertEquals(201, server.post("/api/cues", "{\"mode\":\"off\"}").statusCode());
            HttpResponse<String> late = server.post("/api/cues", CUE, b -> b.header("Idempotency-Key", "go-2"));
            assertLive(late, "landed_late", 2);
            assertLive(server.post("/api/cues", CUE, b -> b.header("Idempotency-Key", "go-2")), "landed_late", 2);
            assertEquals(2, body(server.get("/live/pointer.json")).path("version").asLong(), "live, and published once");
        }
    }

    @Test
    void a_version_whose_history_entry_cannot_be_written_is_answered_502_unrecorded_with_its_version() {
        ForwardingObjectStore noHistory = new ForwardingObjectStore(new MemoryStore()) {
            @Override
            public String createOnly(String key, byte[] b, CachePolicy policy) throws VersionConflictException {
                if (key.startsWith(ShowStore.HISTORY)) {
                    throw new UncheckedIOException(new java.io.IOException("history bucket unreachable"));
                }
                return super.createOnly(key, b, policy);
            }
        };
        try (TestServer server = new TestServer(ApiConfig.of(TestServer.TOKEN), TimeBase.local(
                java.time.Clock.fixed(TestServer.NOW, java.time.ZoneOffset.UTC)), noHistory)) {
            HttpResponse<String> res = server.post("/api/cues", CUE, b -> b.header("Idempotency-Key", "go-1"));
            assertLive(res, "unrecorded", 1);
            assertLive(server.post("/api/cues", CUE, b -> b.header("Idempotency-Key", "go-1")), "unrecorded", 1);
            assertEquals(1, body(server.get("/live/pointer.json")).path("version").asLong(), "live, and published once");
            assertTrue(server.get("/metrics").body().contains("code=\"unrecorded\""), "counted by code");
        }
    }
}
