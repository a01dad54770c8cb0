package dev.cuecast.timebase;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The phones' estimator ({@code pwa/lib/clock.js estimate}), ported so the control API and the crowd keep one
 * time base: the middle of the intersection of every sample's {@code offset ± rtt/2}, each widened by the drift
 * the local oscillator may have gathered since. Both share {@code testdata/clock/estimates.json}.
 */
final class Estimator {
    private Estimator() {
    }

    /** The estimate for local time {@code at} (NaN: the newest sample's time). */
    static Optional<Estimate> estimate(List<Sample> samples, double at, double driftPpm) {
        List<Sample> byAge = new ArrayList<>(samples.stream().filter(Sample::valid).toList());
        if (byAge.isEmpty()) {
            return Optional.empty();
        }
        byAge.sort(Comparator.comparingDouble(Sample::at).reversed());
        double ref = Double.isNaN(at) ? byAge.get(0).at() : at;
        double lo = Double.NEGATIVE_INFINITY, lo2 = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY, hi2 = Double.POSITIVE_INFINITY;
        double rtt = Double.POSITIVE_INFINITY;
        List<Double> rtts = new ArrayList<>();
        for (Sample s : byAge) {
            double half = s.rtt() / 2 + driftPpm / 1e6 * Math.abs(ref - s.at());
            double l = s.offset() - half, h = s.offset() + half;
            if (l > hi || h < lo) {
                break; // contradicts every newer sample: it belongs to a clock that has since stepped
            }
            if (l > lo) {
                lo2 = lo;
                lo = l;
            } else if (l > lo2) {
                lo2 = l;
            }
            if (h < hi) {
                hi2 = hi;
                hi = h;
            } else if (h < hi2) {
                hi2 = h;
            }
            rtt = Math.min(rtt, s.rtt());
            rtts.add(s.rtt());
        }
        rtts.sort(Comparator.naturalOrder());
        double medianRtt = rtts.get((rtts.size() - 1) / 2);
        double spread = hi - lo;
        return Optional.of(new Estimate((lo + hi) / 2, rtt, spread, byAge.size(), rtts.size(), lo - lo2, hi2 - hi,
                medianRtt - spread));
    }
}
