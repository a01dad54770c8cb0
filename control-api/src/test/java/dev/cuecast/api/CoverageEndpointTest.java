package dev.cuecast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.timebase.TimeBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cuecast.coverage.CoverageSource;
import dev.cuecast.publish.PublisherConfig;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoverageEndpointTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Javalin app;
    private CoverageSource source;

    private String start(CoverageSource coverage) {
        source = coverage;
        Clock clock = Clock.fixed(TestServer.NOW, ZoneOffset.UTC);
        Services services = Services.of(PublisherConfig.defaults(), new MemoryStore(), TimeBase.local(clock), clock, coverage);
        app = ControlApi.create(ApiConfig.of(TestServer.TOKEN), services).start("127.0.0.1", 0);
        return "http://127.0.0.1:" + app.port();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
        if (source != null) {
            source.close();
        }
    }

    private HttpResponse<String> get(String url, boolean authed) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (authed) {
            b.header("Authorization", "Bearer " + TestServer.TOKEN);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void publishCue(String base) throws IOException, InterruptedException {
        publishCue(base, 3000);
    }

    private void publishCue(String base, long leadMs) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/cues"))
                .header("Authorization", "Bearer " + TestServer.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"solid\",\"color\":\"#FF0000\",\"lead_ms\":" + leadMs + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
    }

    private String epoch(String base) throws IOException, InterruptedException {
        return json.readTree(get(base + "/live/pointer.json", false).body()).get("epoch").asText();
    }

    /** Polls GET /api/coverage until {@code active} phones are counted (the tailer reads every 200 ms). */
    private JsonNode coverageOf(String url, long active) throws Exception {
        JsonNode c = null;
        for (int i = 0; i < 100; i++) {
            c = json.readTree(get(url, true).body());
            if (c.get("active").asLong() == active) {
                break;
            }
            Thread.sleep(100);
        }
        return c;
    }

    @Test
    void only_phones_holding_a_version_of_the_pointers_epoch_count_as_holding_it() throws Exception {
        Path log = dir.resolve("coverage.log");
        String base = start(CoverageSource.edgeLog(log, 1.0));
        publishCue(base); // v1 of this store's epoch
        String epoch = epoch(base);
        StringBuilder lines = new StringBuilder();
        for (int phone = 0; phone < 10; phone++) {
            String id = String.format("%016x", 0xe00000L + phone);
            // 4 phones hold v1 of this epoch; 6 still hold v57 of a store that was rebuilt (a higher version number)
            String query = phone < 4 ? "p=" + id + "&h=1&e=" + epoch : "p=" + id + "&h=57&e=OldEpoch_1";
            lines.append("1767225600.").append(100 + phone).append(" GET /live/pointer.json 200 HIT 0.000 99 ").append(query).append('\n');
        }
        Files.writeString(log, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        JsonNode c = coverageOf(base + "/api/coverage?version=1", 10);
        assertEquals(10, c.get("active").asLong(), c.toString());
        assertEquals(0.4, c.get("share").asDouble(), 1e-9, "v57 of the old epoch does not hold v1 of this one: " + c);
        assertEquals(4, c.get("holding").asLong());
    }

    private JsonNode history(String base, java.util.function.Predicate<JsonNode> until) throws Exception {
        JsonNode entries = null;
        for (int i = 0; i < 100; i++) {
            entries = json.readTree(get(base + "/api/coverage/history", true).body()).get("entries");
            if (until.test(entries)) {
                break;
            }
            Thread.sleep(100);
        }
        return entries;
    }

    @Test
    void the_coverage_at_each_cues_effective_at_is_kept_by_the_server_each_at_its_own() throws Exception {
        Path log = dir.resolve("coverage.log");
        String base = start(CoverageSource.edgeLog(log, 1.0));
        publishCue(base, 60_000); // v1, still pending when v2 takes effect
        publishCue(base, 1500); // v2
        String epoch = epoch(base);
        StringBuilder lines = new StringBuilder();
        for (int phone = 0; phone < 8; phone++) {
            String id = String.format("%016x", 0xf00000L + phone);
            lines.append("1767225600.").append(100 + phone).append(" GET /live/pointer.json 200 HIT 0.000 99 p=").append(id)
                    .append(phone < 6 ? "&h=2&e=" + epoch : "&h=1&e=" + epoch).append('\n');
        }
        Files.writeString(log, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        coverageOf(base + "/api/coverage?version=2", 8); // the log is read before v2's effective_at

        JsonNode entries = history(base, e -> e.size() == 2 && !e.get(1).get("coverage").isNull());
        assertEquals(2, entries.size(), entries.toString());
        JsonNode v1 = entries.get(0);
        assertEquals(1, v1.get("version").asLong(), "v1 is still waiting for its effective_at: " + entries);
        assertTrue(v1.get("coverage").isNull() && v1.get("dropped_by").isNull());
        JsonNode v2 = entries.get(1);
        assertEquals(2, v2.get("version").asLong());
        assertEquals(TestServer.NOW.toEpochMilli() + 1500, v2.get("effective_at").asLong());
        assertEquals(0.75, v2.get("coverage").get("share").asDouble(), 1e-9, entries.toString());
        assertTrue(v2.get("dropped_by").isNull());
        assertEquals(401, get(base + "/api/coverage/history", false).statusCode());
    }

    private void post(String base, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + TestServer.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
    }

    @Test
    void a_blackout_or_an_undo_drops_the_pending_cues_and_the_history_says_so_instead_of_a_reading() throws Exception {
        String base = start(CoverageSource.none());
        publishCue(base, 60_000); // v1
        publishCue(base, 60_000); // v2
        post(base, "/api/blackout", ""); // v3
        publishCue(base, 60_000); // v4
        post(base, "/api/undo", "{\"version\":3}"); // v5: back to the blackout, v4's cue dropped
        JsonNode entries = history(base, e -> true);
        assertEquals(3, entries.size(), entries.toString());
        assertEquals(4, entries.get(0).get("version").asLong());
        assertEquals(5, entries.get(0).get("dropped_by").asLong(), entries.toString());
        for (int i = 1; i < 3; i++) {
            assertEquals(3 - i, entries.get(i).get("version").asLong(), entries.toString());
            assertEquals(3, entries.get(i).get("dropped_by").asLong(), entries.toString());
            assertTrue(entries.get(i).get("coverage").isNull());
        }
    }

    @Test
    void without_a_log_source_the_history_says_coverage_unknown_with_no_figure() throws Exception {
        String base = start(CoverageSource.none());
        publishCue(base, 300);
        JsonNode entries = null;
        for (int i = 0; i < 100; i++) {
            entries = json.readTree(get(base + "/api/coverage/history", true).body()).get("entries");
            if (entries.size() == 1 && !entries.get(0).get("coverage").isNull()) {
                break;
            }
            Thread.sleep(100);
        }
        JsonNode c = entries.get(0).get("coverage");
        assertTrue(c.get("share").isNull() && c.get("active").isNull(), c.toString());
        assertTrue(c.get("message").asText().startsWith("coverage unknown"), c.toString());
    }

    @Test
    void without_a_log_source_coverage_is_unknown_and_every_figure_is_null() throws Exception {
        String base = start(CoverageSource.none());
        HttpResponse<String> r = get(base + "/api/coverage?version=3", true);
        assertEquals(200, r.statusCode());
        JsonNode c = json.readTree(r.body());
        assertEquals(3, c.get("version").asLong());
        for (String field : new String[]{"active", "holding", "share", "sampling", "as_of", "source"}) {
            assertTrue(c.get(field).isNull(), field + " must be null, not made up: " + r.body());
        }
        assertTrue(c.get("message").asText().startsWith("coverage unknown"), r.body());
    }

    @Test
    void the_share_of_polling_phones_holding_the_version_comes_from_the_edge_log() throws Exception {
        Path log = dir.resolve("coverage.log");
        String base = start(CoverageSource.edgeLog(log, 1.0));
        publishCue(base); // v1, poll_ms 1000
        String epoch = epoch(base);
        StringBuilder lines = new StringBuilder();
        for (int phone = 0; phone < 10; phone++) {
            String id = String.format("%016x", 0xabc000L + phone);
            lines.append("1767225600.").append(100 + phone).append(" GET /live/pointer.json 200 HIT 0.000 99 p=").append(id).append('\n');
            if (phone < 7) {
                lines.append("1767225600.").append(200 + phone).append(" GET /states/1.json 200 HIT 0.000 400 p=").append(id)
                        .append("&e=").append(epoch).append('\n');
            }
        }
        Files.writeString(log, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);

        JsonNode c = null;
        for (int i = 0; i < 100; i++) { // the tailer reads every 200 ms: at most 10 s on a loaded machine
            c = json.readTree(get(base + "/api/coverage", true).body());
            if (c.get("active").asLong() == 10) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(1, c.get("version").asLong(), "the current version by default");
        assertEquals(10, c.get("active").asLong());
        assertEquals(7, c.get("holding").asLong());
        assertEquals(0.7, c.get("share").asDouble(), 1e-9);
        assertEquals(1.0, c.get("sampling").asDouble());
        assertEquals(1767225600206L, c.get("as_of").asLong(), "the newest record read");
        assertEquals("edge-log", c.get("source").asText());
    }

    @Test
    void a_bad_version_is_a_422_saying_what_to_send_and_the_token_is_required() throws Exception {
        String base = start(CoverageSource.none());
        HttpResponse<String> bad = get(base + "/api/coverage?version=abc", true);
        assertEquals(422, bad.statusCode());
        assertTrue(bad.body().contains("version must be a positive integer"), bad.body());
        HttpResponse<String> none = get(base + "/api/coverage", true);
        assertEquals(422, none.statusCode(), "nothing published and no version asked for");
        assertTrue(none.body().contains("pass ?version=N"), none.body());
        assertEquals(401, get(base + "/api/coverage?version=1", false).statusCode());
    }
}
