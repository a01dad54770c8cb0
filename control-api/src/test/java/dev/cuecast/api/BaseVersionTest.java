package dev.cuecast.api;

import static dev.cuecast.api.TestServer.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GO says what the operator saw (issue 20, item 1): cues, timelines and undos carry {@code base_version}, the live
 * version their preview was built on, and a BLACKOUT newer than it drops them, however late they reach the server.
 */
class BaseVersionTest {
    private TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void assertError(HttpResponse<String> res, int status, String code) {
        assertEquals(status, res.statusCode(), res.body());
        assertEquals(code, body(res).path("error").asText(), res.body());
        assertFalse(body(res).path("message").asText().isBlank(), res.body());
    }

    private long publish(String path, String json) {
        HttpResponse<String> res = server.post(path, json);
        assertEquals(201, res.statusCode(), res.body());
        return body(res).path("version").asLong();
    }

    @Test
    void a_cue_whose_base_version_predates_a_blackout_is_refused_409_and_nothing_of_it_becomes_visible() {
        long red = publish("/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\"}");
        // the operator previews the next cue on the live version (the dry run's "base")...
        long base = body(server.post("/api/cues?dry_run=true", "{\"mode\":\"solid\",\"color\":\"#00FF00\",\"lead_ms\":3000}"))
                .path("base").asLong();
        assertEquals(red, base, "a dry run names the live version it was built on");
        // ...BLACKOUT lands (from this station or any other writer)...
        publish("/api/blackout", "");
        String dark = server.pointerBytes();
        // ...and then the GO built on that preview reaches the server, late
        assertError(server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#00FF00\",\"lead_ms\":3000,\"base_version\":"
                + base + "}"), 409, "blacked_out");
        assertError(server.post("/api/timeline", "{\"cues\":[{\"mode\":\"solid\",\"color\":\"#00FF00\",\"lead_ms\":3000}],"
                + "\"base_version\":" + base + "}"), 409, "blacked_out");
        assertError(server.post("/api/undo", "{\"version\":" + red + ",\"base_version\":" + base + "}"), 409, "blacked_out");
        assertEquals(dark, server.pointerBytes(), "nothing of the refused requests is visible");
        assertFalse(server.pointerBytes().contains("#00FF00"));
        assertEquals("blackout", body(server.getAuthed("/api/history?limit=1")).path("history").get(0).path("action").asText(),
                "no history entry either");
    }

    @Test
    void a_request_built_on_the_blackout_or_later_is_published() {
        publish("/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\"}");
        long blackout = publish("/api/blackout", "");
        long cue = publish("/api/cues", "{\"mode\":\"solid\",\"color\":\"#00FF00\",\"base_version\":" + blackout + "}");
        assertEquals(blackout + 1, cue);
        long timeline = publish("/api/timeline", "{\"cues\":[{\"mode\":\"off\",\"lead_ms\":5000}],\"base_version\":" + blackout + "}");
        long undo = publish("/api/undo", "{\"version\":" + cue + ",\"base_version\":" + timeline + "}");
        assertEquals(timeline + 1, undo);
        assertEquals(undo, body(server.get("/live/pointer.json")).path("version").asLong());
    }

    @Test
    void without_base_version_a_request_builds_on_the_version_live_when_it_arrives() {
        publish("/api/blackout", "");
        assertEquals(2, publish("/api/cues", "{\"mode\":\"solid\",\"color\":\"#00FF00\"}"));
    }

    @Test
    void base_version_must_be_a_whole_number_not_above_the_live_version() {
        publish("/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\"}");
        String before = server.pointerBytes();
        for (String bad : new String[] {"-1", "\"1\"", "1.5", "true", "[1]"}) {
            HttpResponse<String> res = server.post("/api/cues", "{\"mode\":\"off\",\"base_version\":" + bad + "}");
            assertError(res, 422, "invalid_value");
            assertTrue(body(res).path("message").asText().contains("base_version"), bad + " -> " + res.body());
            assertError(server.post("/api/undo", "{\"version\":1,\"base_version\":" + bad + "}"), 422, "invalid_value");
            assertError(server.post("/api/timeline", "{\"cues\":[{\"mode\":\"off\"}],\"base_version\":" + bad + "}"),
                    422, "invalid_value");
        }
        assertError(server.post("/api/cues", "{\"mode\":\"off\",\"base_version\":99999999999999999999999}"), 422, "invalid_value");
        HttpResponse<String> ahead = server.post("/api/cues", "{\"mode\":\"off\",\"base_version\":7}");
        assertError(ahead, 422, "invalid_value");
        assertTrue(body(ahead).path("message").asText().contains("newer than the live version"), ahead.body());
        // the version travels once, beside the cues; unknown fields stay refused
        HttpResponse<String> inside = server.post("/api/timeline", "{\"cues\":[{\"mode\":\"off\",\"base_version\":1}]}");
        assertError(inside, 422, "invalid_value");
        assertTrue(body(inside).path("message").asText().contains("cues[0]"), inside.body());
        assertError(server.post("/api/cues", "{\"mode\":\"off\",\"base_versoin\":1}"), 422, "unknown_field");
        assertEquals(before, server.pointerBytes(), "nothing published");
    }

    @Test
    void base_version_zero_means_the_operator_saw_an_empty_store() {
        assertEquals(1, publish("/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"base_version\":0}"));
        assertTrue(body(server.post("/api/cues?dry_run=true", "{\"mode\":\"off\"}")).path("base").asLong() == 1);
    }
}
