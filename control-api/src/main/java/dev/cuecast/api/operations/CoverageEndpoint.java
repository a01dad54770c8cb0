package dev.cuecast.api.operations;

import dev.cuecast.api.http.ApiException;
import dev.cuecast.coverage.Coverage;
import dev.cuecast.coverage.CoverageHistory;
import dev.cuecast.coverage.CoverageSource;
import dev.cuecast.cue.Pointer;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.Published;
import dev.cuecast.publish.Publisher;
import dev.cuecast.publish.Snapshot;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/coverage?version=N}: how many phones are polling and what share already holds version N
 * (default: the current one) in the pointer's store epoch. The windows follow the pointer's poll_ms; the pointer
 * is read at most once a second, so an operator page asking every second costs the store one read a second, not
 * one per viewer. {@code GET /api/coverage/history}: the reading taken at each cue's effective_at, kept in the store
 * (see {@link CoverageHistory}): the same after a restart and on every station.
 */
public final class CoverageEndpoint {
    private static final long POINTER_MAX_AGE_MS = 1000;
    private static final int DEFAULT_POLL_MS = 1000;

    private final CoverageSource source;
    private final Publisher publisher;
    private final Clock clock;
    private Pointer pointer;
    private long pointerReadAt = Long.MIN_VALUE / 2;
    private final CoverageHistory history;

    /** @param store where the coverage history is kept (the show's store) */
    public CoverageEndpoint(CoverageSource source, Publisher publisher, ObjectStore store, Clock clock) {
        this.source = source;
        this.publisher = publisher;
        this.clock = clock;
        this.history = new CoverageHistory(clock, store, this::read);
    }

    /** A cue was acknowledged: its coverage at effective_at goes into the history. */
    public void published(Published p) {
        history.expect(p.version(), p.effectiveAt());
    }

    /** A BLACKOUT or an undo was acknowledged: the pending cues it dropped will never take effect. */
    public void pendingDropped(Published p) {
        history.dropPending(p.version(), p.effectiveAt());
    }

    public void history(Context ctx) {
        ctx.json(Map.of("entries", history.entries()));
    }

    private Coverage read(long version) {
        Optional<Pointer> current = pointer();
        return source.coverage(version, current.map(Pointer::pollMs).orElse(DEFAULT_POLL_MS),
                current.map(Pointer::epoch).orElse(null));
    }

    public void handle(Context ctx) {
        String raw = ctx.queryParam("version");
        Optional<Pointer> current = pointer();
        long version;
        if (raw == null || raw.isEmpty()) {
            version = current.map(Pointer::version).orElseThrow(() -> ApiException.invalid(
                    "nothing is published yet: pass ?version=N"));
        } else {
            try {
                version = Long.parseLong(raw);
            } catch (NumberFormatException e) {
                version = -1;
            }
            if (version < 1) {
                throw ApiException.invalid("version must be a positive integer, got \"" + raw + "\"");
            }
        }
        ctx.json(read(version));
    }

    private synchronized Optional<Pointer> pointer() {
        long now = clock.millis();
        if (now - pointerReadAt >= POINTER_MAX_AGE_MS) {
            pointer = publisher.current().map(Snapshot::pointer).orElse(null);
            pointerReadAt = now;
        }
        return Optional.ofNullable(pointer);
    }
}
