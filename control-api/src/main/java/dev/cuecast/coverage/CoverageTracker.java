package dev.cuecast.coverage;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Every phone id seen at the edge in the last {@code retentionMs}, with when it was last seen and the newest
 * version (and store epoch) it is known to hold. Exact (a map of at most {@code maxPhones} ids; bench/coverage.md
 * measures it at 100,000), so a share is a plain count, not a sketch. Thread-safe: one log reader writes, HTTP
 * threads read.
 *
 * <p>Windows are taken back from the newest record read ({@code as_of}), not from this machine's clock: log
 * delivery lags (nginx flushes its buffer each second, CloudFront real-time logs take seconds), and a window
 * ending "now" would miss phones whose records are still on the way.
 *
 * <p><b>The share</b> is one ratio over one set of ids: of the ids seen in the last W, the part whose newest
 * request shows them holding the version (holding is monotone within an epoch: a phone once seen with
 * {@code h >= N}, or fetching {@code states/N.json} or later, holds N). With every request logged W = 2 × poll_ms.
 * With sampling r a phone polling every poll_ms is in the set with probability q = 1 − (1 − r)^k for
 * W = k × poll_ms, so the set is a Bernoulli sample of the crowd and the share's standard error is
 * √(p(1 − p)(1 − q) / seen). W grows from 2 × poll_ms one poll at a time until that error (at p = ½, so the choice
 * does not depend on the answer) is at most {@link #TARGET_STANDARD_ERROR}, or until 95 % of the phones are in
 * the set. A stadium crowd needs no more than 2 × poll_ms even at 10 %; 2,000 phones at 10 % need about 8 s.
 * The price is freshness: a phone counts as holding only once a request after its fetch is sampled, so the
 * figure catches up with a change over about W (bench/coverage.md measures it), and a phone that left counts
 * in the set until W has passed.
 *
 * <p><b>Active</b> keeps the short window: distinct ids seen in the last 2 × poll_ms, divided by the chance
 * 1 − (1 − r)² that a phone polling twice in it is sampled at all, so phones that stop polling leave it within
 * 2 × poll_ms.
 */
public final class CoverageTracker {
    /** The share's standard error the window grows to reach: ±5 points is then 5 standard errors. */
    static final double TARGET_STANDARD_ERROR = 0.01;
    /** The window stops growing once this part of the polling phones is in it. */
    static final double MAX_SEEN = 0.95;

    private static final class Phone {
        long lastSeen;
        long holds = -1;
        long epoch;
        long heldAt = Long.MIN_VALUE; // the newest request that said what it holds
    }

    private final int maxPhones;
    private final long retentionMs;
    private final double targetStandardError;
    private final double sampling;
    private final String source;
    private final Map<Long, Phone> phones = new HashMap<>();
    private long asOf = Long.MIN_VALUE;
    private long lastSweep;
    private long dropped;

    /**
     * @param sampling share of requests the log records (1.0 for the local edge's full log, 0.1 for CloudFront
     *                 real-time logs at 10 %)
     * @param source   "edge-log" or "kinesis"
     */
    public CoverageTracker(double sampling, String source, int maxPhones, long retentionMs) {
        this(sampling, source, maxPhones, retentionMs, TARGET_STANDARD_ERROR);
    }

    /** With another target for the share's standard error (the benchmark's "before": infinity, a 2-poll window). */
    CoverageTracker(double sampling, String source, int maxPhones, long retentionMs, double targetStandardError) {
        if (!(sampling > 0 && sampling <= 1)) {
            throw new IllegalArgumentException("sampling must be in (0, 1], got " + sampling);
        }
        this.sampling = sampling;
        this.source = source;
        this.maxPhones = maxPhones;
        this.retentionMs = retentionMs;
        this.targetStandardError = targetStandardError;
    }

    public synchronized void record(Sighting s) {
        if (asOf != Long.MIN_VALUE && s.atMs() < asOf - retentionMs) {
            return; // older than anything we still count
        }
        asOf = Math.max(asOf, s.atMs());
        if (asOf - lastSweep > retentionMs / 4) {
            sweep();
        }
        Phone p = phones.get(s.phone());
        if (p == null) {
            if (phones.size() >= maxPhones) {
                dropped++; // bounded memory beats an exact count past the cap; reported in the answer
                return;
            }
            p = new Phone();
            phones.put(s.phone(), p);
        }
        p.lastSeen = Math.max(p.lastSeen, s.atMs());
        if (s.holds() < 0) {
            return;
        }
        if (s.epoch() == p.epoch) {
            p.holds = Math.max(p.holds, s.holds()); // out-of-order records never take a phone back
            p.heldAt = Math.max(p.heldAt, s.atMs());
        } else if (s.atMs() >= p.heldAt) {
            // A new store epoch restarts the versions: what the phone held before says nothing about this one.
            p.epoch = s.epoch();
            p.holds = s.holds();
            p.heldAt = s.atMs();
        }
    }

    private void sweep() {
        lastSweep = asOf;
        for (Iterator<Phone> it = phones.values().iterator(); it.hasNext(); ) {
            if (it.next().lastSeen < asOf - retentionMs) {
                it.remove();
            }
        }
    }

    /**
     * Coverage of {@code version} of store epoch {@code epoch} (the pointer's, null for a store without epochs):
     * only phones whose newest held version is of that epoch can hold it.
     */
    public synchronized Coverage coverage(long version, long pollMs, String epoch) {
        if (asOf == Long.MIN_VALUE) {
            return new Coverage(version, 0L, 0L, null, null, null, sampling, null, source, 0L, "no phone seen in the log yet");
        }
        long epochKey = Sighting.epochKey(epoch);
        int maxPolls = maxWindowPolls(pollMs);
        // Ids and holders by age in whole poll intervals, so every window length is one pass over the map. Bucket j
        // holds ages in (j, j + 1] × poll_ms (0 in bucket 0): a window of k buckets ends exactly k × poll_ms back.
        long[] seenAt = new long[maxPolls];
        long[] holdingAt = new long[maxPolls];
        for (Phone p : phones.values()) {
            long age = asOf - p.lastSeen;
            if (age <= (long) maxPolls * pollMs) {
                int bucket = age == 0 ? 0 : (int) ((age - 1) / pollMs);
                seenAt[bucket]++;
                if (p.epoch == epochKey && p.holds >= version) {
                    holdingAt[bucket]++;
                }
            }
        }
        long active = Math.round((seenAt[0] + seenAt[1]) / visible(2));

        long seen = 0;
        long holding = 0;
        int polls = 0;
        while (polls < maxPolls) {
            seen += seenAt[polls];
            holding += holdingAt[polls];
            polls++;
            if (polls >= 2 && standardError(0.5, seen, visible(polls)) <= targetStandardError) {
                break;
            }
        }
        Double share = seen == 0 ? null : (double) holding / seen;
        // The margin's binomial variance with one phantom holder and one not (Agresti–Coull), so a sample of 12
        // phones all holding does not claim a margin of zero.
        double pTilde = (holding + 1.0) / (seen + 2.0);
        Double margin = seen == 0 ? null : 2 * standardError(pTilde, seen, visible(polls));
        long holdingScaled = share == null ? 0 : Math.round(active * share);
        String message = dropped > 0 ? dropped + " sightings of new ids dropped: more than " + maxPhones + " phones" : null;
        return new Coverage(version, active, holdingScaled, share, margin, polls * pollMs, sampling, asOf, source, seen,
                message);
    }

    /** The chance a phone polling every poll_ms is sampled at least once in {@code polls} polls. */
    private double visible(int polls) {
        return 1 - Math.pow(1 - sampling, polls);
    }

    /** Standard error of a share p measured on n of the phones, each in the sample with probability q. */
    private static double standardError(double p, long n, double q) {
        return n == 0 ? Double.POSITIVE_INFINITY : Math.sqrt(p * (1 - p) * (1 - q) / n);
    }

    /** The longest window: until {@link #MAX_SEEN} of the phones are in it, at least 2 polls, within the retention. */
    private int maxWindowPolls(long pollMs) {
        int polls = sampling >= 1 ? 2 : (int) Math.ceil(Math.log(1 - MAX_SEEN) / Math.log(1 - sampling));
        return (int) Math.max(2, Math.min(polls, retentionMs / pollMs));
    }

    synchronized int size() {
        return phones.size();
    }
}
