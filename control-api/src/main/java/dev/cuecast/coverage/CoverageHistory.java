package dev.cuecast.coverage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the crowd held when each cue took effect ({@code GET /api/coverage/history}): at a published cue's
 * effective_at, one coverage reading of its version is kept. Kept by the server, not the operator's tab, so a
 * reload or a second operator sees the same history. Each pending cue is read at its own effective_at (a newer
 * GO does not cancel an older pending cue: the newer state still holds it); a BLACKOUT or an undo drops every
 * pending cue, and so its reading. Bounded: the newest {@link #MAX_ENTRIES} versions, and at most as many pending.
 */
public final class CoverageHistory {
    public static final int MAX_ENTRIES = 50;

    /**
     * @param coverage  the reading at effective_at; null while it is still to come, or when dropped
     * @param droppedBy the BLACKOUT or undo version that dropped this cue before its effective_at (no reading taken)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"version", "effective_at", "coverage", "dropped_by"})
    public record Entry(long version, long effectiveAt, Coverage coverage, Long droppedBy) {
    }

    private final Clock clock;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private final Map<Entry, ScheduledFuture<?>> pending = new LinkedHashMap<>();
    private ScheduledThreadPoolExecutor timer;

    /** @param clock the clock effective_at is stamped on (the phones' time base) */
    public CoverageHistory(Clock clock) {
        this.clock = clock;
    }

    /** A cue was acknowledged: at its effective_at, keep {@code reading.get()}. Cues already in effect are skipped. */
    public synchronized void expect(long version, long effectiveAt, Supplier<Coverage> reading) {
        long delay = effectiveAt - clock.millis();
        if (delay <= 0) {
            return; // in effect at once: nothing to wait for
        }
        if (pending.size() >= MAX_ENTRIES) {
            Entry oldest = pending.keySet().iterator().next();
            pending.remove(oldest).cancel(false); // a show of more pending GOs than the history keeps: forget the oldest
        }
        if (timer == null) {
            timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "coverage-history");
                t.setDaemon(true);
                return t;
            });
            // The thread lives only while a reading is due: a server that is stopped leaves nothing running.
            timer.setKeepAliveTime(5, TimeUnit.SECONDS);
            timer.allowCoreThreadTimeOut(true);
            timer.setRemoveOnCancelPolicy(true);
        }
        Entry e = new Entry(version, effectiveAt, null, null);
        pending.put(e, timer.schedule(() -> take(e, reading), delay, TimeUnit.MILLISECONDS));
    }

    /** A BLACKOUT or undo ({@code version}) dropped every pending cue: none of them will take effect. */
    public synchronized void dropPending(long version) {
        for (Map.Entry<Entry, ScheduledFuture<?>> p : pending.entrySet()) {
            p.getValue().cancel(false);
            add(new Entry(p.getKey().version(), p.getKey().effectiveAt(), null, version));
        }
        pending.clear();
    }

    private void take(Entry e, Supplier<Coverage> reading) {
        Coverage c = reading.get(); // outside the lock: it may read the store
        synchronized (this) {
            if (pending.remove(e) == null) {
                return; // dropped while the reading was taken
            }
            add(new Entry(e.version(), e.effectiveAt(), c, null));
        }
    }

    private void add(Entry e) {
        entries.addFirst(e);
        while (entries.size() > MAX_ENTRIES) {
            entries.removeLast();
        }
    }

    /** The cues still waiting for their effective_at (newest first, no reading yet), then the history, newest first. */
    public synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>(pending.keySet());
        Collections.reverse(out);
        out.addAll(entries);
        return out;
    }
}
