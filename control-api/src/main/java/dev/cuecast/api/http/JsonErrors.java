package dev.cuecast.api.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.cuecast.cue.InvalidCueException;
import java.util.Collection;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What a body Jackson could not decode is answered with: which field, what it must be, or where the JSON broke. */
public final class JsonErrors {
    private JsonErrors() {
    }

    /** Unparsable input is a 400; parsable JSON whose values do not fit (types, unknown fields, ranges) is a 422. */
    public static ApiException refusal(JsonProcessingException e) {
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
