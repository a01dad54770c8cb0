package dev.cuecast.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.PublisherConfig;
import dev.cuecast.coverage.CoverageSource;
import dev.cuecast.timebase.TimeBase;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/** The real server on a free loopback port, an in-memory store and a fixed clock; one per test class. */
final class TestServer implements AutoCloseable {
    static final String TOKEN = "test-operator-token";
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    final ObjectStore store;
    final Javalin app;
    final Clock clock;
    final String origin;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Login throttling relaxed: these tests send many wrong tokens on purpose (LoginThrottleTest keeps the default). */
    TestServer() {
        this(ApiConfig.of(TOKEN).withMaxLoginFailures(1_000_000, 1_000_000));
    }

    TestServer(ApiConfig config) {
        this(config, TimeBase.local(Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    /** Cues stamped on {@code timeBase}; this host's own clock (its /time) stays at NOW. */
    TestServer(ApiConfig config, TimeBase timeBase) {
        this(config, timeBase, new MemoryStore());
    }

    /** Over {@code backing} (a store that injects faults, or a directory shared with a second server). */
    TestServer(ApiConfig config, TimeBase timeBase, ObjectStore backing) {
        this.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Services services = Services.of(PublisherConfig.defaults(), backing, timeBase, clock, CoverageSource.none());
        this.store = services.store();
        this.app = ControlApi.create(config, services).start("127.0.0.1", 0);
        this.origin = "http://127.0.0.1:" + app.port();
    }

    /** The answer's body as JSON; a body that is not JSON fails the test with the body in the message. */
    static JsonNode body(HttpResponse<String> res) {
        try {
            return JSON.readTree(res.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + res.body(), e);
        }
    }

    /** The pointer's bytes as the store holds them, or "none" before the first publish. */
    String pointerBytes() {
        return store.get(dev.cuecast.cue.Pointer.KEY)
                .map(o -> new String(o.body(), java.nio.charset.StandardCharsets.UTF_8)).orElse("none");
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(origin + path)).GET());
    }

    HttpResponse<String> getAuthed(String path) {
        return send(HttpRequest.newBuilder(URI.create(origin + path)).header("Authorization", "Bearer " + TOKEN).GET());
    }

    /** POST with the token and a JSON body. */
    HttpResponse<String> post(String path, String json) {
        return post(path, json, b -> { });
    }

    HttpResponse<String> post(String path, String json, Consumer<HttpRequest.Builder> extra) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        extra.accept(b);
        return send(b);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
