package dev.cuecast.publish;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.InvalidCueException;
import dev.cuecast.flash.FlashGuard;
import dev.cuecast.cue.Limits;
import dev.cuecast.cue.Mode;
import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.State;
import dev.cuecast.cue.StateTooLargeException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes versioned states with the design's protocol; the object store is the only shared state, so several
 * publishers (threads, processes, machines) may publish to one store. Thread-safe.
 *
 * <ol>
 *   <li>read the pointer and its ETag; next version = 1 + the highest of pointer, this publisher's last version
 *       and (on first use or when the pointer is damaged) the newest states/ key and history entry</li>
 *   <li>create {@code states/<v>.json} (carrying a fresh publish id) only if absent; if taken, try v+1</li>
 *   <li>replace the pointer only if its ETag is unchanged (create it only if absent); if another publisher won,
 *       re-read and rebuild on its state with a new version</li>
 *   <li>acknowledge only once the pointer names the new state and its history entry is written</li>
 * </ol>
 * A write whose outcome is unknown (timeout, reset, 5xx) is read back; the publish id says exactly whether the state
 * found is ours. Every cue has a deadline (its effective_at minus a margin): past it the pointer is fenced so the
 * late write can never land, and the cue is refused. Blackout takes its own path: it does not wait for the publish
 * lock, reads only the pointer, hedges slow calls, and a cue still in flight when it is pressed is refused.
 */
public final class Publisher {
    private static final Logger log = LoggerFactory.getLogger(Publisher.class);
    private static final Base64.Encoder IDS = Base64.getUrlEncoder().withoutPadding();
    /** Bounds the read-back and blackout loops even when a (test) clock stands still. */
    private static final int MAX_READ_BACKS = 20;
    private static final int MAX_BLACKOUT_ATTEMPTS = 50;

    private final PublisherConfig config;
    private final ShowStore show;
    private final Archive archive;
    private final Clock clock;
    private final Backoff backoff;
    private final SecureRandom random = new SecureRandom();
    /** Serialises cues and settings from this instance; blackout never takes it. */
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong lastVersion = new AtomicLong();
    /** Counts blackouts started here: a cue that started before one is refused instead of landing after it. */
    private final AtomicLong blackouts = new AtomicLong();
    /** Versions acknowledged whose history entry could not be written yet; retried after each publish. */
    private final Map<Long, HistoryEntry> unrecorded = new ConcurrentHashMap<>();
    private volatile boolean listed;

    private Publisher(PublisherConfig config, ObjectStore store, Clock clock, Backoff backoff) {
        this.config = config;
        this.show = new ShowStore(store, clock, new Calls());
        this.archive = new Archive(show, clock, config.callTimeoutMs());
        this.clock = clock;
        this.backoff = backoff;
    }

    public static Publisher create(PublisherConfig config, ObjectStore store, Clock clock) {
        return new Publisher(config, store, clock, Backoff.standard());
    }

    static Publisher create(PublisherConfig config, ObjectStore store, Clock clock, Backoff backoff) {
        return new Publisher(config, store, clock, backoff);
    }

    /**
     * Adds {@code cue} to the current state and publishes it; returns only once the pointer names it.
     *
     * @throws InvalidCueException        effective_at in the past/too far ahead, too many pending cues, state too large
     * @throws DeadlineExceededException  it could not be visible before effective_at minus the margin; nothing is
     * @throws BlackedOutException        a blackout was pressed while it was in flight; nothing is visible
     * @throws PublishFailedException     store unreachable or conflicts exhausted; nothing is visible
     * @throws OutcomeUnknownException    the store never confirmed whether the pointer write landed
     */
    public Published publish(Cue cue, String actor) {
        requireActor(actor);
        long now = clock.millis();
        checkEffectiveAt(cue.effectiveAt(), now);
        long deadline = Math.max(cue.effectiveAt() - config.deadlineMarginMs(), now + config.minBudgetMs());
        return run(new Change("cue", actor, null, true) {
            @Override
            List<Cue> cues(List<Cue> previous, long at) {
                return FlashGuard.checked(previous, cue, at, when -> StateBuilder.add(previous, FlashGuard.at(cue, when), at));
            }

            @Override
            Cue recorded(List<Cue> built) {
                return cue;
            }

            @Override
            long effectiveAt(long at) {
                return cue.effectiveAt();
            }
        }, deadline);
    }

    /**
     * Adds several cues (a timeline) in one publish: all of them become pending at once, or none does.
     *
     * @throws InvalidCueException an effective_at out of range, or more pending cues than a state holds
     */
    public Published publishAll(List<Cue> cues, String actor) {
        requireActor(actor);
        List<Cue> added = timeline(cues);
        long now = clock.millis();
        long deadline = Math.max(added.get(0).effectiveAt() - config.deadlineMarginMs(), now + config.minBudgetMs());
        return run(new Change("timeline", actor, null, true) {
            @Override
            List<Cue> cues(List<Cue> previous, long at) {
                return addAll(previous, added, at);
            }

            @Override
            Cue recorded(List<Cue> built) {
                return added.get(0);
            }

            @Override
            long effectiveAt(long at) {
                return added.get(0).effectiveAt();
            }
        }, deadline);
    }

    /**
     * The state that publishing {@code cues} would write now, built exactly as {@link #publish}/{@link #publishAll}
     * build it, with the same refusals; writes nothing (the operator's dry run).
     */
    public State preview(List<Cue> cues) {
        List<Cue> added = timeline(cues);
        Base base = base(readBudget());
        long now = clock.millis();
        return new State(State.WIRE_VERSION, base.version, now, addAll(base.previous(now), added, now));
    }

    /**
     * The operator's undo: puts the show back to what {@code version} showed. Every cue pending now is dropped (so
     * an undone timeline stops), the cues in force in that version take over at once, and its cues still pending
     * stay pending. Under the same flash check as a cue; dropped by a blackout pressed while it is in flight.
     *
     * @throws InvalidCueException the version was never published, or its state is gone from the store
     */
    public Published undoTo(long version, String actor) {
        requireActor(actor);
        ShowStore.Budget budget = readBudget();
        List<Cue> target = undoable(version, show.readPointer(budget), budget);
        long deadline = clock.millis() + config.minBudgetMs();
        return run(new Change("undo", actor, null, true) {
            private long at;

            @Override
            List<Cue> cues(List<Cue> previous, long at) {
                this.at = at;
                return undone(previous, target, at);
            }

            @Override
            Cue recorded(List<Cue> built) {
                Cue inForce = null; // the history shows the cue the undo put back on screen
                for (Cue c : built) {
                    if (c.effectiveAt() <= at) {
                        inForce = c;
                    }
                }
                return inForce;
            }

            @Override
            String note(String found) {
                return "back to version " + version + (found == null ? "" : "; " + found);
            }
        }, deadline);
    }

    /** The state {@link #undoTo} would write now, with the same refusals; writes nothing. */
    public State previewUndo(long version) {
        ShowStore.Budget budget = readBudget();
        Base base = base(budget);
        List<Cue> target = undoable(version, base.pointer, budget);
        long now = clock.millis();
        return new State(State.WIRE_VERSION, base.version, now, undone(base.previous(now), target, now));
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

    /**
     * What the phones were told at {@code now} (pending cues dropped), then the target's cues in force re-stamped
     * {@code now} in their order, then its pending cues.
     */
    private static List<Cue> undone(List<Cue> previous, List<Cue> target, long now) {
        List<Cue> shown = previous.stream().filter(c -> c.effectiveAt() <= now).toList();
        List<Cue> added = new ArrayList<>();
        for (Cue c : StateBuilder.prune(target, now)) {
            added.add(c.effectiveAt() <= now ? FlashGuard.at(c, now) : c);
        }
        if (added.isEmpty() || added.get(0).effectiveAt() > now) {
            added.add(0, Cue.off(now)); // nothing was in force in that version: it showed dark
        }
        return addAll(shown, added, now);
    }

    /**
     * Each cue added in effective_at order (the pending limit is checked on a list that only grows), under the
     * same flash check as a single cue: a refusal names the earliest time the whole group would fit.
     */
    private static List<Cue> addAll(List<Cue> previous, List<Cue> added, long now) {
        return FlashGuard.checkedAll(previous, added, now, shift -> {
            List<Cue> cues = previous;
            for (Cue cue : added) {
                cues = StateBuilder.add(cues, shift == 0 ? cue : FlashGuard.at(cue, cue.effectiveAt() + shift), now);
            }
            return cues;
        });
    }

    private List<Cue> timeline(List<Cue> cues) {
        if (cues == null || cues.isEmpty()) {
            throw new InvalidCueException("cues must hold at least one cue");
        }
        long now = clock.millis();
        cues.forEach(c -> checkEffectiveAt(c.effectiveAt(), now));
        return cues.stream().sorted(java.util.Comparator.comparingLong(Cue::effectiveAt)).toList();
    }

    /** Publishes a new pointer (and state version, with the same cues) carrying {@code pollMs}. */
    public Published setPollMs(int pollMs, String actor) {
        requireActor(actor);
        if (pollMs < Limits.MIN_POLL_MS || pollMs > Limits.MAX_POLL_MS) {
            throw new InvalidCueException("poll_ms must be between " + Limits.MIN_POLL_MS + " and "
                    + Limits.MAX_POLL_MS + " (1000 for a show, 20000 idle), got " + pollMs);
        }
        return run(new Change("settings", actor, pollMs, false) {
            @Override
            List<Cue> cues(List<Cue> previous, long at) {
                // a state needs a cue; before the first publish the show is dark
                return previous.isEmpty() ? List.of(Cue.off(at)) : StateBuilder.prune(previous, at);
            }
        }, clock.millis() + config.blackoutBudgetMs());
    }

    /**
     * Everything off now; every pending cue dropped. Never waits for a cue in flight, reads only the pointer (it
     * works over a missing or damaged state or pointer), hedges slow store calls, and keeps trying for
     * {@link PublisherConfig#blackoutBudgetMs()}.
     */
    public Published blackout(String actor) {
        requireActor(actor);
        blackouts.incrementAndGet();
        long start = clock.millis();
        ShowStore.Budget budget = new ShowStore.Budget(start + config.blackoutBudgetMs(), config.blackoutCallMs(),
                config.hedgeAfterMs());
        PublishFailedException last = null;
        for (int attempt = 1; attempt <= MAX_BLACKOUT_ATTEMPTS && clock.millis() < budget.deadline(); attempt++) {
            try {
                ShowStore.PointerRead before = show.readPointer(budget);
                long now = clock.millis();
                Base base = new Base(before, null, nextVersion(before, budget), epochOf(before), before.problem());
                int pollMs = before.pointer() != null ? before.pointer().pollMs() : config.initialPollMs();
                List<Cue> cues = StateBuilder.blackout(now);
                Written written = writeState(base.version, now, cues, budget, false);
                Pointer pointer = Pointer.of(written.version, pollMs, now, base.epoch).inlining(written.state, written.bytes);
                if (putPointer(pointer, before, written.publishId, budget, budget.deadline())) {
                    return acknowledge(new Change("blackout", actor, null, false), written, pollMs, now, cues, base.note);
                }
                log.debug("blackout version {} lost the pointer to another write; trying again", written.version);
            } catch (PublishFailedException e) {
                last = e;
                log.debug("blackout attempt {} failed: {}", attempt, e.getMessage());
                backoff.pause(Math.min(attempt, 3));
            }
        }
        throw new StoreUnavailableException("blackout could not be written within " + config.blackoutBudgetMs()
                + " ms (" + MAX_BLACKOUT_ATTEMPTS + " attempts)" + (last == null ? "" : ": " + last.getMessage()) + "; press it again", last);
    }

    /**
     * Publishes {@code cues} (pruned at now; dark when none is left) as a new version, recording {@code note}: how
     * {@link Doctor} repairs a store whose pointer or current state is lost.
     */
    Published restore(List<Cue> cues, String actor, String note) {
        requireActor(actor);
        return run(new Change("restore", actor, null, false) {
            @Override
            List<Cue> cues(List<Cue> previous, long at) {
                List<Cue> kept = StateBuilder.prune(cues, at);
                return kept.isEmpty() ? List.of(Cue.off(at)) : kept;
            }

            @Override
            String note(String found) {
                return note;
            }
        }, clock.millis() + config.blackoutBudgetMs());
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

    // --- the publish loop -----------------------------------------------------------------------------------

    private Published run(Change change, long deadline) {
        long generation = blackouts.get();
        long started = clock.millis();
        acquire(deadline, change);
        try {
            ShowStore.Budget budget = new ShowStore.Budget(deadline, config.callTimeoutMs(), 0);
            VersionConflictException lastConflict = null;
            for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
                if (attempt > 1) {
                    backoff.pause(attempt - 1);
                }
                try {
                    requireBefore(deadline, change, "before attempt " + attempt);
                    requireNoBlackout(change, generation, started, null);
                    Base base = base(budget);
                    if (lastConflict != null) {
                        requireNoBlackout(change, generation, started, base.state);
                    }
                    long now = clock.millis();
                    List<Cue> cues = change.cues(base.previous(now), now);
                    int pollMs = change.pollMs != null ? change.pollMs
                            : base.pointer.pointer() != null ? base.pointer.pointer().pollMs() : config.initialPollMs();
                    long callStart = clock.millis();
                    Written written = writeState(base.version, now, cues, budget, true);
                    long writeMs = clock.millis() - callStart;
                    requireNoBlackout(change, generation, started, null);
                    // a pointer write that cannot answer before the deadline would risk landing late: do not start it
                    requireBefore(deadline - writeMs, change, "before writing the pointer (the last store write took "
                            + writeMs + " ms)");
                    Pointer pointer = Pointer.of(written.version, pollMs, now, base.epoch).inlining(written.state, written.bytes);
                    if (putPointer(pointer, base.pointer, written.publishId, budget, deadline)) {
                        return acknowledge(change, written, pollMs, now, cues, change.note(base.note));
                    }
                    lastConflict = new VersionConflictException(ShowStore.POINTER + " moved while publishing version "
                            + written.version);
                    log.debug("pointer moved while publishing version {} (attempt {}); rebuilding", written.version, attempt);
                } catch (StoreUnavailableException e) {
                    if (clock.millis() >= deadline) {
                        throw tooLate(change, deadline, e);
                    }
                    throw e;
                }
            }
            throw new ConflictsExhaustedException("gave up after " + config.maxAttempts()
                    + (config.maxAttempts() == 1 ? " attempt" : " attempts")
                    + ": other publishers kept moving the pointer; nothing was published", lastConflict);
        } finally {
            lock.unlock();
        }
    }

    private void acquire(long deadline, Change change) {
        try {
            long waitMs = deadline - clock.millis();
            if (waitMs <= 0 || !lock.tryLock(waitMs, TimeUnit.MILLISECONDS)) {
                throw tooLate(change, deadline, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while waiting for the publish before it; nothing was published", e);
        }
    }

    /** The pointer, the state it names (when the change needs it), the next version and epoch, what was damaged. */
    private record Base(ShowStore.PointerRead pointer, State state, long version, String epoch, String note) {
        /** The cues the next state builds on: over a damaged store the cue in force is unknown, so dark until the new cue. */
        List<Cue> previous(long now) {
            return note != null ? List.of(Cue.off(now)) : state == null ? List.of() : state.cues();
        }
    }

    private Base base(ShowStore.Budget budget) {
        ShowStore.PointerRead pointer;
        String note;
        State state = null;
        for (int read = 1; ; read++) {
            pointer = show.readPointer(budget);
            note = pointer.problem();
            if (pointer.pointer() == null) {
                break;
            }
            ShowStore.StateRead current = show.readState(pointer.version(), budget);
            state = current.state();
            // a pointer read just before a newer publish and a gc may name a state gc has since deleted: read again
            if (state != null || read == 3 || Objects.equals(show.readPointer(budget).etag(), pointer.etag())) {
                if (state == null) {
                    note = ShowStore.POINTER + " named " + current.key() + ", but " + current.problem()
                            + "; its pending cues were lost, so the show was dark until this publish";
                }
                break;
            }
        }
        long version = nextVersion(pointer, budget);
        if (!pointer.present()) {
            // a fresh store is not damaged; a store with versions but no pointer is
            note = version == 1 ? null : ShowStore.POINTER + " was missing; continued after version " + (version - 1)
                    + " from the states and history, in a new epoch";
        } else if (pointer.pointer() == null) {
            note = pointer.problem() + "; replaced, continuing after version " + (version - 1) + " in a new epoch";
        }
        return new Base(pointer, state, version, epochOf(pointer), note);
    }

    /** 1 + the highest of pointer, this publisher's last version and, when needed, the states/ and history keys. */
    private long nextVersion(ShowStore.PointerRead pointer, ShowStore.Budget budget) {
        long floor = Math.max(pointer.version(), lastVersion.get());
        if (!listed || pointer.pointer() == null) {
            floor = Math.max(floor, show.newestListedVersion(budget));
            listed = true;
        }
        return floor + 1;
    }

    private String epochOf(ShowStore.PointerRead pointer) {
        if (pointer.pointer() != null && pointer.pointer().epoch() != null) {
            return pointer.pointer().epoch();
        }
        return newId(12);
    }

    /** A state written at {@code version}: the value and its exact canonical bytes (which the pointer may inline). */
    private record Written(long version, String publishId, State state, byte[] bytes) {
    }

    /**
     * Creates the state at {@code version} or the next free version. A write whose outcome is unknown is read back:
     * a state carrying our publish id is ours.
     */
    private Written writeState(long version, long now, List<Cue> cues, ShowStore.Budget budget, boolean limitSize) {
        String id = newId(16);
        int unclear = 0;
        for (int taken = 0; ; ) {
            State state = new State(State.WIRE_VERSION, version, now, id, cues);
            byte[] bytes = show.write(state);
            if (limitSize && bytes.length > config.maxStateBytes()) {
                throw new StateTooLargeException("the new state would be " + bytes.length + " bytes; at most "
                        + config.maxStateBytes() + " bytes are allowed, because every phone downloads it at each version. "
                        + "Let pending cues take effect first, use fewer or smaller winners draws, or black out to drop "
                        + "the pending cues");
            }
            String key = ShowStore.stateKey(version);
            boolean exists;
            try {
                show.createOnly(key, bytes, CachePolicy.STATE, budget);
                lastVersion.accumulateAndGet(version, Math::max);
                return new Written(version, id, state, bytes);
            } catch (VersionConflictException e) {
                exists = true;
            } catch (StoreUnavailableException e) {
                // timeout, reset or 5xx: it may have landed; read back (a store that keeps failing fails the publish)
                if (++unclear > 2) {
                    throw e;
                }
                exists = false;
                log.debug("writing {} had no clear answer ({}); reading it back", key, e.getMessage());
            }
            ShowStore.StateRead read = show.readState(version, budget);
            if (read.state() != null && id.equals(read.state().publishId())) {
                lastVersion.accumulateAndGet(version, Math::max);
                return new Written(version, id, state, bytes);
            }
            if (!exists && read.missing()) {
                continue; // not there: write it again (a late copy of the first write then meets If-None-Match)
            }
            lastVersion.accumulateAndGet(version, Math::max);
            version++;
            if (++taken > config.maxAttempts()) {
                throw new ConflictsExhaustedException("gave up: " + config.maxAttempts() + " versions up to " + key
                        + " exist already; nothing was published", new VersionConflictException(key + " already exists"));
            }
        }
    }

    /**
     * Writes the pointer naming our state, conditional on the pointer we read. When the answer is unclear, reads back
     * until it knows: ours (true), or another write moved the pointer (false: our conditional write can never land
     * now). While the pointer is unchanged the write is sent again before {@code deadline}; after it the pointer is
     * fenced (rewritten with the same version) so our late write can never land.
     *
     * @throws OutcomeUnknownException the store never answered clearly within the read-back budget
     */
    private boolean putPointer(Pointer pointer, ShowStore.PointerRead before, String publishId, ShowStore.Budget budget,
                               long deadline) {
        byte[] body = show.write(pointer);
        ShowStore.Budget readBack = new ShowStore.Budget(Math.max(deadline, clock.millis()) + config.blackoutBudgetMs(),
                budget.capMs(), budget.hedgeMs());
        PublishFailedException unclear = null;
        boolean send = true;
        for (int round = 0; round < MAX_READ_BACKS && clock.millis() < readBack.deadline(); round++) {
            boolean refused = false;
            if (send) {
                try {
                    show.writePointer(body, before.etag(), budget);
                    return true;
                } catch (VersionConflictException e) {
                    // a lost response plus a retry refuses our own write with 412 too: read back
                    refused = true;
                } catch (PublishFailedException e) {
                    unclear = e;
                }
            }
            try {
                ShowStore.PointerRead now = show.readPointer(readBack);
                if (now.pointer() != null && now.pointer().version() == pointer.version()) {
                    ShowStore.StateRead state = show.readState(pointer.version(), readBack);
                    return state.state() != null && publishId.equals(state.state().publishId());
                }
                if (refused || !Objects.equals(now.etag(), before.etag())) {
                    return false; // moved on, or refused outright: our conditional write cannot land now
                }
                if (clock.millis() < deadline) {
                    send = true; // unchanged: our write did not land (yet); send it again
                    continue;
                }
                send = false;
                if (now.pointer() == null) {
                    unclear = new StoreUnavailableException(ShowStore.POINTER + " is missing or unreadable, so a late "
                            + "write cannot be fenced off", unclear);
                    backoff.pause(Math.min(round + 1, 3));
                    continue;
                }
                Pointer p = now.pointer();
                Pointer fence = new Pointer(p.v(), p.version(), p.state(), p.pollMs(),
                        Math.max(p.publishedAt() + 1, clock.millis()), p.epoch(), p.inline()); // the same news, a new ETag
                show.writePointer(show.write(fence), before.etag(), readBack);
                log.info("fenced {} after a late write of version {}: it can no longer land", ShowStore.POINTER,
                        pointer.version());
                return false;
            } catch (VersionConflictException e) {
                // the fence lost to a write: read again to learn whose
            } catch (PublishFailedException e) {
                unclear = e;
            }
        }
        throw new OutcomeUnknownException("the store did not confirm whether version " + pointer.version()
                + " became visible" + (unclear == null ? "" : " (" + unclear.getMessage() + ")")
                + "; look at the current state before sending again", unclear);
    }

    private Published acknowledge(Change change, Written written, int pollMs, long now, List<Cue> cues, String note) {
        if (note != null) {
            log.warn("recovered while publishing version {}: {}", written.version, note);
        }
        HistoryEntry entry = new HistoryEntry(written.version, now, change.actor, change.action, change.recorded(cues),
                pollMs, written.publishId, note);
        ShowStore.Budget budget = new ShowStore.Budget(clock.millis() + config.blackoutBudgetMs(), config.blackoutCallMs(),
                config.hedgeAfterMs());
        if (!archive.record(entry, budget)) {
            unrecorded.put(entry.version(), entry);
        }
        // versions acknowledged earlier whose entry could not be written then
        unrecorded.values().removeIf(e -> e.version() != entry.version() && archive.record(e, budget));
        return new Published(written.version, change.effectiveAt(now), ShowStore.stateKey(written.version));
    }

    private void requireBefore(long deadline, Change change, String when) {
        if (clock.millis() >= deadline) {
            throw tooLate(change, deadline, null);
        }
    }

    private DeadlineExceededException tooLate(Change change, long deadline, Exception cause) {
        String what = change.action.equals("cue") ? "the cue" : "the " + change.action;
        return new DeadlineExceededException(what + " could not be visible before its deadline " + deadline
                + " (effective_at minus " + config.deadlineMarginMs() + " ms), so it was not published"
                + (cause == null ? " (the store or an earlier publish is slow)" : " (" + cause.getMessage() + ")")
                + "; nothing of it is visible. Send it again with a later effective_at or a longer lead_ms", cause);
    }

    /** A cue in flight when a blackout was pressed (here, or seen in the store after a conflict) is dropped. */
    private void requireNoBlackout(Change change, long generation, long started, State newer) {
        if (!change.droppedByBlackout) {
            return;
        }
        boolean blackedOut = blackouts.get() != generation;
        if (newer != null && newer.cues().size() == 1) {
            Cue only = newer.cues().get(0);
            blackedOut |= only.mode() == Mode.OFF && only.everywhere() && only.effectiveAt() >= started;
        }
        if (blackedOut) {
            throw new BlackedOutException("BLACKOUT was pressed while this cue was being published, so the cue was "
                    + "dropped (blackout drops every pending cue); nothing of it is visible. Send it again to show it");
        }
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

    private String newId(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return IDS.encodeToString(b);
    }

    ShowStore.Budget readBudget() {
        return new ShowStore.Budget(clock.millis() + 4 * config.callTimeoutMs(), config.callTimeoutMs(), 0);
    }

    /** What one publish does to the state; applied again on top of a newer state after a lost race. */
    private static class Change {
        final String action;
        final String actor;
        final Integer pollMs;
        /** A blackout pressed while it is in flight drops it (cues; not settings, which only carry poll_ms). */
        final boolean droppedByBlackout;

        Change(String action, String actor, Integer pollMs, boolean droppedByBlackout) {
            this.action = action;
            this.actor = actor;
            this.pollMs = pollMs;
            this.droppedByBlackout = droppedByBlackout;
        }

        List<Cue> cues(List<Cue> previous, long now) {
            return previous;
        }

        Cue recorded(List<Cue> built) {
            return built.isEmpty() ? null : action.equals("blackout") ? built.get(0) : null;
        }

        long effectiveAt(long now) {
            return now;
        }

        /** What the history records as recovered ({@code found}: what this publish found damaged, or null). */
        String note(String found) {
            return found;
        }
    }
}
