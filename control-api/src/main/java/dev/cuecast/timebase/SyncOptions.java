package dev.cuecast.timebase;

/** The phones' clock defaults ({@code CLOCK_DEFAULTS} in pwa/lib/clock.js), plus when publishing must stop. */
record SyncOptions(int startupRequests, long pipelineGapMs, int minSamples, double gateGapMs, double gateQueueMs,
                   double relaxAfterMs, double relaxEveryMs, long trickleMs, int maxInFlight, long timeoutMs, long resyncMs, int resyncSamples, int maxSamples,
                   double windowMs, double stepMs, double slewPerSecond, double driftPpm, double maxUncertaintyMs) {
    static SyncOptions defaults() {
        return new SyncOptions(12, 25, 8, 2, 50, 5000, 2500, 150, 4, 2000, 10_000, 3, 48, 30_000, 100, 10, 100, 250);
    }
}
