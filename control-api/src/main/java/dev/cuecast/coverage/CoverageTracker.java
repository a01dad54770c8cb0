package dev.cuecast.coverage;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Every phone id seen at the edge in the last {@code retentionMs}, with when it was last seen and the newest
 * version it is known to hold. Exact (a map of at most {@code maxPhones} ids; bench/coverage.md measures it at
 * 100,000), so a share is a plain count, not a sketch. Thread-safe: one log reader writes, HTTP threads read.
 *
 * <p>Windows are taken back from the newest record read ({@code as_of}), not from this machine's clock: log
 * delivery lags (nginx flushes its buffer each second, CloudFront real-time logs take seconds), and a window
 * ending "now" would miss phones whose records are still on the way.
 */
public final class CoverageTracker {
    private static final class Phone {
        long lastSeen;
        long holds;
    }

    private final int maxPhones;
    private final long retentionMs;
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
        if (!(sampling > 0 && sampling <= 1)) {
            throw new IllegalArgumentException("sampling must be in (0, 1], got " + sampling);
        }
        this.sampling = sampling;
        this.source = source;
        this.maxPhones = maxPhones;
        this.retentionMs = retentionMs;
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
            p.holds = -1;
            phones.put(s.phone(), p);
        }
        p.lastSeen = Math.max(p.lastSeen, s.atMs());
        p.holds = Math.max(p.holds, s.holds());
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
     * Phones seen within {@code 2 × pollMs} of the newest record, and how many of them hold {@code version} or
     * later. With sampling r a phone polling k = 2 times in the window appears with probability 1 − (1 − r)^k,
     * so the seen count is divided by that; the share needs no scaling (holders and the rest are sampled alike).
     * Phones polling less often than poll_ms (backoff, a slow network) are seen less and under-counted in
     * proportion; solving for k from the ratio of ids to requests was tried and is too ill-conditioned at 10 %
     * (a 5 % error in the request count doubled the estimate's error).
     */
    public synchronized Coverage coverage(long version, long pollMs) {
        if (asOf == Long.MIN_VALUE) {
            return new Coverage(version, 0L, 0L, null, sampling, null, source, 0L, "no phone seen in the log yet");
        }
        long since = asOf - 2 * pollMs;
        long seen = 0;
        long holding = 0;
        for (Phone p : phones.values()) {
            if (p.lastSeen >= since) {
                seen++;
                if (p.holds >= version) {
                    holding++;
                }
            }
        }
        double visible = 1 - Math.pow(1 - sampling, 2);
        long active = Math.round(seen / visible);
        Double share = seen == 0 ? null : (double) holding / seen;
        long holdingScaled = share == null ? 0 : Math.round(active * share);
        String message = dropped > 0 ? dropped + " sightings of new ids dropped: more than " + maxPhones + " phones" : null;
        return new Coverage(version, active, holdingScaled, share, sampling, asOf, source, seen, message);
    }

    synchronized int size() {
        return phones.size();
    }
}
