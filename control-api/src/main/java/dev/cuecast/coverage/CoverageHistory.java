package dev.cuecast.coverage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cuecast.json.CanonicalJson;
import dev.cuecast.publish.CachePolicy;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.StoredObject;
import dev.cuecast.publish.VersionConflictException;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the crowd held when each cue took effect ({@code GET /api/coverage/history}): at a published cue's
 * effective_at, one coverage reading of its version is kept. Kept <b>in the object store</b>, under
 * {@code private/coverage/}, so it survives a restart and every station on the store (a hot standby) sees the same
 * history: one immutable object per version, written create-only, so two stations never race on a rewrite.
 *
 * <ul>
 *   <li>{@code private/coverage/due/<v>.json}: version v was acknowledged with a future effective_at (its reading is due);</li>
 *   <li>{@code private/coverage/<v>.json}: its final entry, either the reading taken at effective_at or
 *       {@code dropped_by} the BLACKOUT or undo that dropped it before it took effect. The first write wins.</li>
 * </ul>
 *
 * The station that published a cue takes its reading at effective_at; another station that knows it is due (from
 * the store) takes one too and writes it {@link #OTHER_STATION_GRACE_MS} later when none is there yet, so a reading
 * is kept even when the publishing station died meanwhile. Each pending cue is read at its own effective_at (a newer
 * GO does not cancel an older pending cue); a BLACKOUT or an undo drops every cue still pending at its publish time.
 * Store writes happen off the request thread (an answer never waits for the history); the store is listed once per
 * {@link #entries()} (the operator page asks every 10 s) and only the newest keys are read. Bounded: the newest {@link #MAX_ENTRIES} entries, and at most as many pending.
 */
public final class CoverageHistory {
    public static final int MAX_ENTRIES = 50;
    public static final String PREFIX = "private/coverage/";
    /** A station writes a reading of a cue published elsewhere only this long after effective_at, if none is there. */
    static final long OTHER_STATION_GRACE_MS = 2_000;
    /** A due cue whose reading is not there this long after effective_at was never read (its station died): not listed. */
    static final long LOST_AFTER_MS = 10_000;
    private static final Pattern KEY = Pattern.compile(Pattern.quote(PREFIX) + "(due/)?([0-9]{19})\\.json");
    private static final Logger LOG = LoggerFactory.getLogger(CoverageHistory.class);

    /**
     * @param coverage  the reading at effective_at; null while it is still to come, or when dropped
     * @param droppedBy the BLACKOUT or undo version that dropped this cue before its effective_at (no reading taken)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"version", "effective_at", "coverage", "dropped_by"})
    public record Entry(long version, long effectiveAt, Coverage coverage, Long droppedBy) {
    }

    private final Clock clock;
    private final ObjectStore store;
    private final LongFunction<Coverage> reading;
    private final CanonicalJson json = new CanonicalJson();
    /** Versions whose reading is due (from this station's acks and the store), and their final entries, by version. */
    private final TreeMap<Long, Entry> due = new TreeMap<>();
    private final TreeMap<Long, Entry> finals = new TreeMap<>();
    private final Map<Long, ScheduledFuture<?>> scheduled = new HashMap<>();
    private ScheduledThreadPoolExecutor timer;

    /**
     * @param clock   the clock effective_at is stamped on (the phones' time base)
     * @param store   where the history is kept ({@link #PREFIX})
     * @param reading the coverage of a version now (from this station's log source)
     */
    public CoverageHistory(Clock clock, ObjectStore store, LongFunction<Coverage> reading) {
        this.clock = clock;
        this.store = store;
        this.reading = reading;
    }

    public static String dueKey(long version) {
        return PREFIX + "due/" + String.format("%019d", version) + ".json";
    }

    public static String entryKey(long version) {
        return PREFIX + String.format("%019d", version) + ".json";
    }

    /** This station acknowledged a cue: at its effective_at, keep its reading. Cues already in effect are skipped. */
    public void expect(long version, long effectiveAt) {
        if (effectiveAt <= clock.millis()) {
            return; // in effect at once: nothing to wait for
        }
        Entry e = new Entry(version, effectiveAt, null, null);
        synchronized (this) {
            due.put(version, e);
            schedule(e, true);
            trim();
        }
        background(() -> create(dueKey(version), e));
    }

    /**
     * A BLACKOUT or undo ({@code version}, published at {@code at}) was acknowledged here: every cue still pending
     * then, from any station, will never take effect.
     */
    public void dropPending(long version, long at) {
        List<Entry> dropped = dropDue(version, at); // what this station knows is pending: at once
        background(() -> {
            sync(); // and what other stations published that this one has not listed yet
            List<Entry> all = new ArrayList<>(dropped);
            all.addAll(dropDue(version, at));
            all.forEach(d -> create(entryKey(d.version()), d));
        });
    }

    private synchronized List<Entry> dropDue(long version, long at) {
        List<Entry> dropped = new ArrayList<>();
        for (Entry e : due.values()) {
            if (e.version() < version && e.effectiveAt() > at && !finals.containsKey(e.version())) {
                Entry d = new Entry(e.version(), e.effectiveAt(), null, version);
                finals.put(e.version(), d);
                dropped.add(d);
                Optional.ofNullable(scheduled.remove(e.version())).ifPresent(f -> f.cancel(false));
            }
        }
        return dropped;
    }

    /** The cues still waiting for their effective_at (newest first, no reading yet), then the history, newest first. */
    public List<Entry> entries() {
        sync();
        long now = clock.millis();
        synchronized (this) {
            List<Entry> out = new ArrayList<>();
            due.descendingMap().values().stream()
                    .filter(e -> !finals.containsKey(e.version()) && e.effectiveAt() > now - LOST_AFTER_MS)
                    .limit(MAX_ENTRIES).forEach(out::add);
            finals.descendingMap().values().stream().limit(MAX_ENTRIES).forEach(out::add);
            return out;
        }
    }

    /** Reads what other stations (or this one before a restart) wrote; schedules readings of cues still due. */
    private void sync() {
        List<String> keys;
        try {
            keys = store.list(PREFIX);
        } catch (RuntimeException e) {
            LOG.warn("cannot list the coverage history in {}: {}", store, e.toString());
            return;
        }
        TreeMap<Long, String> dueKeys = new TreeMap<>();
        TreeMap<Long, String> finalKeys = new TreeMap<>();
        for (String key : keys) {
            Matcher m = KEY.matcher(key);
            if (m.matches()) {
                (m.group(1) == null ? finalKeys : dueKeys).put(Long.parseLong(m.group(2)), key);
            }
        }
        // only the newest are ever listed: older keys are not read
        for (Map.Entry<Long, String> k : newest(finalKeys).entrySet()) {
            if (!knownFinal(k.getKey())) {
                read(k.getValue()).ifPresent(e -> {
                    synchronized (this) {
                        finals.put(e.version(), e);
                        Optional.ofNullable(scheduled.remove(e.version())).ifPresent(f -> f.cancel(false));
                    }
                });
            }
        }
        for (Map.Entry<Long, String> k : newest(dueKeys).entrySet()) {
            boolean known;
            synchronized (this) {
                known = due.containsKey(k.getKey());
            }
            if (!known) {
                read(k.getValue()).ifPresent(e -> {
                    synchronized (this) {
                        due.put(e.version(), e);
                        if (!finals.containsKey(e.version())) {
                            schedule(e, false);
                        }
                    }
                });
            }
        }
        synchronized (this) {
            trim();
        }
    }

    private static TreeMap<Long, String> newest(TreeMap<Long, String> keys) {
        TreeMap<Long, String> out = new TreeMap<>();
        keys.descendingMap().entrySet().stream().limit(2L * MAX_ENTRIES).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private synchronized boolean knownFinal(long version) {
        return finals.containsKey(version);
    }

    /** Called with the lock held. */
    private void schedule(Entry e, boolean own) {
        if (scheduled.containsKey(e.version())) {
            return;
        }
        long delay = e.effectiveAt() - clock.millis();
        if (delay < -LOST_AFTER_MS) {
            return; // long past: whoever was due to read it did, or never will
        }
        scheduled.put(e.version(), timer().schedule(() -> take(e, own), Math.max(0, delay), TimeUnit.MILLISECONDS));
        while (scheduled.size() > MAX_ENTRIES) {
            // a show of more pending GOs than the history keeps: forget the oldest
            long oldest = scheduled.keySet().stream().min(Comparator.naturalOrder()).orElseThrow();
            scheduled.remove(oldest).cancel(false);
        }
    }

    /** At effective_at: the reading, kept unless the cue was dropped (or another station's reading is there). */
    private void take(Entry e, boolean own) {
        synchronized (this) {
            if (finals.containsKey(e.version())) {
                scheduled.remove(e.version());
                return;
            }
        }
        Coverage c = reading.apply(e.version()); // outside the lock: it may read the store
        Entry taken = new Entry(e.version(), e.effectiveAt(), c, null);
        if (own) {
            keep(taken);
            return;
        }
        timer().schedule(() -> {
            if (read(entryKey(e.version())).isEmpty()) {
                keep(taken);
            }
        }, OTHER_STATION_GRACE_MS, TimeUnit.MILLISECONDS);
    }

    private void keep(Entry taken) {
        synchronized (this) {
            scheduled.remove(taken.version());
            if (finals.containsKey(taken.version())) {
                return; // dropped while the reading was taken
            }
            finals.put(taken.version(), taken);
            trim();
        }
        create(entryKey(taken.version()), taken);
    }

    /** Writes {@code e} create-only; when another station's entry is there first, that one is the history. */
    private void create(String key, Entry e) {
        try {
            store.createOnly(key, json.write(e), CachePolicy.PRIVATE);
        } catch (VersionConflictException conflict) {
            if (!key.equals(entryKey(e.version()))) {
                return;
            }
            read(key).ifPresent(stored -> {
                synchronized (this) {
                    finals.put(stored.version(), stored);
                }
            });
        } catch (RuntimeException failure) {
            LOG.warn("cannot keep {} in the coverage history: {}", key, failure.toString());
        }
    }

    private Optional<Entry> read(String key) {
        try {
            Optional<StoredObject> o = store.get(key);
            return o.isEmpty() ? Optional.empty() : Optional.of(json.read(o.get().body(), Entry.class));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read {} of the coverage history: {}", key, e.toString());
            return Optional.empty();
        }
    }

    /** Called with the lock held: keeps the newest entries only. */
    private void trim() {
        while (finals.size() > 2 * MAX_ENTRIES) {
            finals.pollFirstEntry();
        }
        while (due.size() > 2 * MAX_ENTRIES) {
            due.pollFirstEntry();
        }
    }

    private void background(Runnable task) {
        timer().execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("coverage history: {}", e.toString());
            }
        });
    }

    private synchronized ScheduledThreadPoolExecutor timer() {
        if (timer == null) {
            timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "coverage-history");
                t.setDaemon(true);
                return t;
            });
            // The thread lives only while work is due: a server that is stopped leaves nothing running.
            timer.setKeepAliveTime(5, TimeUnit.SECONDS);
            timer.allowCoreThreadTimeOut(true);
            timer.setRemoveOnCancelPolicy(true);
        }
        return timer;
    }
}
