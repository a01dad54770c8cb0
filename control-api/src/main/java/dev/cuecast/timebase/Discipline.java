package dev.cuecast.timebase;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The clock discipline ({@code createDiscipline} in pwa/lib/clock.js, the reference): what each answer does to the
 * offset in use. It keeps the sliding window of samples, judges a re-anchoring burst by the quality gate, jumps to a
 * first or stepped estimate and slews small corrections. Time comes in as arguments, so the traces in
 * testdata/clock/traces, recorded from clock.js, replay here decision by decision (ClockTracesTest). Not
 * thread-safe: {@link TimeSync} holds its lock around every call.
 */
final class Discipline {
    /** A correction this close to the offset in use is no correction: no jump, no slew, no re-plan. */
    private static final double DEAD_BAND_MS = 0.05;

    enum Gate { PASS, FAIL }

    /** REANCHOR: the sample shows the local clock stepped; the caller must begin a fresh burst. */
    enum Action { JUMP, SLEW, REANCHOR, NONE }

    /**
     * What one settled request did.
     *
     * @param gate        whether a re-anchoring estimate passed the quality gate (null: none was judged)
     * @param step        the correction was above stepMs: a jump (or a re-anchor), not a slew
     * @param offset      server − local in effect afterwards (null before the first estimate)
     * @param used        samples the estimate rests on (null: no estimate, the request was lost)
     * @param uncertainty ± ms around offset (null before the first estimate)
     */
    record Decision(Gate gate, Action action, boolean step, Double offset, Double target, boolean ready, Integer used,
                    Double uncertainty) {
    }

    private final SyncOptions o;
    private boolean ready;
    private boolean anchoring;
    private Estimate best;
    private double bestAt;
    private Double applied;
    private double appliedAt;
    private Double target;
    private int anchorSamples;
    private double anchorStartedAt;
    private List<Sample> window = new ArrayList<>();

    Discipline(SyncOptions options) {
        this.o = options;
    }

    /** A burst begins (start, a detected step): forget the old samples and judge the new ones by the gate. */
    void anchor(double t) {
        window = new ArrayList<>();
        anchoring = true;
        anchorSamples = 0;
        anchorStartedAt = t;
    }

    /** One request settled at local time t: its sample, or null when it was lost (no answer in time, a bad one). */
    Decision observe(Sample s, double t) {
        Estimate e = null;
        if (s != null) {
            List<Sample> next = new ArrayList<>(window.stream().filter(w -> t - w.at() <= o.windowMs()).toList());
            next.add(s);
            window = next.size() > o.maxSamples() ? new ArrayList<>(next.subList(next.size() - o.maxSamples(), next.size())) : next;
            if (anchoring) {
                anchorSamples++;
            }
            e = Estimator.estimate(window, t, o.driftPpm()).orElse(null);
            if (e != null && e.used() < window.size()) {
                window = new ArrayList<>(window.subList(window.size() - e.used(), window.size())); // forget the old clock
            }
        }
        if (anchoring) {
            if (e != null && anchorSamples >= o.minSamples() && passesGate(e, t)) {
                boolean step = isStep(e, t);
                anchoring = false;
                ready = true;
                accept(e, t);
                jumpTo(e.offset(), t);
                return decided(t, e, Gate.PASS, Action.JUMP, step);
            }
            // Something to stamp with before the gate passes: already within its uncertainty of the truth, far
            // better than a host clock known to be seconds off.
            if (e != null && (applied == null || !ready || isStep(e, t))) {
                boolean step = isStep(e, t);
                if (!ready) {
                    accept(e, t);
                }
                boolean moved = applied == null || Math.abs(e.offset() - applied) > DEAD_BAND_MS;
                if (moved) {
                    jumpTo(e.offset(), t);
                }
                return decided(t, e, Gate.FAIL, moved ? Action.JUMP : Action.NONE, step);
            }
            return decided(t, e, e == null ? null : Gate.FAIL, Action.NONE, false);
        }
        if (e == null) {
            return decided(t, null, null, Action.NONE, false);
        }
        if (Math.abs(e.offset() - offset(t)) > o.stepMs()) {
            return decided(t, e, null, Action.REANCHOR, true); // the local clock stepped (or slept)
        }
        accept(e, t);
        boolean moved = Math.abs(e.offset() - target) > DEAD_BAND_MS;
        if (moved) {
            slewTo(e.offset(), t);
        }
        return decided(t, e, null, moved ? Action.SLEW : Action.NONE, false);
    }

    /** server − local (ms) in effect at local time t, slewing towards the target; null before any estimate. */
    Double offset(double t) {
        if (applied == null) {
            return null;
        }
        double maxMove = o.slewPerSecond() / 1000 * Math.max(0, t - appliedAt);
        double d = target - applied;
        return applied + Math.max(-maxMove, Math.min(maxMove, d));
    }

    /** ± ms around offset(t) that the truth lies within: the intersection's half-width, slew left, drift since. */
    Double uncertainty(double t) {
        if (best == null) {
            return null;
        }
        double slewLeft = Math.abs(target - offset(t));
        return best.uncertainty() + slewLeft + o.driftPpm() / 1e6 * Math.max(0, t - bestAt);
    }

    boolean ready() {
        return ready;
    }

    boolean anchoring() {
        return anchoring;
    }

    /** The latest accepted estimate. */
    Optional<Estimate> best() {
        return Optional.ofNullable(best);
    }

    private void accept(Estimate e, double t) {
        best = e;
        bestAt = t;
    }

    private boolean isStep(Estimate e, double t) {
        return applied == null || Math.abs(e.offset() - offset(t)) > o.stepMs();
    }

    private void jumpTo(double value, double t) {
        applied = value;
        target = value;
        appliedAt = t;
    }

    private void slewTo(double value, double t) {
        applied = offset(t);
        appliedAt = t;
        target = value;
    }

    /** Both edges confirmed by a second sample close by, no queue building; tolerances double on a path noisy for long. */
    private boolean passesGate(Estimate e, double t) {
        if (e.used() < o.minSamples()) {
            return false;
        }
        double relax = Math.pow(2, Math.max(0, (t - anchorStartedAt - o.relaxAfterMs()) / o.relaxEveryMs()));
        return e.lowGap() <= o.gateGapMs() * relax && e.highGap() <= o.gateGapMs() * relax && e.queue() <= o.gateQueueMs() * relax;
    }

    private Decision decided(double t, Estimate e, Gate gate, Action action, boolean step) {
        return new Decision(gate, action, step, offset(t), target, ready, e == null ? null : e.used(), uncertainty(t));
    }
}
