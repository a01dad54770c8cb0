package dev.cuecast.api;

import dev.cuecast.api.http.Requests;
import dev.cuecast.api.http.Writes;
import dev.cuecast.api.operations.ClockStatus;
import dev.cuecast.api.operations.CoverageEndpoint;
import dev.cuecast.api.operations.DrawHandlers;
import dev.cuecast.api.operations.Draws;
import dev.cuecast.api.operations.Metrics;
import dev.cuecast.api.operations.Origin;
import dev.cuecast.api.operations.ReadHandlers;
import dev.cuecast.api.operations.TimeEndpoint;
import dev.cuecast.api.show.ShowHandlers;
import dev.cuecast.api.transport.JettyTransport;
import dev.cuecast.json.CanonicalJson;
import dev.cuecast.publish.Publisher;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The control API server: operator API, operator page, {@code /time}, the local origin (pointer and states) and the
 * PWA. {@link #create} builds the handlers from one {@link ApiConfig} and the {@link Services}, then lists every
 * route. The handlers live by capability:
 * <ul>
 * <li>{@code api.show}: what changes what the phones show (cues, timelines, undo, BLACKOUT, the polling hint);
 * <li>{@code api.operations}: everything read or run beside the show (health, metrics, state, history, coverage, the
 *     clock, draws and seat checks, the QR sheet, the station, the local origin, {@code /time});
 * <li>{@code api.http}: what every handler shares (strict request parsing, idempotent answers, the error table);
 * <li>{@code api.transport}: Jetty under Javalin (the connector, HEAD, {@code /time}'s fast path, Jetty's own errors);
 * <li>here: the token check ({@link TokenAuth}, {@link Role}), the error statuses ({@link ErrorMapper}), the
 *     operator page and the app's files.
 * </ul>
 */
public final class ControlApi {
    static final String ACTOR_HEADER = Requests.ACTOR_HEADER;

    private ControlApi() {
    }

    /** A configured, not yet started server: {@code create(config, services).start(host, port)}. */
    public static Javalin create(ApiConfig config, Services services) {
        Publisher publisher = services.publisher();
        Clock clock = services.timeBase().clock();
        Metrics metrics = services.metrics();
        CanonicalJson json = new CanonicalJson();

        // what every /api request goes through: a token (the operator's, or the staff's on a Role.STAFF route),
        // then its body, read and checked once
        TokenAuth auth = new TokenAuth(config.operatorToken(), config.staffToken(), clock, config.maxLoginFailures(),
                config.maxGlobalLoginFailures(), metrics);
        Requests requests = new Requests(json, config.maxRequestBytes());
        Writes writes = new Writes(config.idempotencyKeys(), clock);

        // the handlers, by capability
        Draws draws = new Draws(services.store(), json, new SecureRandom(), clock);
        CoverageEndpoint coverage = new CoverageEndpoint(services.coverage(), publisher, services.store(), clock);
        ShowHandlers show = new ShowHandlers(publisher, draws, requests, writes, metrics, services.timeBase(),
                coverage::published, coverage::pendingDropped, config.station());
        ReadHandlers reads = new ReadHandlers(publisher, config.station());
        DrawHandlers drawHandlers = new DrawHandlers(draws, requests, writes, config.station());
        ClockStatus clockStatus = new ClockStatus(services.timeBase());
        TimeEndpoint time = new TimeEndpoint(services.hostClock(), metrics);
        Origin origin = new Origin(services.store());
        OperatorPage operator = new OperatorPage(config.publicUrl());
        StaticFiles pwa = new StaticFiles(config.pwaDir(), "pwa/", StaticFiles::pwaCacheControl);
        byte[] openApi = resource("openapi.json");

        return Javalin.create(cfg -> {
            JettyTransport.configure(cfg, config.pooledBuffers(), metrics, services.hostClock(), time::answer);
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = config.maxRequestBytes();
            cfg.http.prefer405over404 = true;
            cfg.jsonMapper(new JavalinJackson(json.mapper(), false));
            new ErrorMapper(metrics).register(cfg.routes);

            // The route table: every path the server answers, in one place (kept in step with openapi.json by a test).
            RoutesConfig r = cfg.routes;
            r.beforeMatched("/api/*", auth::authorize);
            // the sheet costs real CPU per request: only the operator asks for it
            r.beforeMatched("/operator/qr", auth::authorize);
            r.beforeMatched("/api/*", Requests::requireJson);
            r.beforeMatched("/api/*", requests::refuseDeclaredOversize);
            r.beforeMatched("/api/*", requests::readBody);
            r.after(Requests::drainUnread);

            // GET /time is answered by TimeFastPath before Javalin; the route keeps 405 for other methods and
            // the route table complete (OpenAPI test).
            r.get("/time", time::handle);
            r.get("/health", reads::health);
            r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
            r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));

            r.post("/api/cues", show::createCue);
            r.post("/api/timeline", show::createTimeline);
            r.post("/api/undo", show::undo);
            r.post("/api/blackout", show::blackout);
            r.post("/api/settings", show::settings);
            // Role.STAFF: the read-only staff token may call it too (the operator's token may call every route)
            r.get("/api/state", reads::state, Role.STAFF);
            r.get("/api/station", reads::station, Role.STAFF);
            r.get("/api/clock", clockStatus::get, Role.STAFF);
            r.get("/api/history", reads::history, Role.STAFF);
            r.get("/api/coverage", coverage::handle, Role.STAFF);
            r.get("/api/coverage/history", coverage::history, Role.STAFF);
            r.post("/api/draws", drawHandlers::createDraw);
            r.get("/api/draws/{draw}/seats/{seat}", drawHandlers::checkSeat, Role.STAFF);

            r.get("/live/pointer.json", origin::pointer);
            r.get("/states/{version}.json", origin::state);

            r.get("/operator", operator::index);
            r.get("/operator/qr", operator::qrSheet);
            r.get("/operator/{file}", operator::file);

            r.get("/", ctx -> pwa.serve(ctx, "index.html"));
            r.get("/{file}", ctx -> pwa.serve(ctx, ctx.pathParam("file")));
            r.get("/lib/{file}", ctx -> pwa.serve(ctx, "lib/" + ctx.pathParam("file")));
            r.get("/icons/{file}", ctx -> pwa.serve(ctx, "icons/" + ctx.pathParam("file")));
        });
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
