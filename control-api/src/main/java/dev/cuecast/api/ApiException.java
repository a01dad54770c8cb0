package dev.cuecast.api;

/** A request refused with a 4xx: {@link ErrorMapper} renders it as {@code {"error":code,"message":message}}. */
final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiException invalid(String message) {
        return new ApiException(422, "invalid_value", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
