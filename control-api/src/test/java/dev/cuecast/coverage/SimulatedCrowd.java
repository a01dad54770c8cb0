package dev.cuecast.coverage;

import java.util.SplittableRandom;

/**
 * A crowd of phones for the estimator's unit tests: each polls every poll_ms ±10 % (as the PWA does), reporting
 * the version it holds, and the log keeps each request with probability {@code sampling} (CloudFront's real-time
 * log sampling, per request). Deterministic for a seed. Time advances with {@link #runUntil(long)}.
 */
final class SimulatedCrowd {
    static final long T0 = 1_767_225_600_000L;

    private final CoverageTracker tracker;
    private final SplittableRandom random;
    private final double sampling;
    private final long pollMs;
    private final long[] next;
    private final long[] holds;
    private final long[] epochs;
    private final boolean[] polling;

    SimulatedCrowd(CoverageTracker tracker, int phones, double sampling, long pollMs, long seed) {
        this.tracker = tracker;
        this.random = new SplittableRandom(seed);
        this.sampling = sampling;
        this.pollMs = pollMs;
        next = new long[phones];
        holds = new long[phones];
        epochs = new long[phones];
        polling = new boolean[phones];
        for (int i = 0; i < phones; i++) {
            next[i] = T0 + random.nextLong(pollMs); // opened the app at different times
            holds[i] = -1;
            polling[i] = true;
        }
    }

    int size() {
        return next.length;
    }

    /** Phone {@code i} fetches {@code version} of {@code epoch} at its next poll (a logged state fetch, sampled too). */
    void fetch(int i, long version, String epoch) {
        holds[i] = version;
        epochs[i] = Sighting.epochKey(epoch);
        if (random.nextDouble() < sampling) {
            tracker.record(new Sighting(i, next[i], version, epochs[i]));
        }
    }

    void stop(int i) {
        polling[i] = false;
    }

    /** Every phone polls until {@code until} (ms); returns the requests made. */
    long runUntil(long until) {
        long requests = 0;
        for (int i = 0; i < next.length; i++) {
            while (polling[i] && next[i] < until) {
                if (random.nextDouble() < sampling) {
                    tracker.record(new Sighting(i, next[i], holds[i], epochs[i]));
                }
                requests++;
                next[i] += (long) (pollMs * (0.9 + 0.2 * random.nextDouble()));
            }
        }
        return requests;
    }

    long nextPoll(int i) {
        return next[i];
    }
}
