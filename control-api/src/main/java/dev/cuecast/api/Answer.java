package dev.cuecast.api;

/** A successful response, kept whole so an idempotent retry gets exactly the first answer. */
record Answer(int status, Object body) {
    static Answer created(Object body) {
        return new Answer(201, body);
    }
}
