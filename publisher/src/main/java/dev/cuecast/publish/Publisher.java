package dev.cuecast.publish;

import dev.cuecast.cue.Cue;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Publishes versioned states with the design's four-step protocol. Thread-safe.
 * SKELETON: signatures agreed between modules; the publisher issue fills in the bodies.
 */
public final class Publisher {
    private final PublisherConfig config;
    private final ObjectStore store;
    private final Clock clock;

    private Publisher(PublisherConfig config, ObjectStore store, Clock clock) {
        this.config = config;
        this.store = store;
        this.clock = clock;
    }

    public static Publisher create(PublisherConfig config, ObjectStore store, Clock clock) {
        return new Publisher(config, store, clock);
    }

    /**
     * Adds {@code cue} to the current state and publishes it; returns only once the pointer names it.
     *
     * @throws dev.cuecast.cue.InvalidCueException effective_at in the past/too far ahead, or too many pending cues
     * @throws PublishFailedException               store unreachable or conflicts exhausted (nothing acknowledged)
     */
    public Published publish(Cue cue, String actor) {
        throw new UnsupportedOperationException("publisher core not implemented yet");
    }

    /** Everything off now; every pending cue dropped. */
    public Published blackout(String actor) {
        throw new UnsupportedOperationException("publisher core not implemented yet");
    }

    /** Publishes a new pointer (and state version) carrying {@code pollMs}. */
    public Published setPollMs(int pollMs, String actor) {
        throw new UnsupportedOperationException("publisher core not implemented yet");
    }

    /** The current pointer and state, empty before the first publish. */
    public Optional<Snapshot> current() {
        throw new UnsupportedOperationException("publisher core not implemented yet");
    }

    /** Published versions, newest first. */
    public List<HistoryEntry> history(int limit) {
        throw new UnsupportedOperationException("publisher core not implemented yet");
    }
}
