package dev.cuecast.publish;

/**
 * @param maxAttempts   conflicts retried before a publish gives up
 * @param initialPollMs poll_ms written into the first pointer
 * @param pastGraceMs   how far in the past an effective_at may be (clock jitter between operator and server)
 * @param maxAheadMs    how far ahead an effective_at may be
 */
public record PublisherConfig(int maxAttempts, int initialPollMs, long pastGraceMs, long maxAheadMs) {
    public static PublisherConfig defaults() {
        return new PublisherConfig(20, 1_000, 1_000, 86_400_000L);
    }
}
