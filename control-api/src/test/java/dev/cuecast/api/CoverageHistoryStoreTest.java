package dev.cuecast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.timebase.TimeBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cuecast.coverage.CoverageHistory;
import dev.cuecast.coverage.CoverageSource;
import dev.cuecast.publish.CachePolicy;
import dev.cuecast.publish.ForwardingObjectStore;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.StoredObject;
import dev.cuecast.publish.VersionConflictException;
import dev.cuecast.publish.PublisherConfig;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coverage history lives in the store (issue 20, item 12): it survives a restart of the control API, and a
 * second station on the same store sees it, drops another station's pending cues with its BLACKOUT, and takes the
 * reading of a cue whose station died before its effective_at.
 */
class CoverageHistoryStoreTest {
    private final ObjectStore store = new MemoryStore();
    private final List<Javalin> apps = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        apps.forEach(Javalin::stop);
    }

    /** A station's view of the shared store: once it is dead, nothing it does reaches the store any more. */
    private static final class Reach extends ForwardingObjectStore {
        volatile boolean dead;

        Reach(ObjectStore delegate) {
            super(delegate);
        }

        private void alive() {
            if (dead) {
                throw new java.io.UncheckedIOException(new java.io.IOException("this station is dead"));
            }
        }

        @Override
        public java.util.Optional<StoredObject> get(String key) {
            alive();
            return super.get(key);
        }

        @Override
        public String createOnly(String key, byte[] body, CachePolicy policy) throws VersionConflictException {
            alive();
            return super.createOnly(key, body, policy);
        }

        @Override
        public List<String> list(String prefix) {
            alive();
            return super.list(prefix);
        }
    }

    private final java.util.Map<Javalin, Reach> reach = new java.util.HashMap<>();

    /** A control API (a station) on the shared store. */
    private Javalin station() {
        Clock clock = Clock.fixed(TestServer.NOW, ZoneOffset.UTC);
        Reach view = new Reach(store);
        Services services = Services.of(PublisherConfig.defaults(), view, TimeBase.local(clock), clock, CoverageSource.none());
        Javalin app = ControlApi.create(ApiConfig.of(TestServer.TOKEN), services).start("127.0.0.1", 0);
        apps.add(app);
        reach.put(app, view);
        return app;
    }

    /** The station dies: its server stops and nothing it still has scheduled reaches the store. */
    private void kill(Javalin app) {
        reach.get(app).dead = true;
        app.stop();
    }

    private HttpResponse<String> send(Javalin app, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Authorization", "Bearer " + TestServer.TOKEN);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long publish(Javalin app, String path, String body) throws Exception {
        HttpResponse<String> res = send(app, "POST", path, body);
        assertEquals(201, res.statusCode(), res.body());
        return json.readTree(res.body()).path("version").asLong();
    }

    private long cue(Javalin app, long leadMs) throws Exception {
        return publish(app, "/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"lead_ms\":" + leadMs + "}");
    }

    /** The history as {@code app} answers it, once {@code until} holds (bounded: 10 s). */
    private JsonNode history(Javalin app, Predicate<JsonNode> until) throws Exception {
        JsonNode entries = null;
        for (int i = 0; i < 200; i++) {
            entries = json.readTree(send(app, "GET", "/api/coverage/history", null).body()).get("entries");
            if (until.test(entries)) {
                return entries;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the history never became as expected: " + entries);
    }

    private static JsonNode entry(JsonNode entries, long version) {
        for (JsonNode e : entries) {
            if (e.get("version").asLong() == version) {
                return e;
            }
        }
        return null;
    }

    private static boolean read(JsonNode entries, long version) {
        JsonNode e = entry(entries, version);
        return e != null && !e.get("coverage").isNull();
    }

    private static boolean droppedBy(JsonNode entries, long version, long by) {
        JsonNode e = entry(entries, version);
        return e != null && e.get("dropped_by").asLong() == by && e.get("coverage").isNull();
    }

    @Test
    void the_coverage_history_survives_a_restart_and_a_second_station_on_the_store_sees_and_extends_it() throws Exception {
        Javalin main = station();
        long read = cue(main, 300); // v1: its reading is taken at effective_at
        long pending = cue(main, 60_000); // v2: still pending
        history(main, e -> read(e, read));
        assertTrue(store.get(CoverageHistory.entryKey(read)).isPresent(), "the reading is an object in the store");

        Javalin standby = station();
        JsonNode seen = history(standby, e -> read(e, read) && entry(e, pending) != null);
        assertTrue(entry(seen, pending).get("coverage").isNull(), "the standby sees v2 waiting: " + seen);

        long blackout = publish(standby, "/api/blackout", null); // the standby's BLACKOUT drops main's pending cue
        history(standby, e -> droppedBy(e, pending, blackout));
        history(main, e -> droppedBy(e, pending, blackout));

        kill(main);
        Javalin restarted = station();
        JsonNode after = history(restarted, e -> read(e, read) && droppedBy(e, pending, blackout));
        assertEquals(List.of(pending, read), List.of(after.get(0).get("version").asLong(), after.get(1).get("version").asLong()),
                "newest first, the same after a restart: " + after);
    }

    @Test
    void a_standby_takes_the_reading_of_a_cue_whose_station_died_before_its_effective_at() throws Exception {
        Javalin main = station();
        Javalin standby = station();
        long due = cue(main, 1_000);
        history(standby, e -> entry(e, due) != null); // the standby learns from the store that v1's reading is due
        kill(main); // and main dies before effective_at: its own reading never reaches the store
        JsonNode entries = history(standby, e -> read(e, due));
        assertTrue(entry(entries, due).get("coverage").get("message").asText().startsWith("coverage unknown"),
                "the standby's own reading (it has no log source): " + entries);
        assertTrue(store.get(CoverageHistory.entryKey(due)).isPresent());
    }
}
