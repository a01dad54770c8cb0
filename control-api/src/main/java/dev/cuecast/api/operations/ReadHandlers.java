package dev.cuecast.api.operations;

import dev.cuecast.api.http.Requests;
import dev.cuecast.publish.Publisher;
import dev.cuecast.publish.Snapshot;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** What is live and what was published: the operator's read-only views. */
public final class ReadHandlers {
    private static final int MAX_HISTORY = 1_000;
    static final Duration HEALTH_TIMEOUT = Duration.ofMillis(1_500);

    private final Publisher publisher;
    private final Station station;

    public ReadHandlers(Publisher publisher, Station station) {
        this.publisher = publisher;
        this.station = station;
    }

    /** Which operator station this is (the page shows it): {@code {"name":"standby","role":"standby"}}. */
    public void station(Context ctx) {
        ctx.json(station);
    }

    public void state(Context ctx) {
        ctx.json(publisher.current().orElse(new Snapshot(null, null)));
    }

    /**
     * 200 only while the object store answers (a read of the pointer within {@link #HEALTH_TIMEOUT}); otherwise 503
     * with why, so a load balancer or the operator's monitor sees a store outage before a publish fails on it.
     */
    public void health(Context ctx) {
        Optional<String> problem = publisher.probe(HEALTH_TIMEOUT);
        if (problem.isEmpty()) {
            ctx.json(Map.of("status", "ok", "store", "ok"));
        } else {
            ctx.status(503).json(Map.of("status", "unavailable", "store", "failing",
                    "message", "the object store does not answer, so publishing would fail: " + problem.get()));
        }
    }

    public void history(Context ctx) {
        int limit = Requests.intParam(ctx.queryParam("limit"), 50, 1, MAX_HISTORY, "limit");
        ctx.json(Map.of("history", publisher.history(limit)));
    }
}
