package dev.cuecast.api;

import static dev.cuecast.api.TestServer.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/undo}: back to what a version showed, a loaded timeline's pending cues dropped; dry run first. */
class UndoApiTest {
    private static final long NOW_MS = TestServer.NOW.toEpochMilli();
    private TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }


    @Test
    void undoing_a_timeline_previews_then_publishes_the_cue_before_it_with_no_timeline_cue_left_pending() {
        assertEquals(201, server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#222222\"}").statusCode());
        HttpResponse<String> timeline = server.post("/api/timeline", "{\"cues\":["
                + "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"lead_ms\":5000},"
                + "{\"mode\":\"solid\",\"color\":\"#00FF00\",\"lead_ms\":9000}]}");
        assertEquals(201, timeline.statusCode(), timeline.body());
        String before = server.pointerBytes();

        HttpResponse<String> preview = server.post("/api/undo?dry_run=true", "{\"version\":1}");
        assertEquals(200, preview.statusCode(), preview.body());
        assertEquals(before, server.pointerBytes(), "a dry run writes nothing");
        JsonNode cues = body(preview).path("cues");
        assertEquals("#222222", cues.get(cues.size() - 1).path("color").asText());
        for (JsonNode c : cues) {
            assertTrue(c.path("effective_at").asLong() <= NOW_MS, "nothing of the timeline stays pending: " + cues);
        }

        HttpResponse<String> undo = server.post("/api/undo", "{\"version\":1}");
        assertEquals(201, undo.statusCode(), undo.body());
        assertEquals(3, body(undo).path("version").asLong());
        JsonNode history = body(server.getAuthed("/api/history?limit=1")).path("history").get(0);
        assertEquals("undo", history.path("action").asText());
        assertEquals("#222222", history.path("cue").path("color").asText());
    }

    @Test
    void a_bad_undo_gets_a_4xx_that_says_what_to_fix_and_nothing_is_published() {
        assertEquals(201, server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#222222\"}").statusCode());
        String before = server.pointerBytes();
        String[][] cases = {
            {"{}", "422", "version is required"},
            {"{\"version\":7}", "422", "between 1 and 1"},
            {"{\"version\":\"one\"}", "", ""},
            {"{\"version\":1,\"cue\":{}}", "", ""},
        };
        for (String[] c : cases) {
            for (String path : new String[] {"/api/undo", "/api/undo?dry_run=true"}) {
                HttpResponse<String> r = server.post(path, c[0]);
                assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, c[0] + " → " + r.statusCode() + " " + r.body());
                if (!c[1].isEmpty()) {
                    assertEquals(Integer.parseInt(c[1]), r.statusCode(), r.body());
                    assertTrue(body(r).path("message").asText().contains(c[2]), r.body());
                }
            }
        }
        assertEquals(before, server.pointerBytes());
    }
}
