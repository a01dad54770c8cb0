package dev.cuecast.api;

import io.javalin.http.Context;
import java.util.function.Supplier;

/** Answers a write once per Idempotency-Key: a retry gets the first answer and publishes nothing. */
final class Writes {
    private final Idempotency idempotency;

    Writes(Idempotency idempotency) {
        this.idempotency = idempotency;
    }

    void answer(Context ctx, Supplier<Answer> action) {
        String key = ctx.header("Idempotency-Key");
        Answer answer = key == null ? action.get()
                : idempotency.run(ctx.path() + " " + key, Requests.fingerprint(ctx), action);
        ctx.status(answer.status()).json(answer.body());
    }
}
