package dev.cuecast.publish;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.InvalidCueException;
import dev.cuecast.cue.Limits;
import dev.cuecast.cue.State;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Publishes versioned states with the design's protocol ({@link PublishLoop}); the object store is the only shared
 * state, so several publishers (threads, processes, machines, a standby station) may publish to one store.
 * Thread-safe. BLACKOUT takes its own path ({@link BlackoutPath}). Every change may say which version the operator
 * saw ({@code seen}): a BLACKOUT newer than it, from any writer, drops the change.
 */
public final class Publisher {
    private final PublisherConfig config;
    private final ShowStore show;
    private final Archive archive;
    private final Clock clock;
    private final PublishLoop loop;
    private final BlackoutPath blackout;

    private Publisher(PublisherConfig config, ObjectStore store, Environment env, Backoff backoff) {
        this.config = config;
        this.clock = env.clock();
        this.show = new ShowStore(store, clock, env.calls());
        this.archive = new Archive(show, clock, config.callTimeoutMs());
        this.loop = new PublishLoop(config, show, archive, clock, backoff, env.random());
        this.blackout = new BlackoutPath(config, show, loop, clock, backoff);
    }

    public static Publisher create(PublisherConfig config, ObjectStore store, Clock clock) {
        return create(config, store, Environment.real(clock));
    }

    /** With every source of time, waiting and randomness given (the protocol simulation's). */
    public static Publisher create(PublisherConfig config, ObjectStore store, Environment env) {
        return new Publisher(config, store, env, Backoff.standard(env));
    }

    static Publisher create(PublisherConfig config, ObjectStore store, Clock clock, Backoff backoff) {
        return new Publisher(config, store, Environment.real(clock), backoff);
    }

    /** {@link #publish(Cue, String, OptionalLong)} built on the version live when it starts. */
    public Published publish(Cue cue, String actor) {
        return publish(cue, actor, OptionalLong.empty());
    }

    /**
     * Adds {@code cue} to the current state and publishes it; returns only once the pointer names it and its
     * history entry is written.
     *
     * @param seen the version the operator saw when sending it (empty: the version live when this call starts)
     * @throws InvalidCueException        effective_at in the past/too far ahead, too many pending cues, state too large
     * @throws DeadlineExceededException  it could not be visible before effective_at minus the margin; nothing is
     * @throws BlackedOutException        a BLACKOUT newer than {@code seen} exists or was pressed here; nothing is visible
     * @throws PublishFailedException     store unreachable or conflicts exhausted; nothing is visible
     * @throws OutcomeUnknownException    the store never confirmed whether the pointer write landed
     * @throws LandedLateException        visible, but confirmed only after its deadline
     * @throws UnrecordedException        visible, but its history entry could not be written
     */
    public Published publish(Cue cue, String actor, OptionalLong seen) {
        requireActor(actor);
        long now = clock.millis();
        checkEffectiveAt(cue.effectiveAt(), now);
        long deadline = Math.max(cue.effectiveAt() - config.deadlineMarginMs(), now + config.minBudgetMs());
        return loop.run(new Change.AddCue(cue, actor), deadline, seen);
    }

    public Published publishAll(List<Cue> cues, String actor) {
        return publishAll(cues, actor, OptionalLong.empty());
    }

    /**
     * Adds several cues (a timeline) in one publish: all of them become pending at once, or none does.
     *
     * @throws InvalidCueException an effective_at out of range, or more pending cues than a state holds
     */
    public Published publishAll(List<Cue> cues, String actor, OptionalLong seen) {
        requireActor(actor);
        List<Cue> added = timeline(cues);
        long now = clock.millis();
        long deadline = Math.max(added.get(0).effectiveAt() - config.deadlineMarginMs(), now + config.minBudgetMs());
        return loop.run(new Change.AddTimeline(added, actor), deadline, seen);
    }

    /**
     * The state that publishing {@code cues} would write now, built exactly as {@link #publish}/{@link #publishAll}
     * build it, with the same refusals; writes nothing (the operator's dry run).
     */
    public State preview(List<Cue> cues) {
        return preview(cues, OptionalLong.empty());
    }

    /** The same, refused as GO would refuse it when a BLACKOUT newer than {@code seen} exists. */
    public State preview(List<Cue> cues, OptionalLong seen) {
        List<Cue> added = timeline(cues);
        PublishLoop.Base base = loop.base(readBudget());
        seen.ifPresent(v -> PublishLoop.requireNoBlackoutSince(new Change.AddTimeline(added, "preview"), v, base.blackoutVersion()));
        long now = clock.millis();
        return new State(State.WIRE_VERSION, base.version(), now, null, base.builtOn(),
                StateBuilder.addAll(base.previous(now), added, now));
    }

    public Published undoTo(long version, String actor) {
        return undoTo(version, actor, OptionalLong.empty());
    }

    /**
     * The operator's undo: puts the show back to what {@code version} showed. Every cue pending now is dropped (so
     * an undone timeline stops), the cues in force in that version take over at once, and its cues still pending
     * stay. Under the same flash check as a cue; dropped by a BLACKOUT newer than {@code seen}.
     *
     * @throws InvalidCueException the version was never published, or its state is gone from the store
     */
    public Published undoTo(long version, String actor, OptionalLong seen) {
        requireActor(actor);
        long deadline = clock.millis() + config.minBudgetMs(); // from the press: reading the target counts too
        ShowStore.Budget budget = readBudget();
        List<Cue> target = undoable(version, show.readPointer(budget), budget);
        return loop.run(new Change.Undo(version, target, actor), deadline, seen);
    }

    /** The state {@link #undoTo} would write now, with the same refusals; writes nothing. */
    public State previewUndo(long version) {
        return previewUndo(version, OptionalLong.empty());
    }

    /** The same, refused as the undo would be when a BLACKOUT newer than {@code seen} exists. */
    public State previewUndo(long version, OptionalLong seen) {
        ShowStore.Budget budget = readBudget();
        PublishLoop.Base base = loop.base(budget);
        seen.ifPresent(v -> PublishLoop.requireNoBlackoutSince(new Change.Undo(version, List.of(), "preview"), v, base.blackoutVersion()));
        List<Cue> target = undoable(version, base.pointer(), budget);
        long now = clock.millis();
        return new State(State.WIRE_VERSION, base.version(), now, null, base.builtOn(),
                StateBuilder.undone(base.previous(now), target, now));
    }

    private List<Cue> undoable(long version, ShowStore.PointerRead pointer, ShowStore.Budget budget) {
        long newest = pointer.pointer() == null ? 0 : pointer.version();
        if (version < 1 || version > newest) {
            throw new InvalidCueException("version must be a published version between 1 and " + newest + ", got " + version);
        }
        ShowStore.StateRead read = show.readState(version, budget);
        if (read.state() == null) {
            throw new InvalidCueException("cannot go back to version " + version + ": " + read.problem()
                    + " (garbage-collected or damaged); arm its cue again instead");
        }
        return read.state().cues();
    }

    private List<Cue> timeline(List<Cue> cues) {
        if (cues == null || cues.isEmpty()) {
            throw new InvalidCueException("cues must hold at least one cue");
        }
        long now = clock.millis();
        cues.forEach(c -> checkEffectiveAt(c.effectiveAt(), now));
        return cues.stream().sorted(Comparator.comparingLong(Cue::effectiveAt)).toList();
    }

    /** Publishes a new pointer (and state version, with the same cues) carrying {@code pollMs}. */
    public Published setPollMs(int pollMs, String actor) {
        requireActor(actor);
        if (pollMs < Limits.MIN_POLL_MS || pollMs > Limits.MAX_POLL_MS) {
            throw new InvalidCueException("poll_ms must be between " + Limits.MIN_POLL_MS + " and "
                    + Limits.MAX_POLL_MS + " (1000 for a show, 20000 idle), got " + pollMs);
        }
        return loop.run(new Change.Settings(pollMs, actor), clock.millis() + config.blackoutBudgetMs(), OptionalLong.empty());
    }

    /**
     * Everything off now; every pending cue dropped. Never waits for a cue in flight, reads only the pointer (it
     * works over a missing or damaged state or pointer), hedges slow store calls, and answers within
     * {@link PublisherConfig#blackoutBudgetMs()}.
     */
    public Published blackout(String actor) {
        requireActor(actor);
        return blackout.press(actor);
    }

    /**
     * Publishes {@code cues} (pruned at now; dark when none is left) as a new version, recording {@code note}: how
     * {@link Doctor} repairs a store whose pointer or current state is lost. Only over the pointer the doctor inspected
     * ({@code inspectedEtag}): a BLACKOUT (or any write) that lands meanwhile cancels the repair.
     */
    Published restore(List<Cue> cues, String actor, String note, String inspectedEtag) {
        requireActor(actor);
        return loop.run(new Change.Restore(cues, actor, note, inspectedEtag), clock.millis() + config.blackoutBudgetMs(),
                OptionalLong.empty());
    }

    void backfill(long version, State state, int pollMs) {
        archive.backfill(version, state, pollMs, readBudget());
    }

    /** The current pointer and state, empty before the first publish. */
    public Optional<Snapshot> current() {
        ShowStore.Budget budget = readBudget();
        for (int read = 1; ; read++) {
            ShowStore.PointerRead pointer = show.readPointer(budget);
            if (!pointer.present()) {
                return Optional.empty();
            }
            if (pointer.pointer() == null) {
                throw new StoreUnavailableException(pointer.problem() + " in " + show
                        + "; publishing (or a blackout) replaces it, and 'cuecast doctor' explains", null);
            }
            ShowStore.StateRead state = show.readState(pointer.version(), budget);
            if (state.state() != null) {
                return Optional.of(new Snapshot(pointer.pointer(), state.state()));
            }
            // a pointer read just before a newer publish and a gc may name a state gc has since deleted: read again
            String etagNow = show.readPointer(budget).etag();
            if (read == 3 || Objects.equals(pointer.etag(), etagNow)) {
                throw new StoreUnavailableException(POINTER_NAMES + pointer.pointer().state() + ", but " + state.problem()
                        + " in " + show + "; publishing (or a blackout) recovers, and 'cuecast doctor' explains", null);
            }
        }
    }

    private static final String POINTER_NAMES = ShowStore.POINTER + " names ";

    /** Published versions, newest first. */
    public List<HistoryEntry> history(int limit) {
        return archive.history(limit);
    }

    /**
     * Deletes old states. Never deletes the current state, the {@code keep} newest states below it, any state
     * newer than the pointer (a publisher may be about to name it), or any state published less than
     * {@code minAge} ago (a CDN may still serve a pointer that names it, up to stale-if-error).
     *
     * @return the keys deleted, or that would be deleted when {@code dryRun}
     */
    public List<String> collectGarbage(int keep, Duration minAge, boolean dryRun) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must be at least 0, got " + keep);
        }
        ShowStore.PointerRead pointer = show.readPointer(readBudget());
        if (pointer.pointer() == null) {
            return List.of();
        }
        return archive.collectGarbage(pointer.version(), keep, minAge, dryRun);
    }

    /**
     * Deletes history entries older than {@code retention}, keeping the {@code keep} newest and the live version's.
     *
     * @return the keys deleted, or that would be deleted when {@code dryRun}
     */
    public List<String> collectHistory(Duration retention, int keep, boolean dryRun) {
        ShowStore.PointerRead pointer = show.readPointer(readBudget());
        if (pointer.pointer() == null) {
            return List.of(); // a store that lost its pointer numbers its next version from the history: keep it
        }
        return archive.collectHistory(pointer.version(), retention, keep, dryRun);
    }

    /**
     * Whether the store answers within {@code timeout}: empty when it does, else why not. A damaged pointer still
     * counts as answering (publishing repairs it); the reason is then logged by the caller's doctor, not here.
     */
    public Optional<String> probe(Duration timeout) {
        long ms = timeout.toMillis();
        try {
            show.readPointer(new ShowStore.Budget(clock.millis() + ms, ms, 0));
            return Optional.empty();
        } catch (PublishFailedException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The object keys and typed reads this publisher uses (doctor, tools). */
    public ShowStore show() {
        return show;
    }


    private void checkEffectiveAt(long effectiveAt, long now) {
        if (effectiveAt < now - config.pastGraceMs()) {
            throw new InvalidCueException("effective_at " + effectiveAt + " is " + (now - effectiveAt)
                    + " ms in the past (server now is " + now + "); use a time at or after now, or lead_ms");
        }
        if (effectiveAt > now + config.maxAheadMs()) {
            throw new InvalidCueException("effective_at " + effectiveAt + " is " + (effectiveAt - now)
                    + " ms ahead; at most " + config.maxAheadMs() + " ms ahead of server now (" + now + ") is allowed");
        }
    }

    private static void requireActor(String actor) {
        if (actor == null || actor.isBlank()) {
            throw new InvalidCueException("actor is required: who is publishing (recorded in the history)");
        }
    }

    ShowStore.Budget readBudget() {
        return new ShowStore.Budget(clock.millis() + 4 * config.callTimeoutMs(), config.callTimeoutMs(), 0);
    }
}
