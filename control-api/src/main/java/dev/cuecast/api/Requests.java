package dev.cuecast.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cuecast.json.CanonicalJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * Request parsing shared by every handler: the before-filters on {@code /api/*} (JSON only, declared size), strict
 * body decoding, the actor header, integer parameters and the idempotency fingerprint. Everything here throws
 * {@link ApiException}; nothing here publishes.
 */
final class Requests {
    static final String ACTOR_HEADER = "X-Cuecast-Actor";
    private static final Pattern ACTOR = Pattern.compile("[\\p{L}\\p{N} ._@-]{1,40}");

    private final CanonicalJson json;
    private final long maxRequestBytes;

    Requests(CanonicalJson json, long maxRequestBytes) {
        this.json = json;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** A body must be JSON; Javalin's own strict content types would answer 400 where the contract says 415. */
    static void requireJson(Context ctx) {
        boolean hasBody = ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
        if (!hasBody) {
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
    void refuseDeclaredOversize(Context ctx) {
        if (ctx.req().getContentLengthLong() > maxRequestBytes) {
            throw new ApiException(ApiError.PAYLOAD_TOO_LARGE, "the body is larger than " + maxRequestBytes
                    + " bytes; send a smaller JSON document");
        }
    }

    /** The body as {@code type}, strictly: unknown fields, wrong types and trailing tokens are refused. */
    <T> T decode(Context ctx, Class<T> type) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw new ApiException(ApiError.BAD_REQUEST, "the body is empty; send a JSON object (see /openapi.json)");
        }
        T value;
        try {
            value = json.mapper().readValue(body, type);
        } catch (JsonProcessingException e) {
            throw ErrorMapper.fromJackson(e);
        } catch (IOException e) {
            throw new ApiException(ApiError.BAD_REQUEST, "could not read the body: " + e.getMessage());
        }
        if (value == null) {
            throw ApiException.invalid("the body must be a JSON object, not null");
        }
        return value;
    }

    /** An optional body that, when present, must be an empty JSON object. */
    void decodeEmpty(Context ctx) {
        if (ctx.bodyAsBytes().length > 0) {
            decode(ctx, EmptyRequest.class);
        }
    }

    static String actor(Context ctx) {
        String actor = ctx.header(ACTOR_HEADER);
        if (actor == null || actor.isBlank()) {
            return "operator";
        }
        if (!ACTOR.matcher(actor).matches()) {
            throw ApiException.invalid(ACTOR_HEADER + " must be 1 to 40 letters, digits, spaces or ._@-");
        }
        return actor;
    }

    static int intParam(String raw, int fallback, int min, int max, String name) {
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
        byte[] path = (ctx.method() + " " + ctx.path() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = ctx.bodyAsBytes();
        byte[] all = new byte[path.length + body.length];
        System.arraycopy(path, 0, all, 0, path.length);
        System.arraycopy(body, 0, all, path.length, body.length);
        return sha256(all);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record EmptyRequest() {
    }
}
