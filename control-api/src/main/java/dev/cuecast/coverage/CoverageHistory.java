package dev.cuecast.coverage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the crowd held when each cue took effect ({@code GET /api/coverage/history}): at a published cue's
 * effective_at, one coverage reading is kept. Kept by the server, not the operator's tab, so a reload or a
 * second operator sees the same history. Bounded: the newest {@link #MAX_ENTRIES} versions; a version replaced
 * by a newer GO before its effective_at is kept as replaced.
 */
public final class CoverageHistory {
    public static final int MAX_ENTRIES = 50;

    /**
     * @param coverage   the reading at effective_at; null while it is still to come
     * @param replacedBy the version published before this one took effect (then no reading is taken)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"version", "effective_at", "coverage", "replaced_by"})
    public record Entry(long version, long effectiveAt, Coverage coverage, Long replacedBy) {
    }

    private final Clock clock;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private ScheduledThreadPoolExecutor timer;
    private Entry pending;
    private ScheduledFuture<?> pendingTask;

    /** @param clock the clock effective_at is stamped on (the phones' time base) */
    public CoverageHistory(Clock clock) {
        this.clock = clock;
    }

    /** A cue was acknowledged: at its effective_at, keep {@code reading.get()}. Cues already in effect are skipped. */
    public synchronized void expect(long version, long effectiveAt, Supplier<Coverage> reading) {
        long delay = effectiveAt - clock.millis();
        if (delay <= 0) {
            return; // blackout and settings take effect at once: nothing to wait for
        }
        if (pending != null) {
            pendingTask.cancel(false);
            add(new Entry(pending.version(), pending.effectiveAt(), null, version));
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
        pending = e;
        pendingTask = timer.schedule(() -> take(e, reading), delay, TimeUnit.MILLISECONDS);
    }

    private void take(Entry e, Supplier<Coverage> reading) {
        Coverage c = reading.get(); // outside the lock: it may read the store
        synchronized (this) {
            if (pending != e) {
                return; // replaced while the reading was taken
            }
            pending = null;
            add(new Entry(e.version(), e.effectiveAt(), c, null));
        }
    }

    private void add(Entry e) {
        entries.addFirst(e);
        while (entries.size() > MAX_ENTRIES) {
            entries.removeLast();
        }
    }

    /** Newest first; the cue still waiting for its effective_at first of all (without a reading). */
    public synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>(entries.size() + 1);
        if (pending != null) {
            out.add(pending);
        }
        out.addAll(entries);
        return out;
    }

}
