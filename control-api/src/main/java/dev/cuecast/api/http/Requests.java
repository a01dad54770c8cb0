package dev.cuecast.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cuecast.json.CanonicalJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Request parsing shared by every handler: the before-filters on {@code /api/*} (JSON only, declared size), strict
 * body decoding, the actor header, integer parameters and the idempotency fingerprint. Everything here throws
 * {@link ApiException}; nothing here publishes.
 */
public final class Requests {
    public static final String ACTOR_HEADER = "X-Cuecast-Actor";
    /**
     * A refused body is still read (and dropped) up to this size, so the client finishes sending and reads the
     * answer; closing on unread bytes makes the kernel send a reset, which clients report instead of the 413.
     */
    static final long DRAIN_LIMIT_BYTES = 16L * 1024 * 1024;
    /** ... and for at most this long, so a client trickling bytes cannot hold a thread. */
    static final long DRAIN_LIMIT_NANOS = 5_000_000_000L;
    private static final String BODY = "cuecast.body";
    private static final String DRAINED = "cuecast.body.drained";
    /** Operator names: any Unicode up to this many characters (code points), recorded in the history. */
    static final int MAX_ACTOR_CHARS = 64;

    private final CanonicalJson json;
    private final long maxRequestBytes;

    public Requests(CanonicalJson json, long maxRequestBytes) {
        this.json = json;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** A body must be JSON; Javalin's own strict content types would answer 400 where the contract says 415. */
    public static void requireJson(Context ctx) {
        if (!hasBody(ctx)) {
            return;
        }
        String type = ctx.contentType();
        String media = type == null ? "" : type.split(";", 2)[0].trim();
        if (!media.equalsIgnoreCase("application/json")) {
            throw new ApiException(ApiError.UNSUPPORTED_MEDIA_TYPE,
                    "send the body as JSON with \"Content-Type: application/json\"" + (type == null ? "" : ", not " + type));
        }
    }

    /**
     * A declared length above the limit is refused before any byte is read, so a client that sent
     * {@code Expect: 100-continue} gets its 413 without uploading the body (longer chunked bodies are cut off
     * by Javalin while reading).
     */
    public void refuseDeclaredOversize(Context ctx) {
        if (ctx.req().getContentLengthLong() > maxRequestBytes) {
            throw new ApiException(ApiError.PAYLOAD_TOO_LARGE, "the body is larger than " + maxRequestBytes
                    + " bytes; send a smaller JSON document");
        }
    }

    /**
     * Reads the whole body (declared or chunked) before any handler sees it: at most the limit is kept; a longer
     * one is read to its end (within the drain bounds) and refused with 413, never cut off mid-upload.
     */
    public void readBody(Context ctx) {
        if (!hasBody(ctx)) {
            return;
        }
        byte[] buffer = new byte[8192];
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        long total = 0;
        long started = System.nanoTime();
        try (var in = ctx.req().getInputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total <= maxRequestBytes) {
                    kept.write(buffer, 0, n);
                } else if (total > DRAIN_LIMIT_BYTES || System.nanoTime() - started > DRAIN_LIMIT_NANOS) {
                    ctx.header("Connection", "close");
                    break;
                }
            }
        } catch (IOException e) {
            throw new ApiException(ApiError.BAD_REQUEST, "could not read the body: " + e.getMessage());
        }
        ctx.attribute(DRAINED, true);
        if (total > maxRequestBytes) {
            throw new ApiException(ApiError.PAYLOAD_TOO_LARGE, "the body is larger than " + maxRequestBytes
                    + " bytes; send a smaller JSON document");
        }
        ctx.attribute(BODY, kept.toByteArray());
    }

    /**
     * After any answer (a refusal before the body was read, a 404, a 405): reads what the client is still sending,
     * within the drain bounds, so it gets the answer instead of a reset. A client waiting on
     * {@code Expect: 100-continue} has sent nothing and is told no.
     */
    public static void drainUnread(Context ctx) {
        if (!hasBody(ctx) || Boolean.TRUE.equals(ctx.attribute(DRAINED))) {
            return;
        }
        if ("100-continue".equalsIgnoreCase(ctx.header("Expect"))) {
            // It may have sent the body anyway (it is allowed to after a while): this connection cannot carry
            // another request, and saying so spares the client a failed reuse.
            ctx.header("Connection", "close");
            return;
        }
        ctx.attribute(DRAINED, true);
        if (ctx.req().getContentLengthLong() > DRAIN_LIMIT_BYTES) {
            ctx.header("Connection", "close");
            return;
        }
        byte[] buffer = new byte[8192];
        long total = 0;
        long started = System.nanoTime();
        try {
            var in = ctx.req().getInputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > DRAIN_LIMIT_BYTES || System.nanoTime() - started > DRAIN_LIMIT_NANOS) {
                    ctx.header("Connection", "close");
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            ctx.header("Connection", "close"); // the client went away, or the body was read as a reader: nothing to drain
        }
    }

    private static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    /** The body read by {@link #readBody}; empty when there was none. */
    static byte[] body(Context ctx) {
        byte[] body = ctx.attribute(BODY);
        return body == null ? new byte[0] : body;
    }

    /** The body as {@code type}, strictly: unknown fields, wrong types and trailing tokens are refused. */
    public <T> T decode(Context ctx, Class<T> type) {
        byte[] body = body(ctx);
        if (body.length == 0) {
            throw new ApiException(ApiError.BAD_REQUEST, "the body is empty; send a JSON object (see /openapi.json)");
        }
        T value;
        try {
            value = json.mapper().readValue(body, type);
        } catch (JsonProcessingException e) {
            throw JsonErrors.refusal(e);
        } catch (IOException e) {
            throw new ApiException(ApiError.BAD_REQUEST, "could not read the body: " + e.getMessage());
        }
        if (value == null) {
            throw ApiException.invalid("the body must be a JSON object, not null");
        }
        return value;
    }

    /** An optional body that, when present, must be an empty JSON object. */
    public void decodeEmpty(Context ctx) {
        if (body(ctx).length > 0) {
            decode(ctx, EmptyRequest.class);
        }
    }

    /**
     * Who is publishing. HTTP header values are Latin-1, so the operator page sends the name percent-encoded as
     * UTF-8 ({@code encodeURIComponent}); a plain ASCII name without '%' reads the same either way, and raw UTF-8
     * bytes (as curl sends them) are accepted too. Any Unicode name of 1 to 64 characters without control
     * characters works: {@code O'Brien}, {@code Anne (FOH)}, {@code 照明 太郎}.
     */
    public static String actor(Context ctx) {
        String raw = ctx.header(ACTOR_HEADER);
        if (raw == null || raw.isBlank()) {
            return "operator";
        }
        String actor = decodeActor(raw).strip();
        int chars = actor.codePointCount(0, actor.length());
        if (actor.isEmpty() || chars > MAX_ACTOR_CHARS || actor.codePoints().anyMatch(Requests::control)) {
            throw ApiException.invalid(ACTOR_HEADER + " must be a name of 1 to " + MAX_ACTOR_CHARS
                    + " characters without control characters, sent percent-encoded as UTF-8 (encodeURIComponent); got "
                    + chars + " characters");
        }
        return actor;
    }

    /**
     * What the operator saw: {@code base_version}, the live version the request's preview was built on. A BLACKOUT
     * newer than it drops the request (409), however late it reaches the server; absent, the request builds on the
     * version live when it arrives (scripts, curl).
     */
    public static OptionalLong seen(Long baseVersion) {
        if (baseVersion == null) {
            return OptionalLong.empty();
        }
        if (baseVersion < 0) {
            throw ApiException.invalid("base_version must be an integer of at least 0 (the live version the preview was "
                    + "built on: the dry run's \"base\", 0 before the first publish), got " + baseVersion);
        }
        return OptionalLong.of(baseVersion);
    }

    /** {@code ?dry_run=true}: check and build, publish nothing. */
    public static boolean dryRun(Context ctx) {
        String raw = ctx.queryParam("dry_run");
        if (raw == null || raw.equals("false")) {
            return false;
        }
        if (raw.equals("true") || raw.isEmpty()) {
            return true;
        }
        throw ApiException.invalid("dry_run must be true or false, got \"" + raw + "\"");
    }

    static String decodeActor(String raw) {
        if (raw.indexOf('%') >= 0) {
            try {
                return utf8(java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8), true);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid(ACTOR_HEADER + " has a malformed percent-escape; send the name with "
                        + "encodeURIComponent (UTF-8), e.g. Anne%20(FOH)");
            }
        }
        // Jetty hands header bytes over as Latin-1: bytes that form valid UTF-8 were meant as UTF-8
        return utf8(new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).contains("\uFFFD")
                ? raw : new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8), false);
    }

    private static String utf8(String decoded, boolean strict) {
        if (strict && decoded.contains("\uFFFD")) {
            throw new IllegalArgumentException("not UTF-8");
        }
        return decoded;
    }

    private static boolean control(int cp) {
        return Character.getType(cp) == Character.CONTROL || cp == 0x2028 || cp == 0x2029;
    }

    public static int intParam(String raw, int fallback, int min, int max, String name) {
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

    /** Method, path and body: the same Idempotency-Key with a different request is refused. */
    static byte[] fingerprint(Context ctx) {
        String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
        byte[] path = (ctx.method() + " " + ctx.path() + query + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = body(ctx);
        byte[] all = new byte[path.length + body.length];
        System.arraycopy(path, 0, all, 0, path.length);
        System.arraycopy(body, 0, all, path.length, body.length);
        return sha256(all);
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record EmptyRequest() {
    }
}
