package dev.cuecast.timebase;

/**
 * The intersection of the samples' offset intervals.
 *
 * @param offset  its middle: server − local (ms)
 * @param rtt     the quickest round trip seen
 * @param spread  its width; the truth lies within ± spread/2 of offset
 * @param count   valid samples given
 * @param used    samples consistent with the newest (older ones contradicted them: the local clock stepped)
 * @param lowGap  how far the runner-up lower edge is below the winning one (small: confirmed by a second sample)
 * @param highGap the same for the upper edge
 * @param queue   how much slower the median round trip is than the edges (large while congestion builds a queue)
 */
record Estimate(double offset, double rtt, double spread, int count, int used, double lowGap, double highGap, double queue) {
    double uncertainty() {
        return spread / 2;
    }
}
