package dev.cuecast.api;

import static dev.cuecast.api.TestServer.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.coverage.CoverageSource;
import dev.cuecast.timebase.TimeBase;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cuecast.cue.Pointer;
import dev.cuecast.publish.CachePolicy;
import dev.cuecast.publish.ForwardingObjectStore;
import dev.cuecast.publish.PublisherConfig;
import dev.cuecast.publish.VersionConflictException;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ?dry_run=true} previews exactly what GO would publish; {@code /api/timeline} loads several cues at once. */
class PreviewAndTimelineTest {
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


    private static String withoutPublishId(String state) {
        return state.replaceFirst(",\"publish_id\":\"[^\"]*\"", "");
    }

    private String stateBytes(long version) {
        return new String(server.store.get("states/" + version + ".json").orElseThrow().body(), StandardCharsets.UTF_8);
    }

    @Test
    void a_dry_run_answers_the_exact_state_go_then_publishes_and_writes_nothing() {
        assertEquals(201, server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#102030\"}").statusCode());
        String pointerBefore = server.pointerBytes();
        String cue = "{\"mode\":\"strobe\",\"color\":\"#FFFFFF\",\"period_ms\":600,\"lead_ms\":4000}";

        HttpResponse<String> preview = server.post("/api/cues?dry_run=true", cue);
        assertEquals(200, preview.statusCode(), preview.body());
        assertEquals(pointerBefore, server.pointerBytes(), "a dry run writes nothing");
        JsonNode state = body(preview);
        assertEquals(2, state.path("version").asLong());
        assertEquals(2, state.path("cues").size());

        HttpResponse<String> go = server.post("/api/cues", cue);
        assertEquals(201, go.statusCode(), go.body());
        assertEquals(2, body(go).path("version").asLong());
        // the fixed clock makes "now" the same for both: the preview is byte for byte what GO wrote, but for the
        // random publish id each real write carries
        assertEquals(withoutPublishId(preview.body()), withoutPublishId(stateBytes(2)));
    }

    @Test
    void a_dry_run_refuses_exactly_what_go_refuses() {
        for (String bad : new String[] {
                "{\"mode\":\"strobe\",\"color\":\"#FFFFFF\",\"period_ms\":100}",
                "{\"mode\":\"solid\",\"colour\":\"#FFFFFF\"}",
                "{\"mode\":\"solid\",\"color\":\"red\"}",
                "{\"mode\":\"solid\",\"color\":\"#FFFFFF\",\"effective_at\":" + (NOW_MS - 60_000) + "}"}) {
            HttpResponse<String> dry = server.post("/api/cues?dry_run=true", bad);
            HttpResponse<String> go = server.post("/api/cues", bad);
            assertTrue(dry.statusCode() >= 400 && dry.statusCode() < 500, dry.body());
            assertEquals(go.statusCode(), dry.statusCode(), bad);
            assertEquals(go.body(), dry.body(), bad);
        }
        assertEquals("none", server.pointerBytes(), "nothing was published");
    }

    @Test
    void dry_run_takes_only_true_or_false() {
        HttpResponse<String> res = server.post("/api/cues?dry_run=yes", "{\"mode\":\"off\"}");
        assertEquals(422, res.statusCode());
        assertEquals("none", server.pointerBytes());
    }

    @Test
    void a_timeline_becomes_pending_cues_in_one_version() {
        String timeline = "{\"cues\":["
                + "{\"mode\":\"solid\",\"color\":\"#00FF00\",\"effective_at\":" + (NOW_MS + 20_000) + "},"
                + "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"effective_at\":" + (NOW_MS + 10_000) + "},"
                + "{\"mode\":\"pulse\",\"color\":\"#0000FF\",\"period_ms\":1000,\"lead_ms\":30000}]}";
        HttpResponse<String> dry = server.post("/api/timeline?dry_run=true", timeline);
        assertEquals(200, dry.statusCode(), dry.body());
        assertEquals("none", server.pointerBytes());

        HttpResponse<String> res = server.post("/api/timeline", timeline);
        assertEquals(201, res.statusCode(), res.body());
        assertEquals(1, body(res).path("version").asLong());
        assertEquals(NOW_MS + 10_000, body(res).path("effective_at").asLong(), "the first cue's time");
        assertEquals(withoutPublishId(dry.body()), withoutPublishId(stateBytes(1)));
        JsonNode cues = body(dry).path("cues");
        assertEquals(3, cues.size());
        assertEquals("#FF0000", cues.get(0).path("color").asText());
        assertEquals("#00FF00", cues.get(1).path("color").asText());
        assertEquals("pulse", cues.get(2).path("mode").asText());
    }

    @Test
    void a_timeline_with_one_bad_cue_publishes_none_and_names_it() {
        String timeline = "{\"cues\":[{\"mode\":\"solid\",\"color\":\"#00FF00\",\"lead_ms\":1000},"
                + "{\"mode\":\"strobe\",\"color\":\"#FFFFFF\",\"period_ms\":100,\"lead_ms\":2000}]}";
        HttpResponse<String> res = server.post("/api/timeline", timeline);
        assertEquals(422, res.statusCode(), res.body());
        assertTrue(body(res).path("message").asText().startsWith("cues[1]"), res.body());
        assertEquals(422, server.post("/api/timeline", "{\"cues\":[]}").statusCode());
        assertEquals(422, server.post("/api/timeline", "{\"cues\":[{\"mode\":\"off\",\"colour\":\"#000000\"}]}").statusCode());
        assertEquals("none", server.pointerBytes(), "all or nothing");
    }

    private static String offCues(int count, long firstLead) {
        StringBuilder b = new StringBuilder("{\"cues\":[");
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : ",").append("{\"mode\":\"off\",\"lead_ms\":").append(firstLead + i * 1_000L).append('}');
        }
        return b.append("]}").toString();
    }

    @Test
    void a_timeline_beyond_the_pending_limit_is_refused_not_truncated() {
        HttpResponse<String> first = server.post("/api/timeline", offCues(1_000, 1_000));
        assertEquals(201, first.statusCode(), first.body());
        String pointer = server.pointerBytes();
        HttpResponse<String> more = server.post("/api/timeline", offCues(30, 2_000_000));
        assertEquals(422, more.statusCode(), more.body());
        assertTrue(body(more).path("message").asText().contains("pending"), more.body());
        assertEquals(pointer, server.pointerBytes(), "nothing of the second timeline was published");
    }

    @Test
    void a_flash_refusal_is_the_same_in_a_dry_run_and_names_the_earliest_time() {
        // each cue alone is fine; together white/black/white/black within a second flashes too often
        StringBuilder tl = new StringBuilder("{\"cues\":[");
        for (int i = 0; i < 8; i++) {
            tl.append(i == 0 ? "" : ",").append("{\"mode\":\"solid\",\"color\":\"").append(i % 2 == 0 ? "#FFFFFF" : "#000000")
                    .append("\",\"effective_at\":").append(NOW_MS + 5_000 + i * 100L).append('}');
        }
        String body = tl.append("]}").toString();
        HttpResponse<String> dry = server.post("/api/timeline?dry_run=true", body);
        HttpResponse<String> real = server.post("/api/timeline", body);
        assertEquals(422, real.statusCode(), real.body());
        assertEquals("flash_limit", body(real).path("error").asText(), real.body());
        assertEquals(real.body(), dry.body());
        assertEquals("none", server.pointerBytes());
    }

    /** Reads answer at once; every write hangs until the test ends (a store far slower than any publish deadline). */
    private static final class HangingWrites extends ForwardingObjectStore {
        private final CountDownLatch released = new CountDownLatch(1);

        HangingWrites() {
            super(new MemoryStore());
        }

        @Override
        public String createOnly(String key, byte[] body, CachePolicy policy) throws VersionConflictException {
            hang();
            return super.createOnly(key, body, policy);
        }

        @Override
        public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag) throws VersionConflictException {
            hang();
            return super.replaceIfMatch(key, body, policy, etag);
        }

        private void hang() {
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void a_dry_run_on_a_store_too_slow_for_any_deadline_answers_its_preview_not_a_504() throws Exception {
        HangingWrites store = new HangingWrites();
        Clock clock = Clock.systemUTC();
        PublisherConfig publisherConfig = new PublisherConfig(2, 1_000, 1_000, 86_400_000L,
                500, 1_000, 1_000, 1_000, 500, 200, PublisherConfig.MAX_STATE_BYTES);
        Services services = Services.of(publisherConfig, store, TimeBase.local(clock), clock, CoverageSource.none());
        Javalin app = ControlApi.create(ApiConfig.of(TestServer.TOKEN), services).start("127.0.0.1", 0);
        try {
            HttpClient http = HttpClient.newHttpClient();
            String cue = "{\"mode\":\"pulse\",\"color\":\"#3E4512\",\"period_ms\":1368,\"lead_ms\":1500}";
            HttpResponse<String> preview = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/cues?dry_run=true"))
                    .header("Authorization", "Bearer " + TestServer.TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(cue)).build(), HttpResponse.BodyHandlers.ofString());
            // A preview publishes nothing, so no publish deadline applies to it: the operator sees what GO would send
            assertEquals(200, preview.statusCode(), preview.body());
            assertEquals("pulse", body(preview).path("cues").path(0).path("mode").asText(), preview.body());

            HttpResponse<String> go = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/cues"))
                    .header("Authorization", "Bearer " + TestServer.TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(cue)).build(), HttpResponse.BodyHandlers.ofString());
            // the same cue as a GO on this store cannot be visible in time: the contract's 504, nothing visible
            assertEquals(504, go.statusCode(), go.body());
            assertTrue(go.body().contains("\"error\":\"deadline_exceeded\""), go.body());
            assertTrue(store.get(Pointer.KEY).isEmpty(), "nothing published");
        } finally {
            store.released.countDown();
            app.stop();
        }
    }
}
