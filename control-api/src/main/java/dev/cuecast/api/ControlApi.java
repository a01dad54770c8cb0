package dev.cuecast.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cuecast.coverage.CoverageSource;
import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Limits;
import dev.cuecast.cue.Mode;
import dev.cuecast.cue.Winners;
import dev.cuecast.cue.WinnersBitset;
import dev.cuecast.json.CanonicalJson;
import dev.cuecast.publish.CachePolicy;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.Published;
import dev.cuecast.publish.Publisher;
import dev.cuecast.publish.Snapshot;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The control API server: operator API, operator page, {@code /time}, the local origin (pointer and states)
 * and the PWA. Handlers decode a loose request, build the domain value, call the publisher and render;
 * {@link ErrorMapper} owns every error status.
 */
public final class ControlApi {
    static final String ACTOR_HEADER = "X-Cuecast-Actor";
    private static final Pattern ACTOR = Pattern.compile("[\\p{L}\\p{N} ._@-]{1,40}");
    private static final int MAX_HISTORY = 1_000;

    private final ApiConfig config;
    private final Publisher publisher;
    private final CanonicalJson json = new CanonicalJson();
    private final Clock clock;
    private final Metrics metrics;
    private final Draws draws;
    private final Idempotency idempotency;
    private final byte[] tokenDigest;
    private final byte[] openApi;

    private ControlApi(ApiConfig config, Publisher publisher, ObjectStore store, Clock clock, Metrics metrics) {
        this.config = config;
        this.publisher = publisher;
        this.clock = clock;
        this.metrics = metrics;
        this.draws = new Draws(store, json, new SecureRandom(), clock);
        this.idempotency = new Idempotency(config.idempotencyKeys());
        this.tokenDigest = sha256(config.operatorToken().getBytes(StandardCharsets.UTF_8));
        this.openApi = resource("openapi.json");
    }

    /**
     * A configured, not yet started server. {@code store} is the store {@code publisher} writes to (wrap it in
     * {@link MeteredObjectStore} before building the publisher to count conflicts).
     */
    public static Javalin create(ApiConfig config, Publisher publisher, ObjectStore store, Clock clock, Metrics metrics) {
        return create(config, publisher, store, clock, metrics, CoverageSource.none());
    }

    /** As above, with the log source behind {@code GET /api/coverage}. */
    public static Javalin create(ApiConfig config, Publisher publisher, ObjectStore store, Clock clock, Metrics metrics,
                                 CoverageSource coverageSource) {
        ControlApi api = new ControlApi(config, publisher, store, clock, metrics);
        CoverageEndpoint coverage = new CoverageEndpoint(coverageSource, publisher, clock);
        TimeEndpoint time = new TimeEndpoint(clock, metrics);
        Origin origin = new Origin(store);
        StaticFiles pwa = new StaticFiles(config.pwaDir(), "pwa/", StaticFiles::pwaCacheControl);
        StaticFiles operator = new StaticFiles(null, "operator/", name -> CachePolicy.APP_SHELL.header());
        return Javalin.create(cfg -> {
            // Jetty caches header fields per connection, matched ignoring case by default: after
            // "Authorization: Bearer tok", a later "Bearer TOK" on that connection would read as "Bearer tok".
            cfg.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = config.maxRequestBytes();
            cfg.http.prefer405over404 = true;
            cfg.jsonMapper(new JavalinJackson(api.json.mapper(), false));
            cfg.jetty.modifyServer(server -> {
                server.setErrorHandler(new JettyErrors(metrics));
                server.setHandler(new TimeFastPath(time, server.getHandler()));
            });
            RoutesConfig r = cfg.routes;
            new ErrorMapper(metrics).register(r);
            r.beforeMatched("/api/*", api::authorize);
            r.beforeMatched("/api/*", ControlApi::requireJson);
            r.beforeMatched("/api/*", api::refuseDeclaredOversize);

            // GET /time is answered by TimeFastPath before Javalin; the route keeps 405 for other methods and
            // the route table complete (OpenAPI test).
            r.get("/time", time::handle);
            r.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
            r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
            r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(api.openApi));

            r.post("/api/cues", api::createCue);
            r.post("/api/blackout", api::blackout);
            r.post("/api/settings", api::settings);
            r.get("/api/state", api::state);
            r.get("/api/history", api::history);
            r.get("/api/coverage", coverage::handle);
            r.post("/api/draws", api::createDraw);
            r.get("/api/draws/{draw}/seats/{seat}", api::checkSeat);

            r.get("/live/pointer.json", origin::pointer);
            r.get("/states/{version}.json", origin::state);

            r.get("/operator", ctx -> operator.serve(ctx, "index.html"));
            r.get("/operator/qr", api::qrSheet);
            r.get("/operator/{file}", ctx -> operator.serve(ctx, ctx.pathParam("file")));

            r.get("/", ctx -> pwa.serve(ctx, "index.html"));
            r.get("/{file}", ctx -> pwa.serve(ctx, ctx.pathParam("file")));
            r.get("/lib/{file}", ctx -> pwa.serve(ctx, "lib/" + ctx.pathParam("file")));
            r.get("/icons/{file}", ctx -> pwa.serve(ctx, "icons/" + ctx.pathParam("file")));
        });
    }

    // --- writes -------------------------------------------------------------------------------------------

    private void createCue(Context ctx) {
        write(ctx, () -> {
            CueRequest req = decode(ctx, CueRequest.class);
            Cue cue = toCue(req);
            return Answer.created(timed(() -> publisher.publish(cue, actor(ctx))));
        });
    }

    private void blackout(Context ctx) {
        write(ctx, () -> {
            if (ctx.bodyAsBytes().length > 0) {
                decode(ctx, EmptyRequest.class);
            }
            return Answer.created(timed(() -> publisher.blackout(actor(ctx))));
        });
    }

    private void settings(Context ctx) {
        write(ctx, () -> {
            SettingsRequest req = decode(ctx, SettingsRequest.class);
            if (req.pollMs() == null || req.pollMs() < Limits.MIN_POLL_MS || req.pollMs() > Limits.MAX_POLL_MS) {
                throw ApiException.invalid("poll_ms must be an integer between " + Limits.MIN_POLL_MS + " and "
                        + Limits.MAX_POLL_MS + " (show mode 1000, idle 20000)");
            }
            return Answer.created(timed(() -> publisher.setPollMs(req.pollMs(), actor(ctx))));
        });
    }

    private void createDraw(Context ctx) {
        write(ctx, () -> {
            Draw draw = draws.create(decode(ctx, DrawRequest.class), actor(ctx));
            return Answer.created(Map.of("draw", draw.draw(), "count", draw.count(), "seats", draw.seats()));
        });
    }

    /** Answers a write once per Idempotency-Key: a retry gets the first answer and publishes nothing. */
    private void write(Context ctx, Supplier<Answer> action) {
        String key = ctx.header("Idempotency-Key");
        Answer answer = key == null ? action.get()
                : idempotency.run(ctx.path() + " " + key, fingerprint(ctx), action);
        ctx.status(answer.status()).json(answer.body());
    }

    private Published timed(Supplier<Published> publish) {
        long start = System.nanoTime();
        Published published = publish.get();
        metrics.published(System.nanoTime() - start);
        return published;
    }

    private Cue toCue(CueRequest req) {
        if (req.mode() == null) {
            throw ApiException.invalid("mode is required: off, solid, strobe, pulse, wave or sequence");
        }
        Mode mode = Mode.fromWire(req.mode());
        long effectiveAt = effectiveAt(req);
        Winners winners = null;
        if (req.winners() != null) {
            CueRequest.WinnersRequest w = req.winners();
            if (w.draw() == null) {
                throw ApiException.invalid("winners.draw is required: the id of a draw from POST /api/draws");
            }
            Draw draw = draws.find(w.draw()).orElseThrow(() -> ApiException.invalid(
                    "winners.draw \"" + w.draw() + "\" is unknown; create a draw with POST /api/draws first"));
            winners = new Winners(draw.draw(), draw.seats(), draw.bits(), w.color());
        }
        return new Cue(effectiveAt, mode, req.color(), req.periodMs(), req.span(), req.steps(), req.zone(), winners);
    }

    private long effectiveAt(CueRequest req) {
        if (req.effectiveAt() != null && req.leadMs() != null) {
            throw ApiException.invalid("send either lead_ms or effective_at, not both");
        }
        if (req.effectiveAt() != null) {
            return req.effectiveAt();
        }
        long lead = req.leadMs() == null ? 0 : req.leadMs();
        if (lead < 0 || lead > 86_400_000L) {
            throw ApiException.invalid("lead_ms must be between 0 and 86400000 (one day), got " + lead);
        }
        return clock.millis() + lead;
    }

    // --- reads --------------------------------------------------------------------------------------------

    private void state(Context ctx) {
        ctx.json(publisher.current().orElse(new Snapshot(null, null)));
    }

    private void history(Context ctx) {
        int limit = intParam(ctx.queryParam("limit"), 50, 1, MAX_HISTORY, "limit");
        ctx.json(Map.of("history", publisher.history(limit)));
    }

    private void checkSeat(Context ctx) {
        String id = ctx.pathParam("draw");
        Draw draw = draws.find(id).orElseThrow(() -> ApiException.notFound("no draw \"" + id + "\""));
        int seat = intParam(ctx.pathParam("seat"), -1, 0, draw.seats() - 1, "seat");
        ctx.json(new SeatCheck(draw.draw(), seat, WinnersBitset.isWinner(draw.bits(), seat)));
    }

    private void qrSheet(Context ctx) {
        int from = intParam(ctx.queryParam("from"), 0, 0, Limits.MAX_SEATS - 1, "from");
        int to = intParam(ctx.queryParam("to"), from + 99, from, Limits.MAX_SEATS - 1, "to");
        if (to - from + 1 > QrSheet.MAX_CODES) {
            throw ApiException.invalid("at most " + QrSheet.MAX_CODES + " codes per sheet; narrow from/to");
        }
        String appUrl = config.publicUrl() != null ? config.publicUrl() : ctx.scheme() + "://" + ctx.host() + "/";
        ctx.header("Cache-Control", CachePolicy.APP_SHELL.header()).html(QrSheet.html(appUrl, from, to));
    }

    // --- request plumbing ---------------------------------------------------------------------------------

    /** Every /api request carries the operator token; compared in constant time on fixed-length digests. */
    private void authorize(Context ctx) {
        String header = ctx.header("Authorization");
        boolean ok = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(tokenDigest, sha256(header.substring(7).trim().getBytes(StandardCharsets.UTF_8)));
        if (!ok) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "unauthorized",
                    "send the operator token as \"Authorization: Bearer <token>\" (printed when the server starts)");
        }
    }

    /** A body must be JSON; Javalin's own strict content types would answer 400 where the contract says 415. */
    private static void requireJson(Context ctx) {
        boolean hasBody = ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
        if (!hasBody) {
            return;
        }
        String type = ctx.contentType();
        String media = type == null ? "" : type.split(";", 2)[0].trim();
        if (!media.equalsIgnoreCase("application/json")) {
            throw new ApiException(415, "unsupported_media_type",
                    "send the body as JSON with \"Content-Type: application/json\"" + (type == null ? "" : ", not " + type));
        }
    }

    /**
     * A declared length above the limit is refused before any byte is read, so a client that sent
     * {@code Expect: 100-continue} gets its 413 without uploading the body (longer chunked bodies are cut off
     * by Javalin while reading).
     */
    private void refuseDeclaredOversize(Context ctx) {
        if (ctx.req().getContentLengthLong() > config.maxRequestBytes()) {
            throw new ApiException(413, "payload_too_large", "the body is larger than " + config.maxRequestBytes()
                    + " bytes; send a smaller JSON document");
        }
    }

    private <T> T decode(Context ctx, Class<T> type) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw new ApiException(400, "bad_request", "the body is empty; send a JSON object (see /openapi.json)");
        }
        T value;
        try {
            value = json.mapper().readValue(body, type);
        } catch (JsonProcessingException e) {
            throw ErrorMapper.fromJackson(e);
        } catch (IOException e) {
            throw new ApiException(400, "bad_request", "could not read the body: " + e.getMessage());
        }
        if (value == null) {
            throw ApiException.invalid("the body must be a JSON object, not null");
        }
        return value;
    }

    private static String actor(Context ctx) {
        String actor = ctx.header(ACTOR_HEADER);
        if (actor == null || actor.isBlank()) {
            return "operator";
        }
        if (!ACTOR.matcher(actor).matches()) {
            throw ApiException.invalid(ACTOR_HEADER + " must be 1 to 40 letters, digits, spaces or ._@-");
        }
        return actor;
    }

    private static int intParam(String raw, int fallback, int min, int max, String name) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw ApiException.invalid(name + " must be an integer between " + min + " and " + max + ", got \"" + raw + "\"");
    }

    private static byte[] fingerprint(Context ctx) {
        byte[] path = (ctx.method() + " " + ctx.path() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = ctx.bodyAsBytes();
        byte[] all = new byte[path.length + body.length];
        System.arraycopy(path, 0, all, 0, path.length);
        System.arraycopy(body, 0, all, path.length, body.length);
        return sha256(all);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    record EmptyRequest() {
    }

    @JsonPropertyOrder({"draw", "seat", "winner"})
    record SeatCheck(String draw, int seat, boolean winner) {
    }
}
