package dev.cuecast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cuecast.coverage.CoverageSource;
import dev.cuecast.publish.Publisher;
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
        Metrics metrics = new Metrics();
        MemoryStore store = new MemoryStore();
        Publisher publisher = Publisher.create(PublisherConfig.defaults(), store, clock);
        app = ControlApi.create(ApiConfig.of(TestServer.TOKEN), publisher, store, clock, metrics, coverage).start("127.0.0.1", 0);
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
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/cues"))
                .header("Authorization", "Bearer " + TestServer.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"solid\",\"color\":\"#FF0000\",\"lead_ms\":3000}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
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
        StringBuilder lines = new StringBuilder();
        for (int phone = 0; phone < 10; phone++) {
            String id = String.format("%016x", 0xabc000L + phone);
            lines.append("1767225600.").append(100 + phone).append(" GET /live/pointer.json 200 HIT 0.000 99 p=").append(id).append('\n');
            if (phone < 7) {
                lines.append("1767225600.").append(200 + phone).append(" GET /states/1.json 200 HIT 0.000 400 p=").append(id).append('\n');
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
