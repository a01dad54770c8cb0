package dev.cuecast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cuecast.timebase.TimeBase;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeBaseApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A time base 5 s ahead of the host (the host clock is 5 s slow), synced or not. */
    private static final class FakeTimeBase implements TimeBase {
        volatile boolean synced;
        final Clock clock = Clock.fixed(TestServer.NOW.plusMillis(5000), ZoneOffset.UTC);

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public Status status() {
            return synced ? new Status(true, 5000.25, 1.5, 12.0, "https://edge.example/time", 40, null)
                    : new Status(false, Double.NaN, Double.NaN, Double.NaN, "https://edge.example/time", 0,
                            "not synced to https://edge.example/time yet (0 answers; last problem: connection refused)");
        }
    }

    @Test
    void cues_are_refused_with_503_clock_unsynced_while_unsynced_and_blackout_still_lands() throws Exception {
        FakeTimeBase time = new FakeTimeBase();
        try (TestServer server = new TestServer(ApiConfig.of(TestServer.TOKEN), time)) {
            HttpResponse<String> refused = server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"lead_ms\":3000}");
            assertEquals(503, refused.statusCode(), refused.body());
            JsonNode body = JSON.readTree(refused.body());
            assertEquals("clock_unsynced", body.get("error").asText());
            assertTrue(body.get("message").asText().contains("https://edge.example/time"), body.toString());
            assertEquals(false, body.get("synced").asBoolean());
            assertEquals(404, server.get("/live/pointer.json").statusCode(), "nothing was published");

            HttpResponse<String> blackout = server.post("/api/blackout", null);
            assertEquals(201, blackout.statusCode(), blackout.body());
        }
    }

    @Test
    void lead_ms_is_stamped_on_the_phones_time_source_not_the_host_clock() throws Exception {
        FakeTimeBase time = new FakeTimeBase();
        time.synced = true;
        try (TestServer server = new TestServer(ApiConfig.of(TestServer.TOKEN), time)) {
            HttpResponse<String> created = server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"lead_ms\":3000}");
            assertEquals(201, created.statusCode(), created.body());
            assertEquals(TestServer.NOW.toEpochMilli() + 5000 + 3000, JSON.readTree(created.body()).get("effective_at").asLong());
            // This server's own /time still tells its host clock: phones that sync to it get the host's time base.
            double t = JSON.readTree(server.get("/time").body()).get("t").asDouble();
            assertEquals(TestServer.NOW.toEpochMilli(), t, 1);
        }
    }

    @Test
    void the_clock_status_tells_the_operator_page_offset_and_uncertainty() throws Exception {
        FakeTimeBase time = new FakeTimeBase();
        time.synced = true;
        try (TestServer server = new TestServer(ApiConfig.of(TestServer.TOKEN), time)) {
            assertEquals(401, server.get("/api/clock").statusCode());
            HttpResponse<String> res = server.getAuthed("/api/clock");
            assertEquals(200, res.statusCode());
            assertEquals("{\"synced\":true,\"offset_ms\":5000.3,\"uncertainty_ms\":1.5,\"rtt_ms\":12.0,"
                    + "\"source\":\"https://edge.example/time\",\"samples\":40}", res.body()); // null fields are left out
        }
    }
}
