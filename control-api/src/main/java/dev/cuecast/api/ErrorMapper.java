package dev.cuecast.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.cuecast.cue.InvalidCueException;
import dev.cuecast.cue.StateTooLargeException;
import dev.cuecast.publish.BlackedOutException;
import dev.cuecast.publish.DeadlineExceededException;
import dev.cuecast.publish.LandedLateException;
import dev.cuecast.publish.Published;
import dev.cuecast.publish.UnrecordedException;
import dev.cuecast.publish.OutcomeUnknownException;
import dev.cuecast.flash.FlashLimitException;
import dev.cuecast.publish.PublishFailedException;
import dev.cuecast.publish.SupersededException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import org.slf4j.LoggerFactory;

/**
 * Owns every error status of the API: each failure becomes {@code {"error":code,"message":what to fix}}.
 * Bad input ends as a 4xx here; a 5xx means the store failed (503) or a bug (500, logged).
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    private final Metrics metrics;

    ErrorMapper(Metrics metrics) {
        this.metrics = metrics;
    }

    void register(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> render(ctx, e));
        routes.exception(InvalidCueException.class, (e, ctx) -> render(ctx, ApiException.invalid(e.getMessage())));
        routes.exception(StateTooLargeException.class,
                (e, ctx) -> render(ctx, new ApiException(ApiError.STATE_TOO_LARGE, e.getMessage())));
        routes.exception(DeadlineExceededException.class, (e, ctx) -> {
            LOG.warn("publish refused at its deadline: {}", e.getMessage());
            render(ctx, new ApiException(ApiError.DEADLINE_EXCEEDED, e.getMessage()));
        });
        routes.exception(BlackedOutException.class, (e, ctx) -> render(ctx, new ApiException(ApiError.BLACKED_OUT, e.getMessage())));
        routes.exception(SupersededException.class, (e, ctx) -> render(ctx, new ApiException(ApiError.SUPERSEDED, e.getMessage())));
        routes.exception(OutcomeUnknownException.class, (e, ctx) -> {
            LOG.error("publish outcome unknown: {}", e.getMessage(), e.getCause());
            render(ctx, new ApiException(ApiError.OUTCOME_UNKNOWN, e.getMessage()));
        });
        // Both are live: the body names the version, so the page can show "LIVE vN" and say not to send it again.
        routes.exception(LandedLateException.class, (e, ctx) -> {
            LOG.warn("publish landed late: {}", e.getMessage());
            render(ctx, live(ApiError.LANDED_LATE, e.getMessage(), e.published()));
        });
        routes.exception(UnrecordedException.class, (e, ctx) -> {
            LOG.warn("publish unrecorded: {}", e.getMessage());
            render(ctx, live(ApiError.UNRECORDED, e.getMessage(), e.published()));
        });
        routes.exception(FlashLimitException.class, (e, ctx) -> {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("seats", e.seats());
            extra.put("earliest_effective_at", e.earliestEffectiveAt());
            render(ctx, new ApiException(ApiError.FLASH_LIMIT, e.getMessage(), extra));
        });
        routes.exception(JsonProcessingException.class, (e, ctx) -> render(ctx, fromJackson(e)));
        routes.exception(PublishFailedException.class, (e, ctx) -> {
            LOG.warn("publish failed: {}", e.getMessage(), e.getCause());
            render(ctx, new ApiException(ApiError.PUBLISH_FAILED,
                    "nothing was published: " + e.getMessage() + "; check the object store and try again"));
        });
        // Direct store reads (origin, draws) fail with the store's own exceptions: the store is down, not the request.
        routes.exception(UncheckedIOException.class, (e, ctx) -> storeDown(ctx, e));
        routes.exception(SdkException.class, (e, ctx) -> storeDown(ctx, e));
        routes.exception(HttpResponseException.class, (e, ctx) -> render(ctx, fromJavalin(e, ctx)));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            render(ctx, new ApiException(ApiError.INTERNAL, "unexpected server error; nothing was published"));
        });
    }

    private static ApiException live(ApiError error, String message, Published published) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("version", published.version());
        extra.put("effective_at", published.effectiveAt());
        extra.put("state", published.state());
        return new ApiException(error, message, extra);
    }

    private void storeDown(Context ctx, Exception e) {
        LOG.warn("object store failed on {} {}: {}", ctx.method(), ctx.path(), e.toString());
        render(ctx, new ApiException(ApiError.STORE_UNAVAILABLE, "the object store failed: " + e.getMessage()
                + "; nothing was changed, try again"));
    }

    private void render(Context ctx, ApiException e) {
        metrics.error(e.code());
        if (e.extra().isEmpty()) {
            ctx.status(e.status()).json(new ErrorBody(e.code(), e.getMessage()));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.code());
        body.put("message", e.getMessage());
        e.extra().forEach(body::putIfAbsent);
        ctx.status(e.status()).json(body);
    }

    private static ApiException fromJavalin(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        String message = switch (status) {
            case 404 -> "no such resource: " + ctx.method() + " " + ctx.path() + "; see /openapi.json";
            case 405 -> ctx.method() + " is not allowed on " + ctx.path() + "; see /openapi.json for its methods";
            case 413 -> "request body is too large; send a smaller JSON document";
            default -> e.getMessage();
        };
        return new ApiException(ApiError.forStatus(status), message);
    }

    /** Unparsable input is a 400; parsable JSON whose values do not fit (types, unknown fields, ranges) is a 422. */
    static ApiException fromJackson(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return new ApiException(ApiError.UNKNOWN_FIELD, "unknown field \"" + where(u) + "\"; allowed fields: "
                    + known(u.getKnownPropertyIds()));
        }
        Throwable root = rootCause(e);
        if (root instanceof InvalidCueException) {
            return ApiException.invalid(root.getMessage());
        }
        if (root instanceof JsonParseException p && p != e) {
            // bytes that are not JSON (e.g. invalid UTF-8 inside a string), met while a field was being read: the
            // document is malformed, and the parser's message says which byte, where "bad value" said nothing
            return malformed(p);
        }
        if (e instanceof StreamConstraintsException) {
            return new ApiException(ApiError.BAD_REQUEST, "JSON exceeds the parser's limits (nesting depth or number length)");
        }
        if (e instanceof InputCoercionException) {
            return ApiException.invalid("a number is out of range: " + e.getOriginalMessage());
        }
        if (e instanceof MismatchedInputException m) {
            String target = m.getTargetType() == null ? "another type" : describe(m.getTargetType());
            String field = where(m);
            return ApiException.invalid((field.isEmpty() ? "the body" : "field \"" + field + "\"") + " must be " + target);
        }
        if (e instanceof JsonMappingException m) {
            return ApiException.invalid("field \"" + where(m) + "\" has a bad value");
        }
        return malformed(e);
    }

    private static ApiException malformed(JsonProcessingException e) {
        var loc = e.getLocation();
        return new ApiException(ApiError.MALFORMED_JSON, "malformed JSON"
                + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
                + ": " + e.getOriginalMessage());
    }

    private static String where(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "see /openapi.json"
                : new TreeSet<>(ids.stream().map(String::valueOf).toList()).stream().collect(Collectors.joining(", "));
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "a JSON object";
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
