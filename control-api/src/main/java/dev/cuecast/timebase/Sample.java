package dev.cuecast.timebase;

/**
 * One request/reply against a time endpoint: {@code offset} = server − local (ms), {@code rtt} the round trip,
 * {@code at} the local receive time. The server stamped its time somewhere inside the round trip, so the true
 * offset lies within {@code offset ± rtt/2}.
 */
record Sample(double offset, double rtt, double at) {
    /** Local send t0, server time t, local receive t1. */
    static Sample of(double t0, double t, double t1) {
        return new Sample(t - (t0 + t1) / 2, t1 - t0, t1);
    }

    boolean valid() {
        return Double.isFinite(offset) && Double.isFinite(rtt) && rtt >= 0 && Double.isFinite(at);
    }
}
