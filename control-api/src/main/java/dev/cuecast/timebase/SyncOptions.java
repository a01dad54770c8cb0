package dev.cuecast.timebase;

/**
 * The phones' clock tunables ({@code CLOCK_DEFAULTS} in pwa/lib/clock.js, which says why each value is what it is),
 * plus when publishing must stop. Built by name: {@code SyncOptions.builder().stepMs(50).build()}. The defaults are
 * testdata/clock/defaults.json's, which SyncOptionsTest and clock.test.js both pin.
 *
 * @param maxUncertaintyMs the control API's own: an offset known only to ± more than this stops publishing
 */
record SyncOptions(int startupRequests, double pipelineGapMs, int minSamples, double gateGapMs, double gateQueueMs,
                   double relaxAfterMs, double relaxEveryMs, double trickleMs, int maxInFlight, double timeoutMs,
                   double resyncMs, int resyncSamples, int maxSamples, double windowMs, double stepMs,
                   double slewPerSecond, double driftPpm, double maxUncertaintyMs) {
    static SyncOptions defaults() {
        return builder().build();
    }

    static Builder builder() {
        return new Builder();
    }

    /** Starts from the defaults; each setter names the value it changes. */
    static final class Builder {
        private int startupRequests = 12;
        private double pipelineGapMs = 25;
        private int minSamples = 8;
        private double gateGapMs = 2;
        private double gateQueueMs = 50;
        private double relaxAfterMs = 5000;
        private double relaxEveryMs = 2500;
        private double trickleMs = 150;
        private int maxInFlight = 4;
        private double timeoutMs = 2000;
        private double resyncMs = 10_000;
        private int resyncSamples = 3;
        private int maxSamples = 48;
        private double windowMs = 30_000;
        private double stepMs = 100;
        private double slewPerSecond = 10;
        private double driftPpm = 100;
        private double maxUncertaintyMs = 250;

        private Builder() {
        }

        Builder startupRequests(int v) {
            startupRequests = v;
            return this;
        }

        Builder pipelineGapMs(double v) {
            pipelineGapMs = v;
            return this;
        }

        Builder minSamples(int v) {
            minSamples = v;
            return this;
        }

        Builder gateGapMs(double v) {
            gateGapMs = v;
            return this;
        }

        Builder gateQueueMs(double v) {
            gateQueueMs = v;
            return this;
        }

        Builder relaxAfterMs(double v) {
            relaxAfterMs = v;
            return this;
        }

        Builder relaxEveryMs(double v) {
            relaxEveryMs = v;
            return this;
        }

        Builder trickleMs(double v) {
            trickleMs = v;
            return this;
        }

        Builder maxInFlight(int v) {
            maxInFlight = v;
            return this;
        }

        Builder timeoutMs(double v) {
            timeoutMs = v;
            return this;
        }

        Builder resyncMs(double v) {
            resyncMs = v;
            return this;
        }

        Builder resyncSamples(int v) {
            resyncSamples = v;
            return this;
        }

        Builder maxSamples(int v) {
            maxSamples = v;
            return this;
        }

        Builder windowMs(double v) {
            windowMs = v;
            return this;
        }

        Builder stepMs(double v) {
            stepMs = v;
            return this;
        }

        Builder slewPerSecond(double v) {
            slewPerSecond = v;
            return this;
        }

        Builder driftPpm(double v) {
            driftPpm = v;
            return this;
        }

        Builder maxUncertaintyMs(double v) {
            maxUncertaintyMs = v;
            return this;
        }

        SyncOptions build() {
            return new SyncOptions(startupRequests, pipelineGapMs, minSamples, gateGapMs, gateQueueMs, relaxAfterMs,
                    relaxEveryMs, trickleMs, maxInFlight, timeoutMs, resyncMs, resyncSamples, maxSamples, windowMs,
                    stepMs, slewPerSecond, driftPpm, maxUncertaintyMs);
        }
    }
}
