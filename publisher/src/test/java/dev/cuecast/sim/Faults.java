package dev.cuecast.sim;

import java.util.SplittableRandom;

/**
 * The fault mix of one seed. Swarm testing: the seed also draws the probabilities, so one seed runs a calm store,
 * another one that loses every fifth answer, another one slow to the point of timing out.
 *
 * @param lostAnswer       a write lands, its answer never arrives (the caller times out)
 * @param failBefore       a 5xx (SlowDown) answered without landing
 * @param failAfter        a 5xx answered after the write landed (an ambiguous write)
 * @param spuriousConflict a 409 ConditionalRequestConflict without landing
 * @param landLate         a write that lands after its caller gave up (at most {@link #LATE_LANDING_MAX_MS} later)
 * @param slow             a call whose latency is drawn from the heavy tail
 * @param tail             share of call legs drawn from a heavy (Pareto) tail
 * @param meanLatencyMs    mean one-way latency of a call leg (exponential)
 */
record Faults(double lostAnswer, double failBefore, double failAfter, double spuriousConflict, double landLate,
              double slow, double tail, double meanLatencyMs) {
    /**
     * A LAND_LATE write lands up to this long after its caller gave up (the SDK's attempt timeout closes the
     * connection; a request whose body had fully arrived commits within milliseconds). Slow calls and the latency
     * tail are not bounded this way: they land when they land, as a stalled request can.
     */
    static final long LATE_LANDING_MAX_MS = 300;

    enum Kind { OK, LOST_ANSWER, FAIL_BEFORE, FAIL_AFTER, SPURIOUS_CONFLICT, LAND_LATE, SLOW }

    static Faults draw(SplittableRandom r) {
        double intensity = r.nextDouble() < 0.2 ? 0 : r.nextDouble(); // a fifth of the seeds run a calm store
        return new Faults(0.15 * intensity * r.nextDouble(), 0.10 * intensity * r.nextDouble(),
                0.10 * intensity * r.nextDouble(), 0.05 * intensity * r.nextDouble(),
                0.10 * intensity * r.nextDouble(), 0.10 * intensity * r.nextDouble(), 0.03 * r.nextDouble(), 2 + 60 * r.nextDouble());
    }

    Kind draw(SplittableRandom r, boolean write) {
        double x = r.nextDouble();
        if (write) {
            if ((x -= lostAnswer) < 0) {
                return Kind.LOST_ANSWER;
            }
            if ((x -= failAfter) < 0) {
                return Kind.FAIL_AFTER;
            }
            if ((x -= spuriousConflict) < 0) {
                return Kind.SPURIOUS_CONFLICT;
            }
            if ((x -= landLate) < 0) {
                return Kind.LAND_LATE;
            }
        }
        if ((x -= failBefore) < 0) {
            return Kind.FAIL_BEFORE;
        }
        if ((x -= slow) < 0) {
            return Kind.SLOW;
        }
        return Kind.OK;
    }

    /** One leg of a call: exponential around the mean, with a heavy tail (Pareto) for a share of them. */
    long latency(SplittableRandom r) {
        double base = -meanLatencyMs * Math.log(1 - r.nextDouble());
        if (r.nextDouble() < tail) {
            base += meanLatencyMs * (Math.pow(1 - r.nextDouble(), -1 / 1.5) - 1) * 5;
        }
        return Math.max(1, Math.round(Math.min(base, 30_000)));
    }
}
