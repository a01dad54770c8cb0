package dev.cuecast.publish;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.InvalidCueException;
import dev.cuecast.flash.FlashGuard;
import dev.cuecast.cue.Limits;
import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.State;
import dev.cuecast.json.CanonicalJson;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes versioned states with the design's four-step protocol; the object store is the only shared
 * state, so several publishers (threads, processes, machines) may publish to one store. Thread-safe.
 *
 * <ol>
 *   <li>read the pointer and its ETag; next version = max(pointer version, last version seen here) + 1</li>
 *   <li>create {@code states/<v>.json} only if absent; if taken, try v+1</li>
 *   <li>replace the pointer only if its ETag is unchanged (create it only if absent); if another publisher
 *       won, re-read and rebuild on its state with a new version</li>
 *   <li>acknowledge only once the pointer names the new state</li>
 * </ol>
 */
public final class Publisher {
    private static final Logger log = LoggerFactory.getLogger(Publisher.class);

    private final PublisherConfig config;
    private final ObjectStore store;
    private final Clock clock;
    private final Backoff backoff;
    private final CanonicalJson json = new CanonicalJson();
    /** Serialises publishes from this instance; other instances are kept in order by the conditional writes. */
    private final ReentrantLock lock = new ReentrantLock();
    private long lastVersion;

    private Publisher(PublisherConfig config, ObjectStore store, Clock clock, Backoff backoff) {
        if (config.maxAttempts() < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.config = config;
        this.store = store;
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
     * @throws InvalidCueException  effective_at in the past/too far ahead, or too many pending cues
     * @throws PublishFailedException store unreachable ({@link StoreUnavailableException}) or conflicts exhausted
     *                                ({@link ConflictsExhaustedException}); nothing acknowledged
     */
    public Published publish(Cue cue, String actor) {
        requireActor(actor);
        checkEffectiveAt(cue.effectiveAt(), clock.millis());
        return run(new Change("cue", actor, null) {
            @Override
            List<Cue> cues(List<Cue> previous, long now) {
                return FlashGuard.checked(previous, cue, now, at -> StateBuilder.add(previous, FlashGuard.at(cue, at), now));
            }

            @Override
            Cue recorded(List<Cue> built) {
                return cue;
            }

            @Override
            long effectiveAt(long now) {
                return cue.effectiveAt();
            }
        });
    }

    /**
     * Adds several cues (a timeline) in one publish: all of them become pending at once, or none does.
     *
     * @throws InvalidCueException an effective_at out of range, or more pending cues than a state holds
     */
    public Published publishAll(List<Cue> cues, String actor) {
        requireActor(actor);
        List<Cue> added = timeline(cues);
        return run(new Change("timeline", actor, null) {
            @Override
            List<Cue> cues(List<Cue> previous, long now) {
                return addAll(previous, added, now);
            }

            @Override
            Cue recorded(List<Cue> built) {
                return added.get(0);
            }

            @Override
            long effectiveAt(long now) {
                return added.get(0).effectiveAt();
            }
        });
    }

    /**
     * The state that publishing {@code cues} would write now, built exactly as {@link #publish}/{@link #publishAll}
     * build it, with the same refusals; writes nothing (the operator's dry run).
     */
    public State preview(List<Cue> cues) {
        List<Cue> added = timeline(cues);
        Current current = readCurrent();
        long now = clock.millis();
        List<Cue> built = addAll(current.cues(), added, now);
        return new State(State.WIRE_VERSION, Math.max(current.version(), lastVersion) + 1, now, built);
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

    /** Everything off now; every pending cue dropped. */
    public Published blackout(String actor) {
        requireActor(actor);
        return run(new Change("blackout", actor, null) {
            @Override
            List<Cue> cues(List<Cue> previous, long now) {
                return StateBuilder.blackout(now);
            }

            @Override
            Cue recorded(List<Cue> built) {
                return built.get(0);
            }
        });
    }

    /** Publishes a new pointer (and state version, with the same cues) carrying {@code pollMs}. */
    public Published setPollMs(int pollMs, String actor) {
        requireActor(actor);
        if (pollMs < Limits.MIN_POLL_MS || pollMs > Limits.MAX_POLL_MS) {
            throw new InvalidCueException("poll_ms must be between " + Limits.MIN_POLL_MS + " and "
                    + Limits.MAX_POLL_MS + " (1000 for a show, 20000 idle), got " + pollMs);
        }
        return run(new Change("settings", actor, pollMs) {
            @Override
            List<Cue> cues(List<Cue> previous, long now) {
                // a state needs a cue; before the first publish the show is dark
                return previous.isEmpty() ? List.of(Cue.off(now)) : StateBuilder.prune(previous, now);
            }
        });
    }

    /** The current pointer and state, empty before the first publish. */
    public Optional<Snapshot> current() {
        Current current = readCurrent();
        return current.pointer == null ? Optional.empty() : Optional.of(new Snapshot(current.pointer, current.state));
    }

    /** Published versions, newest first. */
    public List<HistoryEntry> history(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        List<String> keys = guard("list history", () -> store.list(HistoryEntry.PREFIX));
        List<HistoryEntry> entries = new ArrayList<>();
        for (int i = keys.size() - 1; i >= 0 && entries.size() < limit; i--) {
            String key = keys.get(i);
            guard("read " + key, () -> store.get(key))
                    .ifPresent(o -> entries.add(parse(o, HistoryEntry.class)));
        }
        return entries;
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
        Current current = readCurrent();
        if (current.pointer == null) {
            return List.of();
        }
        long currentVersion = current.pointer.version();
        long[] older = guard("list states", () -> store.list("states/")).stream()
                .mapToLong(Publisher::versionOf)
                .filter(v -> v > 0 && v < currentVersion)
                .sorted()
                .toArray();
        long cutoff = clock.millis() - minAge.toMillis();
        List<String> doomed = new ArrayList<>();
        for (long v : Arrays.copyOfRange(older, 0, Math.max(0, older.length - keep))) {
            String key = State.key(v);
            Optional<StoredObject> object = guard("read " + key, () -> store.get(key));
            if (object.isPresent() && parse(object.get(), State.class).publishedAt() <= cutoff) {
                doomed.add(key);
            }
        }
        if (!dryRun) {
            for (String key : doomed) {
                guard("delete " + key, () -> {
                    store.delete(key);
                    return null;
                });
            }
        }
        return doomed;
    }

    private Published run(Change change) {
        lock.lock();
        try {
            VersionConflictException lastConflict = null;
            for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
                if (attempt > 1) {
                    backoff.pause(attempt - 1);
                }
                Current current = readCurrent();
                long now = clock.millis();
                List<Cue> cues = change.cues(current.cues(), now);
                int pollMs = change.pollMs != null ? change.pollMs
                        : current.pointer != null ? current.pointer.pollMs() : config.initialPollMs();
                long version = Math.max(current.version(), lastVersion) + 1;

                byte[] stateBytes;
                for (int taken = 0; ; taken++) {
                    stateBytes = json.write(new State(State.WIRE_VERSION, version, now, cues));
                    if (createState(version, stateBytes)) {
                        break;
                    }
                    if (taken == config.maxAttempts()) {
                        throw new ConflictsExhaustedException("gave up: states/" + (version - taken) + ".json to "
                                + State.key(version) + " all exist already; nothing was published",
                                new VersionConflictException(State.key(version) + " already exists"));
                    }
                    lastVersion = Math.max(lastVersion, version);
                    version++;
                }
                lastVersion = Math.max(lastVersion, version);

                byte[] pointerBytes = json.write(Pointer.of(version, pollMs, now));
                try {
                    writePointer(current.etag, pointerBytes);
                } catch (VersionConflictException e) {
                    if (pointerNames(version, stateBytes)) {
                        // our own write landed and a retried request was refused: it is published
                        log.info("pointer conflict on version {} was our own write; acknowledging", version);
                    } else {
                        lastConflict = e;
                        log.debug("pointer moved while publishing version {} (attempt {}); rebuilding", version, attempt);
                        continue;
                    }
                }
                return acknowledge(change, version, now, cues, pollMs);
            }
            throw new ConflictsExhaustedException("gave up after " + config.maxAttempts()
                    + (config.maxAttempts() == 1 ? " attempt" : " attempts")
                    + ": other publishers kept moving the pointer; nothing was published", lastConflict);
        } finally {
            lock.unlock();
        }
    }

    /** @return false when the version is taken (another publisher, or a crash after a state write) */
    private boolean createState(long version, byte[] bytes) {
        try {
            guardConflict(() -> store.createOnly(State.key(version), bytes, CachePolicy.STATE));
            return true;
        } catch (VersionConflictException e) {
            return false;
        }
    }

    private void writePointer(String etag, byte[] bytes) throws VersionConflictException {
        if (etag == null) {
            guardConflict(() -> store.createOnly(Pointer.KEY, bytes, CachePolicy.POINTER));
        } else {
            guardConflict(() -> store.replaceIfMatch(Pointer.KEY, bytes, CachePolicy.POINTER, etag));
        }
    }

    private boolean pointerNames(long version, byte[] stateBytes) {
        Optional<StoredObject> pointer = guard("read " + Pointer.KEY, () -> store.get(Pointer.KEY));
        if (pointer.isEmpty() || parse(pointer.get(), Pointer.class).version() != version) {
            return false;
        }
        return guard("read " + State.key(version), () -> store.get(State.key(version)))
                .map(o -> Arrays.equals(o.body(), stateBytes))
                .orElse(false);
    }

    private Published acknowledge(Change change, long version, long now, List<Cue> cues, int pollMs) {
        lastVersion = Math.max(lastVersion, version);
        HistoryEntry entry = new HistoryEntry(version, now, change.actor, change.action, change.recorded(cues), pollMs);
        try {
            store.createOnly(HistoryEntry.key(version), json.write(entry), CachePolicy.PRIVATE);
        } catch (VersionConflictException e) {
            // only this publisher owns the version, so the record is ours from a retried request
            log.debug("history of version {} already recorded", version);
        } catch (RuntimeException e) {
            // the cue is live already; a missing audit line must not turn a published cue into an error
            log.warn("published version {} but could not record its history: {}", version, e.toString());
        }
        return new Published(version, change.effectiveAt(now), State.key(version));
    }

    private Current readCurrent() {
        // a pointer read just before a newer publish and a gc may name a state gc has since deleted: read again
        for (int read = 1; ; read++) {
            Optional<StoredObject> pointerObject = guard("read " + Pointer.KEY, () -> store.get(Pointer.KEY));
            if (pointerObject.isEmpty()) {
                return new Current(null, null, null);
            }
            Pointer pointer = parse(pointerObject.get(), Pointer.class);
            Optional<StoredObject> stateObject = guard("read " + pointer.state(), () -> store.get(pointer.state()));
            if (stateObject.isPresent()) {
                return new Current(pointer, pointerObject.get().etag(), parse(stateObject.get(), State.class));
            }
            String etagNow = guard("read " + Pointer.KEY, () -> store.get(Pointer.KEY)).map(StoredObject::etag).orElse(null);
            if (read == 3 || pointerObject.get().etag().equals(etagNow)) {
                throw new StoreUnavailableException(Pointer.KEY + " names " + pointer.state()
                        + ", which does not exist in " + store, null);
            }
        }
    }

    private <T> T parse(StoredObject object, Class<T> type) {
        try {
            return json.read(object.body(), type);
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreUnavailableException(object.key() + " in " + store + " is not a valid "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
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

    private static long versionOf(String stateKey) {
        String name = stateKey.substring("states/".length());
        if (!name.matches("[1-9][0-9]{0,18}\\.json")) {
            return -1;
        }
        return Long.parseLong(name.substring(0, name.length() - ".json".length()));
    }

    private interface StoreCall<T> {
        T call();
    }

    private interface ConditionalCall {
        String call() throws VersionConflictException;
    }

    private <T> T guard(String what, StoreCall<T> call) {
        try {
            return call.call();
        } catch (PublishFailedException | IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot " + what + " in " + store + ": " + e.getMessage(), e);
        }
    }

    private void guardConflict(ConditionalCall call) throws VersionConflictException {
        try {
            call.call();
        } catch (PublishFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot write to " + store + ": " + e.getMessage(), e);
        }
    }

    /** The pointer, its ETag and the state it names; all null before the first publish. */
    private record Current(Pointer pointer, String etag, State state) {
        long version() {
            return pointer == null ? 0 : pointer.version();
        }

        List<Cue> cues() {
            return state == null ? List.of() : state.cues();
        }
    }

    /** What one publish does to the state; applied again on top of a newer state after a lost race. */
    private abstract static class Change {
        final String action;
        final String actor;
        final Integer pollMs;

        Change(String action, String actor, Integer pollMs) {
            this.action = action;
            this.actor = actor;
            this.pollMs = pollMs;
        }

        abstract List<Cue> cues(List<Cue> previous, long now);

        Cue recorded(List<Cue> built) {
            return null;
        }

        long effectiveAt(long now) {
            return now;
        }
    }
}
