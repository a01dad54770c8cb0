package dev.cuecast.api;

import dev.cuecast.publish.Publisher;
import dev.cuecast.publish.Snapshot;
import io.javalin.http.Context;
import java.util.Map;

/** What is live and what was published: the operator's read-only views. */
final class ReadHandlers {
    private static final int MAX_HISTORY = 1_000;

    private final Publisher publisher;

    ReadHandlers(Publisher publisher) {
        this.publisher = publisher;
    }

    void state(Context ctx) {
        ctx.json(publisher.current().orElse(new Snapshot(null, null)));
    }

    void history(Context ctx) {
        int limit = Requests.intParam(ctx.queryParam("limit"), 50, 1, MAX_HISTORY, "limit");
        ctx.json(Map.of("history", publisher.history(limit)));
    }
}
