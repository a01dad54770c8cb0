package dev.cuecast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The flash refusal on the wire: 422 flash_limit with the seats and the earliest effective_at that fits. */
class FlashLimitApiTest {
    private static final long NOW_MS = TestServer.NOW.toEpochMilli();
    private final ObjectMapper mapper = new ObjectMapper();
    private TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer();
    }

    @AfterEach
    void stop() {
        server.app.stop();
    }

    private HttpResponse<String> cue(String body) {
        return server.post("/api/cues", body);
    }

    @Test
    void a_cue_that_would_make_seats_flash_too_often_is_refused_with_the_seats_and_the_earliest_time_that_fits() throws Exception {
        long start = NOW_MS + 5_000;
        for (int i = 0; i < 6; i++) {
            String body = i % 2 == 0
                    ? "{\"mode\":\"solid\",\"color\":\"#FFFFFF\",\"effective_at\":" + (start + i * 50) + ",\"zone\":{\"seats\":[[0,99]]}}"
                    : "{\"mode\":\"off\",\"effective_at\":" + (start + i * 50) + ",\"zone\":{\"seats\":[[0,99]]}}";
            assertEquals(201, cue(body).statusCode(), body);
        }
        HttpResponse<String> refused = cue("{\"mode\":\"solid\",\"color\":\"#FFFFFF\",\"effective_at\":" + (start + 300)
                + ",\"zone\":{\"seats\":[[50,149]]}}");
        assertEquals(422, refused.statusCode(), refused.body());
        JsonNode body = mapper.readTree(refused.body());
        assertEquals("flash_limit", body.get("error").asText());
        assertEquals("[[50,99]]", body.get("seats").toString(), "only the seats that already flash");
        long earliest = body.get("earliest_effective_at").asLong();
        assertTrue(earliest >= start + 1_000 && earliest <= start + 1_500, "earliest " + (earliest - start));
        assertTrue(body.get("message").asText().contains(String.valueOf(earliest)), body.get("message").asText());
        assertEquals(201, cue("{\"mode\":\"solid\",\"color\":\"#FFFFFF\",\"effective_at\":" + earliest
                + ",\"zone\":{\"seats\":[[50,149]]}}").statusCode());
    }

    @Test
    void blackout_is_accepted_right_after_a_flash_refusal() {
        long start = NOW_MS + 5_000;
        for (int i = 0; i < 7; i++) {
            cue(i % 2 == 0 ? "{\"mode\":\"solid\",\"color\":\"#FFFFFF\",\"effective_at\":" + (start + i * 50) + "}"
                    : "{\"mode\":\"off\",\"effective_at\":" + (start + i * 50) + "}");
        }
        assertEquals(201, server.post("/api/blackout", null).statusCode());
    }

    @Test
    void the_request_size_limit_equals_testdata_limits_json() throws Exception {
        JsonNode limits = mapper.readTree(Files.readAllBytes(Path.of("..", "testdata", "limits.json")));
        assertEquals(limits.get("max_request_bytes").asLong(), ApiConfig.DEFAULT_MAX_REQUEST_BYTES);
    }
}
