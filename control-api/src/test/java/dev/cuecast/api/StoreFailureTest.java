package dev.cuecast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.coverage.CoverageSource;
import dev.cuecast.timebase.TimeBase;
import dev.cuecast.publish.CachePolicy;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.PublisherConfig;
import dev.cuecast.publish.StoredObject;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A store that is down answers 503 with what happened, never a 500, and nothing is acknowledged. */
class StoreFailureTest {
    private static final class DownStore implements ObjectStore {
        @Override
        public Optional<StoredObject> get(String key) {
            throw new UncheckedIOException(new IOException("disk unplugged"));
        }

        @Override
        public String createOnly(String key, byte[] body, CachePolicy policy) {
            throw new UncheckedIOException(new IOException("disk unplugged"));
        }

        @Override
        public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag) {
            throw new UncheckedIOException(new IOException("disk unplugged"));
        }

        @Override
        public List<String> list(String prefix) {
            throw new UncheckedIOException(new IOException("disk unplugged"));
        }

        @Override
        public void delete(String key) {
        }
    }

    @Test
    void every_route_that_touches_a_failed_store_answers_503_and_health_says_why() throws Exception {
        Clock clock = Clock.systemUTC();
        PublisherConfig publisherConfig = new PublisherConfig(2, 1_000, 1_000, 86_400_000L,
                500, 1_500, 3_000, 1_000, 500, 200, PublisherConfig.MAX_STATE_BYTES);
        Services services = Services.of(publisherConfig, new DownStore(), TimeBase.local(clock), clock, CoverageSource.none());
        Javalin app = ControlApi.create(ApiConfig.of("tok"), services).start("127.0.0.1", 0);
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + app.port();
            String[][] requests = {
                    {"POST", "/api/cues", "{\"mode\":\"off\"}"}, {"POST", "/api/blackout", ""},
                    {"POST", "/api/settings", "{\"poll_ms\":1000}"}, {"POST", "/api/draws", "{\"seats\":10,\"count\":1}"},
                    {"GET", "/api/state", null}, {"GET", "/api/history", null}, {"GET", "/api/draws/d1/seats/1", null},
                    {"GET", "/live/pointer.json", null}, {"GET", "/states/1.json", null}};
            for (String[] r : requests) {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + r[1]))
                        .header("Authorization", "Bearer tok").header("Content-Type", "application/json")
                        .method(r[0], r[2] == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(r[2]))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(503, res.statusCode(), r[0] + " " + r[1] + " -> " + res.body());
                assertTrue(res.body().contains("\"error\":\"") && res.body().contains("disk unplugged"), res.body());
            }
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, health.statusCode(), "health reflects the store: " + health.body());
            assertTrue(health.body().contains("disk unplugged"), "and says why: " + health.body());
        } finally {
            app.stop();
        }
    }
}
