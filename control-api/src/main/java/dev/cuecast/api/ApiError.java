package dev.cuecast.api;

/**
 * The one table of error statuses: every error code the API answers with, and its HTTP status. A handler throws
 * {@code new ApiException(ApiError.X, "what to fix")}; {@link ErrorMapper} renders it. Add a row here for a new code.
 */
enum ApiError {
    BAD_REQUEST(400, "bad_request"),
    MALFORMED_JSON(400, "malformed_json"),
    UNAUTHORIZED(401, "unauthorized"),
    NOT_FOUND(404, "not_found"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed"),
    PAYLOAD_TOO_LARGE(413, "payload_too_large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
    /** A blackout landed while the cue was in flight: the cue was dropped, nothing of it is visible. */
    BLACKED_OUT(409, "blacked_out"),
    SUPERSEDED(409, "superseded"),
    INVALID_VALUE(422, "invalid_value"),
    UNKNOWN_FIELD(422, "unknown_field"),
    TOO_MANY_REQUESTS(429, "too_many_requests"),
    STATE_TOO_LARGE(422, "state_too_large"),
    /** Some seats would flash more than 3 times a second; the body adds "seats" and "earliest_effective_at". */
    FLASH_LIMIT(422, "flash_limit"),
    HEADERS_TOO_LARGE(431, "headers_too_large"),
    INTERNAL(500, "internal"),
    /** The store never confirmed whether the pointer write landed: not "nothing published", so not 503/504. */
    OUTCOME_UNKNOWN(502, "outcome_unknown"),
    /** The version is live (the body adds "version"), but was confirmed only after its deadline: do not resend it. */
    LANDED_LATE(502, "landed_late"),
    /** The version is live (the body adds "version"), but its history entry is not written yet: do not resend it. */
    UNRECORDED(502, "unrecorded"),
    PUBLISH_FAILED(503, "publish_failed"),
    STORE_UNAVAILABLE(503, "store_unavailable"),
    STORE_BUSY(503, "store_busy"),
    CLOCK_UNSYNCED(503, "clock_unsynced"),
    INTERRUPTED(503, "interrupted"),
    /** The publish could not be visible before effective_at minus the margin; nothing of it is or will be. */
    DEADLINE_EXCEEDED(504, "deadline_exceeded");

    private final int status;
    private final String code;

    ApiError(int status, String code) {
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** The generic row for a status Javalin or Jetty produced on its own (404 route, 405, 413, 5xx). */
    static ApiError forStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> INVALID_VALUE;
            case 429 -> TOO_MANY_REQUESTS;
            case 431 -> HEADERS_TOO_LARGE;
            default -> status >= 500 ? INTERNAL : BAD_REQUEST;
        };
    }
}
