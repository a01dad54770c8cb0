package dev.cuecast.api.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refused request: {@code ErrorMapper} renders it as {@code {"error":code,"message":message,...extra}} with the
 * status from {@link ApiError}. {@code extra} carries contract fields beyond the two (e.g. {@code earliest_effective_at}).
 */
public final class ApiException extends RuntimeException {
    private final ApiError error;
    private final Map<String, Object> extra;

    public ApiException(ApiError error, String message) {
        this(error, message, Map.of());
    }

    public ApiException(ApiError error, String message, Map<String, Object> extra) {
        super(message, null, false, false);
        this.error = error;
        this.extra = new LinkedHashMap<>(extra);
    }

    public static ApiException invalid(String message) {
        return new ApiException(ApiError.INVALID_VALUE, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(ApiError.NOT_FOUND, message);
    }

    public ApiError error() {
        return error;
    }

    public int status() {
        return error.status();
    }

    public String code() {
        return error.code();
    }

    /** Extra fields of the error body, in insertion order, after "error" and "message". */
    public Map<String, Object> extra() {
        return extra;
    }
}
