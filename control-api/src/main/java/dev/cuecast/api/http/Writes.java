package dev.cuecast.api.http;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/** Answers a write once per Idempotency-Key: a retry gets the first answer and publishes nothing. */
public final class Writes {
    private final Idempotency idempotency;

    /** @param keys how many keys' answers are remembered; {@code clock} says when an answer was given */
    public Writes(int keys, Clock clock) {
        this.idempotency = new Idempotency(keys, clock);
    }

    public void answer(Context ctx, Supplier<Answer> action) {
        answer(ctx, Idempotency.FOREVER, action);
    }

    /** As above, a retry with the same key answered from memory only for {@code keepFor} after the first answer. */
    public void answer(Context ctx, Duration keepFor, Supplier<Answer> action) {
        String key = ctx.header("Idempotency-Key");
        if (key != null && (key.isBlank() || key.length() > 200)) {
            throw ApiException.invalid("Idempotency-Key must be 1 to 200 characters, not blank");
        }
        // The query string is part of the request: a dry run and a GO with the same key are different requests,
        // and a GO must never be answered with its preview (nothing would be published).
        String target = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        Answer answer = key == null ? action.get()
                : idempotency.run(target + " " + key, Requests.fingerprint(ctx), keepFor, action);
        ctx.status(answer.status()).json(answer.body());
    }
}
