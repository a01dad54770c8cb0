package dev.cuecast.publish;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.InvalidCueException;
import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.State;
import dev.cuecast.cue.StateTooLargeException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publishing protocol: build a state on the pointer read, create it only if absent, replace the pointer only if
 * it is still the one read, acknowledge once it is visible and recorded. What it guarantees, with several writers
 * and calls that time out, lose their answer or land after their caller gave up:
 * <ul>
 *   <li>a change built on a version older than the newest BLACKOUT (the pointer's {@code blackout}) is refused, at
 *       every attempt, whoever pressed the BLACKOUT: ordering is by versions, never by clocks;</li>
 *   <li>an unclear pointer write is read back; when the pointer moved on, the newer state's lineage ({@code base})
 *       tells whether ours was live underneath it, so a lost answer is never published twice or refused wrongly;</li>
 *   <li>no pointer write is sent at or after the deadline; a write still unclear then is fenced off, and a version
 *       confirmed only after its deadline is reported as late, never acknowledged as on time;</li>
 *   <li>an ack means visible and recorded in the history.</li>
 * </ul>
 */
final class PublishLoop {
    private static final Logger log = LoggerFactory.getLogger(PublishLoop.class);
    private static final Base64.Encoder IDS = Base64.getUrlEncoder().withoutPadding();
    /** Bounds the read-back loop even when a (test) clock stands still. */
    private static final int MAX_READ_BACKS = 20;
    /** How many states back a lineage walk may read before it calls the outcome unknown. */
    private static final int MAX_LINEAGE = 64;

    private final PublisherConfig config;
    private final ShowStore show;
    private final Archive archive;
    private final Clock clock;
    private final Backoff backoff;
    private final RandomGenerator random;
    /** Serialises cues and settings from this instance; blackout never takes it. */
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong lastVersion = new AtomicLong();
    /** Counts blackouts started here: a change that started before one is refused even before the BLACKOUT lands. */
    private final AtomicLong blackouts = new AtomicLong();
    /** Versions known to have their history entry (recorded here, or checked): bounded, newest kept. */
    private final java.util.Set<Long> checked = java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > 256;
        }
    }));
    /** Versions live whose history entry could not be written yet; retried after each publish. */
    private final Map<Long, HistoryEntry> unrecorded = new ConcurrentHashMap<>();

    PublishLoop(PublisherConfig config, ShowStore show, Archive archive, Clock clock, Backoff backoff, RandomGenerator random) {
        this.config = config;
        this.show = show;
        this.archive = archive;
        this.clock = clock;
        this.backoff = backoff;
        this.random = random;
    }

    /** What a pointer write came to. */
    enum Landing {
        /** visible, and confirmed before the deadline */
        LANDED,
        /** visible, but confirmed only after the deadline: it may have become visible late */
        LATE,
        /** not visible, and our conditional write can never land now */
        MOVED
    }

    /** The pointer, the state it names (when needed), the next version and epoch, the newest BLACKOUT, damage found. */
    record Base(ShowStore.PointerRead pointer, State state, long version, String epoch, Long blackout, String note,
                long firstSeen) {
        /** The cues the next state builds on: over a damaged store the cue in force is unknown, so dark until the new cue. */
        List<Cue> previous(long now) {
            return note != null ? List.of(Cue.off(now)) : state == null ? List.of() : state.cues();
        }

        /** The version the new state is built on: the one the conditional pointer write replaces (null: none readable). */
        Long builtOn() {
            return pointer.pointer() == null ? null : pointer.version();
        }

        long blackoutVersion() {
            return blackout == null ? 0 : blackout;
        }
    }

    /** A state written at {@code version}: the value and its exact canonical bytes (which the pointer may inline). */
    record Written(long version, String publishId, State state, byte[] bytes) {
    }

    /** Started by every BLACKOUT of this process, before it writes anything. */
    void blackoutStarted() {
        blackouts.incrementAndGet();
    }

    /**
     * Publishes {@code change} before {@code deadline}.
     *
     * @param seen the version the operator saw when deciding (empty: the version live when this call starts)
     */
    Published run(Change change, long deadline, OptionalLong seen) {
        long generation = blackouts.get();
        acquire(deadline, change);
        try {
            ShowStore.Budget budget = new ShowStore.Budget(deadline, config.callTimeoutMs(), 0);
            long builtOn = seen.orElse(-1);
            VersionConflictException lastConflict = null;
            for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
                if (attempt > 1) {
                    backoff.pause(attempt - 1);
                }
                try {
                    requireBefore(deadline, change);
                    requireNoLocalBlackout(change, generation);
                    Base base = base(budget);
                    if (builtOn < 0) {
                        builtOn = base.firstSeen(); // what this change was decided on: the first pointer it read
                    } else if (attempt == 1 && base.pointer.pointer() != null && builtOn > base.pointer.version()) {
                        throw new InvalidCueException("base_version " + builtOn + " is newer than the live version "
                                + base.pointer.version() + " (the store was rebuilt?); reload the live view and send again");
                    }
                    requireNoBlackoutSince(change, builtOn, base.blackoutVersion());
                    if (change instanceof Change.Restore restore && !Objects.equals(restore.inspectedEtag(), base.pointer.etag())) {
                        throw new ConflictsExhaustedException("the store changed while it was being repaired (another "
                                + "write landed); nothing was published: run doctor again", null);
                    }
                    long now = clock.millis();
                    List<Cue> previous = base.previous(now);
                    List<Cue> cues = change.cues(previous, shown(base, previous, now, budget), now);
                    int pollMs = change.pollMs() != null ? change.pollMs()
                            : base.pointer.pointer() != null ? base.pointer.pointer().pollMs() : config.initialPollMs();
                    long callStart = clock.millis();
                    Written written = writeState(base.version, now, base.builtOn(), cues, budget, true);
                    long writeMs = clock.millis() - callStart;
                    requireNoLocalBlackout(change, generation);
                    // a pointer write that cannot answer before the deadline would risk landing late: do not start it
                    requireBefore(deadline - writeMs, change);
                    Pointer pointer = Pointer.of(written.version, pollMs, now, base.epoch)
                            .naming(written.publishId, base.blackout).inlining(written.state, written.bytes);
                    Landing landing = putPointer(pointer, base.pointer, written.publishId, budget, deadline,
                            config.blackoutCallMs());
                    if (landing != Landing.MOVED) {
                        ShowStore.Budget history = historyBudget(clock.millis() + config.blackoutCallMs());
                        Published published = acknowledge(change, written, pollMs, now, cues, change.note(base.note), history);
                        recordBase(base, history);
                        if (landing == Landing.LATE) {
                            throw new LandedLateException(published, deadline);
                        }
                        return published;
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

    Base base(ShowStore.Budget budget) {
        ShowStore.PointerRead pointer = show.readPointer(budget);
        long listed = -1;
        if (pointer.pointer() == null && pointer.present() || !pointer.present()) {
            // lost or unreadable: list what exists, then read the pointer again; that read is what this change
            // decides on, so everything listed existed before it
            listed = show.newestListedVersion(budget);
            pointer = show.readPointer(budget);
        }
        String note = pointer.problem();
        State state = null;
        long firstSeen = pointer.pointer() != null ? pointer.version() : -1;
        for (int read = 1; pointer.pointer() != null; read++) {
            ShowStore.StateRead current = show.readState(pointer.version(), budget);
            state = current.state();
            // a pointer read just before a newer publish and a gc may name a state gc has since deleted: read again
            ShowStore.PointerRead again = state != null || read == 3 ? pointer : show.readPointer(budget);
            if (state != null || read == 3 || Objects.equals(again.etag(), pointer.etag()) || again.pointer() == null) {
                if (state == null) {
                    note = ShowStore.POINTER + " named " + current.key() + ", but " + current.problem()
                            + "; its pending cues were lost, so the show was dark until this publish";
                }
                break;
            }
            pointer = again;
        }
        long version = pointer.pointer() != null || listed < 0 ? nextVersion(pointer, budget)
                : Math.max(listed, lastVersion.get()) + 1;
        if (!pointer.present()) {
            // a fresh store is not damaged; a store with versions but no pointer is
            note = version == 1 ? null : ShowStore.POINTER + " was missing; continued after version " + (version - 1)
                    + " from the states and history, in a new epoch";
        } else if (pointer.pointer() == null) {
            note = pointer.problem() + "; replaced, continuing after version " + (version - 1) + " in a new epoch";
        }
        Long blackout = blackoutOf(pointer, version);
        // over a lost or unreadable pointer, what was listed before the last read is what this change saw
        long seen = firstSeen >= 0 ? firstSeen : blackout == null ? 0 : blackout;
        return new Base(pointer, state, version, epochOf(pointer), blackout, note, seen);
    }

    /**
     * What phones showed over the last {@link #RECENT_MS}: the current state's cues, preceded by those of the
     * versions before it that were live in that time (each cut where the next version took over), found by walking
     * the states' bases. Only a show that changed within the last seconds costs reads; an unreadable older state
     * ends the walk (the check then judges what it has).
     */
    List<Cue> shown(Base base, List<Cue> previous, long now, ShowStore.Budget budget) {
        // only when the screen changed lately: a state whose cues in force took effect long ago says all
        long since = previous.stream().filter(c -> c.effectiveAt() <= now).mapToLong(Cue::effectiveAt).min().orElse(Long.MIN_VALUE);
        if (base.state == null || base.state.base() == null || since <= now - RECENT_MS) {
            return previous;
        }
        List<Cue> shown = new java.util.ArrayList<>(previous);
        State newer = base.state;
        for (int step = 0; step < MAX_RECENT_VERSIONS && newer.base() != null && newer.publishedAt() > now - RECENT_MS; step++) {
            ShowStore.StateRead older;
            try {
                older = show.readState(newer.base(), budget);
            } catch (PublishFailedException e) {
                break;
            }
            if (older.state() == null) {
                break;
            }
            // before the newer version took over, phones showed the older one; from then on, the newer one
            long until = newer.publishedAt();
            List<Cue> merged = new java.util.ArrayList<>();
            older.state().cues().stream().filter(c -> c.effectiveAt() < until).forEach(merged::add);
            for (Cue c : shown) {
                merged.add(c.effectiveAt() < until ? dev.cuecast.flash.FlashGuard.at(c, until) : c);
            }
            shown = merged;
            newer = older.state();
        }
        return List.copyOf(shown);
    }

    /** How far back the flash check looks across versions: two of its windows. */
    static final long RECENT_MS = 2L * dev.cuecast.cue.Limits.FLASH_SERVER_WINDOW_MS;
    private static final int MAX_RECENT_VERSIONS = 8;

    /**
     * The newest BLACKOUT as the pointer says; when the pointer is lost or unreadable nobody can tell, so every
     * version that exists counts as one: a change built on any of them is refused rather than risk landing after one.
     */
    static Long blackoutOf(ShowStore.PointerRead pointer, long nextVersion) {
        if (pointer.pointer() != null) {
            return pointer.pointer().blackout();
        }
        return nextVersion > 1 ? nextVersion - 1 : null;
    }

    /**
     * 1 + the highest of the pointer and this publisher's last version. Versions above the pointer (writes refused or
     * crashed before their pointer write) are skipped by the create-only state write, so only a lost or unreadable
     * pointer needs a listing of the states and history: BLACKOUT's first write never waits for one.
     */
    long nextVersion(ShowStore.PointerRead pointer, ShowStore.Budget budget) {
        long floor = Math.max(pointer.version(), lastVersion.get());
        if (pointer.pointer() == null) {
            floor = Math.max(floor, show.newestListedVersion(budget));
        }
        return floor + 1;
    }

    String epochOf(ShowStore.PointerRead pointer) {
        if (pointer.pointer() != null && pointer.pointer().epoch() != null) {
            return pointer.pointer().epoch();
        }
        return newId(12);
    }

    /**
     * Creates the state at {@code version} or the next free version. A write whose outcome is unknown is read back:
     * a state carrying our publish id is ours.
     */
    Written writeState(long version, long now, Long builtOn, List<Cue> cues, ShowStore.Budget budget, boolean limitSize) {
        String id = newId(16);
        int unclear = 0;
        for (int taken = 0; ; ) {
            State state = new State(State.WIRE_VERSION, version, now, id, builtOn, cues);
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
     * Writes the pointer naming our state, conditional on the pointer we read, and learns whether it is visible.
     * The write is sent (again, while the pointer is unchanged and the answer unclear) only before {@code deadline};
     * after it an unchanged pointer is fenced (rewritten with the same version) so our late write can never land.
     * When the pointer moved on, the lineage of the state it names says whether ours was live underneath.
     *
     * @param readBackMs how long after the deadline (or after an unclear write that ended past it) to keep reading
     *                   back: the answer is bounded, however slow the store
     * @throws OutcomeUnknownException the store never answered clearly within the read-back budget
     */
    Landing putPointer(Pointer pointer, ShowStore.PointerRead before, String publishId, ShowStore.Budget budget,
                       long deadline, long readBackMs) {
        byte[] body = show.write(pointer);
        ShowStore.Budget readBack = new ShowStore.Budget(Math.max(deadline, clock.millis()) + readBackMs, budget.capMs(),
                budget.hedgeMs());
        ShowStore.Budget sending = new ShowStore.Budget(Math.min(deadline, budget.deadline()), budget.capMs(), budget.hedgeMs());
        PublishFailedException unclear = null;
        // a copy of ours may still land: one sent whose answer was unclear, or a hedged second copy
        boolean mayLand = false;
        boolean send = true;
        for (int round = 0; round < MAX_READ_BACKS && clock.millis() < readBack.deadline(); round++) {
            boolean refused = false;
            if (send && clock.millis() < deadline) {
                try {
                    mayLand |= sending.hedgeMs() > 0;
                    show.writePointer(body, before.etag(), sending);
                    return clock.millis() <= deadline ? Landing.LANDED : Landing.LATE;
                } catch (VersionConflictException e) {
                    // a lost response plus a retry refuses our own write with 412 too: read back
                    refused = true;
                } catch (PublishFailedException e) {
                    unclear = e;
                    mayLand = true;
                    if (clock.millis() + readBackMs > readBack.deadline()) {
                        readBack = new ShowStore.Budget(clock.millis() + readBackMs, readBack.capMs(), readBack.hedgeMs());
                    }
                }
            }
            try {
                ShowStore.PointerRead now = show.readPointer(readBack);
                long seenAt = clock.millis(); // anything this read shows landed before now
                if (now.pointer() != null && now.pointer().version() == pointer.version()) {
                    if (!publishId.equals(now.pointer().publishId())) {
                        return Landing.MOVED; // another publish holds this version number (ours was never created)
                    }
                    return seenAt <= deadline ? Landing.LANDED : Landing.LATE;
                }
                if (!Objects.equals(now.etag(), before.etag())) {
                    Lineage lineage = lineage(now, pointer.version(), publishId, readBack);
                    if (lineage == Lineage.OURS) {
                        log.info("version {} was live: its answer was lost and version {} was built on it",
                                pointer.version(), now.version());
                        return seenAt <= deadline ? Landing.LANDED : Landing.LATE;
                    }
                    if (lineage == Lineage.NOT_OURS) {
                        return Landing.MOVED; // moved on without ours: our conditional write cannot land now
                    }
                    unclear = new StoreUnavailableException("the states after " + ShowStore.POINTER
                            + " moved could not be read to learn whether version " + pointer.version() + " was live", unclear);
                    send = false;
                    backoff.pause(Math.min(round + 1, 3));
                    continue;
                }
                if (refused && !mayLand) {
                    return Landing.MOVED; // refused outright, and no other copy of ours is on its way
                }
                if (clock.millis() < deadline) {
                    // unchanged: our write did not land (yet; a refused copy says nothing of a hedged or late one)
                    send = true;
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
                Pointer fence = p.restamped(Math.max(p.publishedAt() + 1, clock.millis())); // the same news, a new ETag
                show.writePointer(show.write(fence), before.etag(), readBack);
                log.info("fenced {} after a late write of version {}: it can no longer land", ShowStore.POINTER,
                        pointer.version());
                return Landing.MOVED;
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

    enum Lineage { OURS, NOT_OURS, UNKNOWN }

    /**
     * Whether the state {@code now} names descends from our version: every state records the version whose pointer
     * its conditional write replaced, so walking the bases down from the live version passes through ours exactly
     * when our pointer write landed.
     */
    Lineage lineage(ShowStore.PointerRead now, long ours, String publishId, ShowStore.Budget budget) {
        if (now.pointer() == null) {
            return now.present() ? Lineage.UNKNOWN : Lineage.NOT_OURS;
        }
        if (now.version() == ours) {
            return publishId.equals(now.pointer().publishId()) ? Lineage.OURS : Lineage.NOT_OURS;
        }
        long v = now.version();
        for (int step = 0; v > ours; step++) {
            if (step >= MAX_LINEAGE) {
                return Lineage.UNKNOWN;
            }
            ShowStore.StateRead read = show.readState(v, budget);
            if (read.state() == null) {
                return Lineage.UNKNOWN;
            }
            if (read.state().base() == null) {
                return Lineage.NOT_OURS; // built over a lost pointer, or written before states named their base
            }
            v = read.state().base();
        }
        if (v != ours) {
            return Lineage.NOT_OURS;
        }
        ShowStore.StateRead mine = show.readState(ours, budget);
        if (mine.state() == null) {
            return Lineage.UNKNOWN;
        }
        return publishId.equals(mine.state().publishId()) ? Lineage.OURS : Lineage.NOT_OURS;
    }

    /** Records the version and answers; an ack without its history entry would not be exact. */
    Published acknowledge(Change change, Written written, int pollMs, long now, List<Cue> cues, String note,
                          ShowStore.Budget budget) {
        if (note != null) {
            log.warn("recovered while publishing version {}: {}", written.version, note);
        }
        HistoryEntry entry = new HistoryEntry(written.version, now, change.actor(), change.action(),
                change.recorded(cues, now), pollMs, written.publishId, note);
        Published published = new Published(written.version, change.effectiveAt(now), ShowStore.stateKey(written.version));
        checked.add(written.version);
        if (!archive.record(entry, budget)) {
            unrecorded.put(entry.version(), entry);
            throw new UnrecordedException(published, "the store did not answer in time");
        }
        // versions live earlier whose entry could not be written then
        unrecorded.values().removeIf(e -> e.version() != entry.version() && archive.record(e, budget));
        return published;
    }

    /**
     * A version live without its history entry (its publisher died between the pointer and the history write, as a
     * station killed with -9 does) gets one from the next publish built on it, so undo and the audit do not skip it.
     * Checked once per version this publisher did not record itself.
     */
    private void recordBase(Base base, ShowStore.Budget budget) {
        Long v = base.builtOn();
        if (v == null || base.state == null || !checked.add(v)) {
            return;
        }
        archive.backfill(v, base.state, base.pointer.pointer().pollMs(), budget);
    }

    ShowStore.Budget historyBudget(long until) {
        return new ShowStore.Budget(until, config.blackoutCallMs(), config.hedgeAfterMs());
    }

    private void requireBefore(long deadline, Change change) {
        if (clock.millis() >= deadline) {
            throw tooLate(change, deadline, null);
        }
    }

    DeadlineExceededException tooLate(Change change, long deadline, Exception cause) {
        String what = change.action().equals("cue") ? "the cue" : "the " + change.action();
        return new DeadlineExceededException(what + " could not be visible before its deadline " + deadline
                + " (effective_at minus " + config.deadlineMarginMs() + " ms), so it was not published"
                + (cause == null ? " (the store or an earlier publish is slow)" : " (" + cause.getMessage() + ")")
                + "; nothing of it is visible. Send it again with a later effective_at or a longer lead_ms", cause);
    }

    /** A BLACKOUT started in this process while the change was in flight drops it, even before the BLACKOUT lands. */
    private void requireNoLocalBlackout(Change change, long generation) {
        if (change.droppedByBlackout() && blackouts.get() != generation) {
            throw blackedOut(change);
        }
    }

    /** A BLACKOUT from any writer, newer than the version the change was built on, drops it. */
    static void requireNoBlackoutSince(Change change, long builtOn, long blackout) {
        if (change.droppedByBlackout() && blackout > builtOn) {
            throw blackedOut(change);
        }
    }

    private static BlackedOutException blackedOut(Change change) {
        String what = change.action().equals("cue") ? "cue" : change.action();
        return new BlackedOutException("BLACKOUT landed after this " + what + " was prepared, so it was dropped "
                + "(blackout drops everything sent before it); nothing of it is visible. Check the live view and send it "
                + "again to show it");
    }

    String newId(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return IDS.encodeToString(b);
    }
}
