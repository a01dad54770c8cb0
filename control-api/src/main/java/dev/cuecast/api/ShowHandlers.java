package dev.cuecast.api;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Limits;
import dev.cuecast.publish.Published;
import dev.cuecast.publish.Publisher;
import dev.cuecast.timebase.TimeBase;
import io.javalin.http.Context;
import dev.cuecast.cue.InvalidCueException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Writes that change what the phones show: cues, blackout, the polling hint. Thin: parse, publish, answer. */
final class ShowHandlers {
    private final Publisher publisher;
    private final Draws draws;
    private final Requests requests;
    private final Writes writes;
    private final Metrics metrics;
    private final TimeBase timeBase;
    private final Consumer<Published> cuePublished;
    private final Consumer<Published> pendingDropped;
    private final Station station;

    /**
     * @param cuePublished told of every acknowledged cue and timeline (the coverage history)
     * @param pendingDropped told of every acknowledged BLACKOUT and undo (both drop every pending cue)
     */
    ShowHandlers(Publisher publisher, Draws draws, Requests requests, Writes writes, Metrics metrics, TimeBase timeBase,
                 Consumer<Published> cuePublished, Consumer<Published> pendingDropped, Station station) {
        this.publisher = publisher;
        this.draws = draws;
        this.requests = requests;
        this.writes = writes;
        this.metrics = metrics;
        this.timeBase = timeBase;
        this.cuePublished = cuePublished;
        this.pendingDropped = pendingDropped;
        this.station = station;
    }

    /** Who is writing, and at which station: what the history records. */
    private String actor(Context ctx) {
        return station.actor(Requests.actor(ctx));
    }

    /**
     * {@code ?dry_run=true}: 200 with the exact state GO would publish now (its {@code base} is the live version it
     * was built on, what GO then sends as {@code base_version}), or the same refusal; writes nothing.
     */
    void createCue(Context ctx) {
        if (Requests.dryRun(ctx)) {
            CueRequest req = requests.decode(ctx, CueRequest.class);
            OptionalLong seen = Requests.seen(req.baseVersion());
            ClockStatus.requireSynced(timeBase);
            Cue cue = req.toCue(timeBase.clock().millis(), draws::find);
            Requests.actor(ctx);
            ctx.json(publisher.preview(List.of(cue), seen));
            return;
        }
        writes.answer(ctx, () -> {
            CueRequest req = requests.decode(ctx, CueRequest.class);
            OptionalLong seen = Requests.seen(req.baseVersion());
            // effective_at from lead_ms is stamped on the phones' clock: refuse rather than guess while it is unknown.
            ClockStatus.requireSynced(timeBase);
            Cue cue = req.toCue(timeBase.clock().millis(), draws::find);
            return Answer.created(timed(() -> publisher.publish(cue, actor(ctx), seen), cuePublished));
        });
    }

    /** A timeline: every cue pending in one new version, all or nothing; {@code ?dry_run=true} as for a cue. */
    void createTimeline(Context ctx) {
        if (Requests.dryRun(ctx)) {
            Timeline timeline = timeline(ctx);
            Requests.actor(ctx);
            ctx.json(publisher.preview(timeline.cues(), timeline.seen()));
            return;
        }
        writes.answer(ctx, () -> {
            Timeline timeline = timeline(ctx);
            return Answer.created(timed(() -> publisher.publishAll(timeline.cues(), actor(ctx), timeline.seen()),
                    cuePublished));
        });
    }

    /** A decoded timeline: its cues and the version the operator saw. */
    private record Timeline(List<Cue> cues, OptionalLong seen) {
    }

    private Timeline timeline(Context ctx) {
        TimelineRequest req = requests.decode(ctx, TimelineRequest.class);
        OptionalLong seen = Requests.seen(req.baseVersion());
        ClockStatus.requireSynced(timeBase);
        if (req.cues() == null || req.cues().isEmpty()) {
            throw ApiException.invalid("cues is required: a list of at least one cue, each with effective_at or lead_ms");
        }
        if (req.cues().size() > Limits.MAX_CUES_PER_STATE) {
            throw ApiException.invalid("at most " + Limits.MAX_CUES_PER_STATE + " cues per timeline, got " + req.cues().size());
        }
        long now = timeBase.clock().millis();
        List<Cue> cues = new ArrayList<>(req.cues().size());
        for (int i = 0; i < req.cues().size(); i++) {
            CueRequest cue = req.cues().get(i);
            if (cue == null) {
                throw ApiException.invalid("cues[" + i + "] must be a cue object, not null");
            }
            if (cue.baseVersion() != null) {
                throw ApiException.invalid("cues[" + i + "]: base_version goes once, beside \"cues\", not inside a cue");
            }
            try {
                cues.add(cue.toCue(now, draws::find));
            } catch (InvalidCueException e) {
                throw ApiException.invalid("cues[" + i + "]: " + e.getMessage());
            } catch (ApiException e) {
                throw new ApiException(e.error(), "cues[" + i + "]: " + e.getMessage(), e.extra());
            }
        }
        return new Timeline(cues, seen);
    }

    /**
     * Undo: back to what {@code version} showed, dropping every pending cue (an undone timeline stops);
     * {@code ?dry_run=true} as for a cue.
     */
    void undo(Context ctx) {
        if (Requests.dryRun(ctx)) {
            UndoRequest req = undoRequest(ctx);
            Requests.actor(ctx);
            ctx.json(publisher.previewUndo(req.version(), Requests.seen(req.baseVersion())));
            return;
        }
        writes.answer(ctx, () -> {
            UndoRequest req = undoRequest(ctx);
            OptionalLong seen = Requests.seen(req.baseVersion());
            return Answer.created(timed(() -> publisher.undoTo(req.version(), actor(ctx), seen), pendingDropped));
        });
    }

    private UndoRequest undoRequest(Context ctx) {
        UndoRequest req = requests.decode(ctx, UndoRequest.class);
        Requests.seen(req.baseVersion());
        ClockStatus.requireSynced(timeBase);
        if (req.version() == null) {
            throw ApiException.invalid("version is required: the version to go back to (GET /api/history lists them)");
        }
        return req;
    }

    /**
     * How long a BLACKOUT's answer is kept for its Idempotency-Key: long enough for the page's retries of one press
     * (it reuses a key for 5 s, and only while the outcome is unknown), short enough that a later press reusing a key
     * is a new blackout, never a stale "done vN" that publishes nothing.
     */
    static final java.time.Duration BLACKOUT_ANSWER_KEPT = java.time.Duration.ofSeconds(10);

    void blackout(Context ctx) {
        writes.answer(ctx, BLACKOUT_ANSWER_KEPT, () -> {
            requests.decodeEmpty(ctx);
            return Answer.created(timed(() -> publisher.blackout(actor(ctx)), pendingDropped));
        });
    }

    void settings(Context ctx) {
        writes.answer(ctx, () -> {
            SettingsRequest req = requests.decode(ctx, SettingsRequest.class);
            if (req.pollMs() == null || req.pollMs() < Limits.MIN_POLL_MS || req.pollMs() > Limits.MAX_POLL_MS) {
                throw ApiException.invalid("poll_ms must be an integer between " + Limits.MIN_POLL_MS + " and "
                        + Limits.MAX_POLL_MS + " (show mode 1000, idle 20000)");
            }
            return Answer.created(timed(() -> publisher.setPollMs(req.pollMs(), actor(ctx)), published -> { }));
        });
    }

    /** Publishes, records how long it took, and tells {@code told} (the coverage history) of the acknowledged version. */
    private Published timed(Supplier<Published> publish, Consumer<Published> told) {
        long start = System.nanoTime();
        Published published = publish.get();
        metrics.published(System.nanoTime() - start);
        told.accept(published);
        return published;
    }
}
