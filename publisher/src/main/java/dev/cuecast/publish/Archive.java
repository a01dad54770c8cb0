package dev.cuecast.publish;

import dev.cuecast.cue.State;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The show's past: the audit history of published versions and garbage collection of old states. */
final class Archive {
    private static final Logger log = LoggerFactory.getLogger(Archive.class);

    private final ShowStore show;
    private final Clock clock;
    private final long callTimeoutMs;

    Archive(ShowStore show, Clock clock, long callTimeoutMs) {
        this.show = show;
        this.clock = clock;
        this.callTimeoutMs = callTimeoutMs;
    }

    private ShowStore.Budget budget() {
        return new ShowStore.Budget(clock.millis() + 4 * callTimeoutMs, callTimeoutMs, 0);
    }

    /**
     * Records a published version, retrying until {@code budget} runs out.
     *
     * @return false when the entry could not be written (the next publish fills the gap, see {@link #backfill})
     */
    boolean record(HistoryEntry entry, ShowStore.Budget budget) {
        byte[] body = show.write(entry);
        String key = ShowStore.historyKey(entry.version());
        for (int attempt = 1; ; attempt++) {
            try {
                show.createOnly(key, body, CachePolicy.PRIVATE, budget);
                return true;
            } catch (VersionConflictException e) {
                // only the publisher that owns the version writes its entry: there it is (ours, from a retried request)
                // unless the 409 was S3's ConditionalRequestConflict, which wrote nothing: read it to know
                try {
                    if (show.get(key, budget).isPresent()) {
                        return true;
                    }
                } catch (PublishFailedException unread) {
                    // unknown yet: try again
                }
                if (attempt >= 3 || budget.timeoutMs(clock.millis()) <= 0) {
                    log.warn("published version {} but could not record its history yet: {}", entry.version(), e.getMessage());
                    return false;
                }
            } catch (PublishFailedException e) {
                if (attempt >= 3 || budget.timeoutMs(clock.millis()) <= 0) {
                    log.warn("published version {} but could not record its history yet: {}", entry.version(), e.getMessage());
                    return false;
                }
            }
        }
    }

    /** Writes a history entry for the live version when it has none (its publisher could not record it). */
    void backfill(long version, State state, int pollMs, ShowStore.Budget budget) {
        if (version < 1 || state == null) {
            return;
        }
        try {
            if (show.get(ShowStore.historyKey(version), budget).isPresent()) {
                return;
            }
            List<dev.cuecast.cue.Cue> cues = state.cues();
            record(new HistoryEntry(version, state.publishedAt(), "unknown", "recovered", cues.get(cues.size() - 1), pollMs,
                    state.publishId(), "history entry written later: its publisher could not record it"), budget);
        } catch (PublishFailedException e) {
            log.debug("could not check the history of version {}: {}", version, e.getMessage());
        }
    }

    /** Published versions, newest first. */
    List<HistoryEntry> history(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        List<String> keys = show.list(ShowStore.HISTORY, budget());
        List<HistoryEntry> entries = new ArrayList<>();
        for (int i = keys.size() - 1; i >= 0 && entries.size() < limit; i--) {
            show.read(keys.get(i), HistoryEntry.class, budget()).ifPresent(entries::add);
        }
        return entries;
    }

    /**
     * Deletes old states. Never deletes the current state, the {@code keep} newest states below it, any state newer
     * than the pointer (a publisher may be about to name it), or any state published less than {@code minAge} ago
     * (a CDN may still serve a pointer that names it, up to stale-if-error).
     */
    List<String> collectGarbage(long currentVersion, int keep, Duration minAge, boolean dryRun) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must be at least 0, got " + keep);
        }
        long[] older = show.list(ShowStore.STATES, budget()).stream()
                .mapToLong(ShowStore::versionOf)
                .filter(v -> v > 0 && v < currentVersion)
                .sorted()
                .toArray();
        long cutoff = clock.millis() - minAge.toMillis();
        List<String> doomed = new ArrayList<>();
        for (long v : Arrays.copyOfRange(older, 0, Math.max(0, older.length - keep))) {
            ShowStore.StateRead read = show.readState(v, budget());
            // an unreadable old state is garbage too; a missing one is already gone
            if (read.state() == null ? !read.missing() : read.state().publishedAt() <= cutoff) {
                doomed.add(read.key());
            }
        }
        if (!dryRun) {
            for (String key : doomed) {
                show.delete(key, budget());
            }
        }
        return doomed;
    }

    Optional<HistoryEntry> entry(long version) {
        return show.read(ShowStore.historyKey(version), HistoryEntry.class, budget());
    }

    /**
     * Deletes history entries published before {@code now - retention}, keeping the {@code keep} newest and every
     * entry at or above {@code currentVersion}. Versions are published in time order, so the cut is found by a binary
     * search reading a few entries, not by reading a season of them.
     *
     * @return the keys deleted, or that would be deleted when {@code dryRun}
     */
    List<String> collectHistory(long currentVersion, Duration retention, int keep, boolean dryRun) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1 (the newest entries number the next version), got " + keep);
        }
        List<String> keys = show.list(ShowStore.HISTORY, budget()).stream()
                .filter(k -> ShowStore.versionOf(k) > 0 && ShowStore.versionOf(k) < currentVersion)
                .toList();
        int candidates = Math.max(0, keys.size() - keep);
        long cutoff = clock.millis() - retention.toMillis();
        // the first entry (in version order) published at or after the cutoff; everything before it is older
        int lo = 0;
        int hi = candidates;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            Optional<HistoryEntry> entry = show.read(keys.get(mid), HistoryEntry.class, budget());
            if (entry.isPresent() && entry.get().publishedAt() < cutoff) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        List<String> doomed = keys.subList(0, lo);
        if (!dryRun) {
            for (String key : doomed) {
                show.delete(key, budget());
            }
        }
        return List.copyOf(doomed);
    }
}
