package dev.cuecast.publish;

/**
 * @param maxAttempts      conflicts retried before a publish gives up
 * @param initialPollMs    poll_ms written into the first pointer
 * @param pastGraceMs      how far in the past an effective_at may be (clock jitter between operator and server)
 * @param maxAheadMs       how far ahead an effective_at may be
 * @param deadlineMarginMs a cue must be visible this long before its effective_at, or it is refused
 * @param minBudgetMs      a cue due sooner than margin + this ("now") may take this long, then it is refused
 * @param callTimeoutMs    longest wait for one store call of a cue (less when the deadline is nearer)
 * @param blackoutBudgetMs how long a blackout keeps trying before it reports failure
 * @param blackoutCallMs   longest wait for one store call of a blackout
 * @param hedgeAfterMs     a blackout call still unanswered after this long is sent again (hedged request)
 * @param maxStateBytes    a state larger than this is refused (phones fetch it at every version)
 */
public record PublisherConfig(int maxAttempts, int initialPollMs, long pastGraceMs, long maxAheadMs,
                              long deadlineMarginMs, long minBudgetMs, long callTimeoutMs,
                              long blackoutBudgetMs, long blackoutCallMs, long hedgeAfterMs, int maxStateBytes) {
    public static final int MAX_STATE_BYTES = 64 * 1024;
    /**
     * BLACKOUT answers within this (plus a hedge delay for its history entry): the operator page gives up waiting at
     * 3 s and offers to press again, so the server's answer must come first, landed or not.
     */
    public static final long BLACKOUT_BUDGET_MS = 2_500;

    public PublisherConfig {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    public PublisherConfig(int maxAttempts, int initialPollMs, long pastGraceMs, long maxAheadMs) {
        this(maxAttempts, initialPollMs, pastGraceMs, maxAheadMs, 500, 2_500, 3_000, BLACKOUT_BUDGET_MS, 2_000, 200, MAX_STATE_BYTES);
    }

    public static PublisherConfig defaults() {
        return new PublisherConfig(20, 1_000, 1_000, 86_400_000L);
    }
}
