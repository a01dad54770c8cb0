package dev.cuecast.api.http;

/** A successful response, kept whole so an idempotent retry gets exactly the first answer. */
public record Answer(int status, Object body) {
    public static Answer created(Object body) {
        return new Answer(201, body);
    }
}
