package dev.cuecast.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refused request: {@link ErrorMapper} renders it as {@code {"error":code,"message":message,...extra}} with the
 * status from {@link ApiError}. {@code extra} carries contract fields beyond the two (e.g. {@code earliest_effective_at}).
 */
final class ApiException extends RuntimeException {
    private final ApiError error;
    private final Map<String, Object> extra;

    ApiException(ApiError error, String message) {
        this(error, message, Map.of());
    }

    ApiException(ApiError error, String message, Map<String, Object> extra) {
        super(message, null, false, false);
        this.error = error;
        this.extra = new LinkedHashMap<>(extra);
    }

    static ApiException invalid(String message) {
        return new ApiException(ApiError.INVALID_VALUE, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(ApiError.NOT_FOUND, message);
    }

    ApiError error() {
        return error;
    }

    int status() {
        return error.status();
    }

    String code() {
        return error.code();
    }

    /** Extra fields of the error body, in insertion order, after "error" and "message". */
    Map<String, Object> extra() {
        return extra;
    }
}
