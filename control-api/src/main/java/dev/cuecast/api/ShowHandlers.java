package dev.cuecast.api;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Limits;
import dev.cuecast.publish.Published;
import dev.cuecast.publish.Publisher;
import dev.cuecast.timebase.TimeBase;
import io.javalin.http.Context;
import java.util.function.Supplier;

/** Writes that change what the phones show: cues, blackout, the polling hint. Thin: parse, publish, answer. */
final class ShowHandlers {
    private final Publisher publisher;
    private final Draws draws;
    private final Requests requests;
    private final Writes writes;
    private final Metrics metrics;
    private final TimeBase timeBase;

    ShowHandlers(Publisher publisher, Draws draws, Requests requests, Writes writes, Metrics metrics, TimeBase timeBase) {
        this.publisher = publisher;
        this.draws = draws;
        this.requests = requests;
        this.writes = writes;
        this.metrics = metrics;
        this.timeBase = timeBase;
    }

    void createCue(Context ctx) {
        writes.answer(ctx, () -> {
            CueRequest req = requests.decode(ctx, CueRequest.class);
            // effective_at from lead_ms is stamped on the phones' clock: refuse rather than guess while it is unknown.
            ClockStatus.requireSynced(timeBase);
            Cue cue = req.toCue(timeBase.clock().millis(), draws::find);
            return Answer.created(timed(() -> publisher.publish(cue, Requests.actor(ctx))));
        });
    }

    void blackout(Context ctx) {
        writes.answer(ctx, () -> {
            requests.decodeEmpty(ctx);
            return Answer.created(timed(() -> publisher.blackout(Requests.actor(ctx))));
        });
    }

    void settings(Context ctx) {
        writes.answer(ctx, () -> {
            SettingsRequest req = requests.decode(ctx, SettingsRequest.class);
            if (req.pollMs() == null || req.pollMs() < Limits.MIN_POLL_MS || req.pollMs() > Limits.MAX_POLL_MS) {
                throw ApiException.invalid("poll_ms must be an integer between " + Limits.MIN_POLL_MS + " and "
                        + Limits.MAX_POLL_MS + " (show mode 1000, idle 20000)");
            }
            return Answer.created(timed(() -> publisher.setPollMs(req.pollMs(), Requests.actor(ctx))));
        });
    }

    private Published timed(Supplier<Published> publish) {
        long start = System.nanoTime();
        Published published = publish.get();
        metrics.published(System.nanoTime() - start);
        return published;
    }
}
