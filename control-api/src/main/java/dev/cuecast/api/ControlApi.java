package dev.cuecast.api;

import dev.cuecast.coverage.CoverageSource;
import dev.cuecast.json.CanonicalJson;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.Publisher;
import dev.cuecast.timebase.TimeBase;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.eclipse.jetty.io.ByteBufferPool;

/**
 * The control API server: operator API, operator page, {@code /time}, the local origin (pointer and states)
 * and the PWA. This class wires the parts and holds the route table; handlers live by capability
 * ({@link ShowHandlers}, {@link ReadHandlers}, {@link DrawHandlers}, {@link OperatorPage}), request parsing in
 * {@link Requests}, and every error status in {@link ApiError} (rendered by {@link ErrorMapper}).
 */
public final class ControlApi {
    static final String ACTOR_HEADER = Requests.ACTOR_HEADER;

    private ControlApi() {
    }

    /**
     * A configured, not yet started server. {@code store} is the store {@code publisher} writes to (wrap it in
     * {@link MeteredObjectStore} before building the publisher to count conflicts).
     */
    public static Javalin create(ApiConfig config, Publisher publisher, ObjectStore store, Clock clock, Metrics metrics) {
        return create(config, publisher, store, clock, metrics, CoverageSource.none());
    }

    /** As above, with the log source behind {@code GET /api/coverage} (see {@link CoverageSource}). */
    public static Javalin create(ApiConfig config, Publisher publisher, ObjectStore store, Clock clock, Metrics metrics,
                                 CoverageSource coverage) {
        return create(config, publisher, store, TimeBase.local(clock), clock, metrics, coverage);
    }

    /**
     * The same, stamping cues on {@code timeBase} (the phones' time source; {@code publisher} must use its clock too)
     * and refusing them while it is unsynced. {@code hostClock} serves this server's own {@code /time}.
     */
    public static Javalin create(ApiConfig config, Publisher publisher, ObjectStore store, TimeBase timeBase,
                                 Clock hostClock, Metrics metrics, CoverageSource coverage) {
        return create(config, publisher, store, timeBase, hostClock, metrics, coverage, ByteBufferPool.NON_POOLING);
    }

    /**
     * As above, with the connector's buffers from {@code buffers}: only KeepAliveShiftBench passes anything but
     * {@link ByteBufferPool#NON_POOLING}, to measure Jetty's pooled buffers beside it (see {@link UnpooledConnector}).
     */
    static Javalin create(ApiConfig config, Publisher publisher, ObjectStore store, TimeBase timeBase,
                          Clock hostClock, Metrics metrics, CoverageSource coverage, ByteBufferPool buffers) {
        Clock clock = timeBase.clock();
        CanonicalJson json = new CanonicalJson();
        Requests requests = new Requests(json, config.maxRequestBytes());
        Writes writes = new Writes(new Idempotency(config.idempotencyKeys(), clock));
        Draws draws = new Draws(store, json, new SecureRandom(), clock);
        CoverageEndpoint coverageEndpoint = new CoverageEndpoint(coverage, publisher, store, clock);
        Handlers h = new Handlers(
                new OperatorAuth(config.operatorToken(), clock, config.maxLoginFailures(), config.maxGlobalLoginFailures(), metrics),
                requests,
                new ShowHandlers(publisher, draws, requests, writes, metrics, timeBase, coverageEndpoint::published,
                        coverageEndpoint::pendingDropped, config.station()),
                new ReadHandlers(publisher, config.station()),
                coverageEndpoint,
                new DrawHandlers(draws, requests, writes, config.station()),
                new OperatorPage(config.publicUrl()),
                new TimeEndpoint(hostClock, metrics),
                new ClockStatus(timeBase),
                new Origin(store),
                new StaticFiles(config.pwaDir(), "pwa/", StaticFiles::pwaCacheControl),
                metrics,
                resource("openapi.json"));
        return Javalin.create(cfg -> {
            // Jetty caches header fields per connection, matched ignoring case by default: after
            // "Authorization: Bearer tok", a later "Bearer TOK" on that connection would read as "Bearer tok".
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setHeaderCacheCaseSensitive(true);
                // the connector's buffers are allocated per use (UnpooledConnector): on the heap that is a pointer
                // bump; a direct buffer per request costs a system call and a Cleaner, and showed in /time's p99
                http.setUseInputDirectByteBuffers(false);
                http.setUseOutputDirectByteBuffers(false);
            });
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = config.maxRequestBytes();
            cfg.http.prefer405over404 = true;
            cfg.jsonMapper(new JavalinJackson(json.mapper(), false));
            // read when the server starts, after start(host, port) has set them
            cfg.jetty.addConnector((server, http) -> UnpooledConnector.create(server, http, cfg.jetty.host, cfg.jetty.port, buffers));
            cfg.jetty.modifyServer(server -> {
                server.setErrorHandler(new JettyErrors(metrics, hostClock));
                server.setHandler(new HeadAsGet(new TimeFastPath(h.time(), server.getHandler())));
            });
            new ErrorMapper(metrics).register(cfg.routes);
            routes(cfg.routes, h);
        });
    }

    /** Everything a route points at, built once per server. */
    private record Handlers(OperatorAuth auth, Requests requests, ShowHandlers show, ReadHandlers reads,
                            CoverageEndpoint coverage, DrawHandlers draws, OperatorPage operator, TimeEndpoint time,
                            ClockStatus clock, Origin origin,
                            StaticFiles pwa, Metrics metrics, byte[] openApi) {
    }

    /** The route table: every path the server answers, in one place (kept in step with openapi.json by a test). */
    private static void routes(RoutesConfig r, Handlers h) {
        r.beforeMatched("/api/*", h.auth()::authorize);
        // the sheet costs real CPU per request: only the operator asks for it
        r.beforeMatched("/operator/qr", h.auth()::authorize);
        r.beforeMatched("/api/*", Requests::requireJson);
        r.beforeMatched("/api/*", h.requests()::refuseDeclaredOversize);
        r.beforeMatched("/api/*", h.requests()::readBody);
        r.after(Requests::drainUnread);

        // GET /time is answered by TimeFastPath before Javalin; the route keeps 405 for other methods and
        // the route table complete (OpenAPI test).
        r.get("/time", h.time()::handle);
        r.get("/health", h.reads()::health);
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(h.metrics().scrape()));
        r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(h.openApi()));

        r.post("/api/cues", h.show()::createCue);
        r.post("/api/timeline", h.show()::createTimeline);
        r.post("/api/undo", h.show()::undo);
        r.post("/api/blackout", h.show()::blackout);
        r.post("/api/settings", h.show()::settings);
        r.get("/api/state", h.reads()::state);
        r.get("/api/station", h.reads()::station);
        r.get("/api/clock", h.clock()::get);
        r.get("/api/history", h.reads()::history);
        r.get("/api/coverage", h.coverage()::handle);
        r.get("/api/coverage/history", h.coverage()::history);
        r.post("/api/draws", h.draws()::createDraw);
        r.get("/api/draws/{draw}/seats/{seat}", h.draws()::checkSeat);

        r.get("/live/pointer.json", h.origin()::pointer);
        r.get("/states/{version}.json", h.origin()::state);

        r.get("/operator", h.operator()::index);
        r.get("/operator/qr", h.operator()::qrSheet);
        r.get("/operator/{file}", h.operator()::file);

        r.get("/", ctx -> h.pwa().serve(ctx, "index.html"));
        r.get("/{file}", ctx -> h.pwa().serve(ctx, ctx.pathParam("file")));
        r.get("/lib/{file}", ctx -> h.pwa().serve(ctx, "lib/" + ctx.pathParam("file")));
        r.get("/icons/{file}", ctx -> h.pwa().serve(ctx, "icons/" + ctx.pathParam("file")));
    }

    private static byte[] resource(String name) {
        try (InputStream in = ControlApi.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
