package dev.cuecast.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * One host's clock in the simulation: the world's time plus this host's offset and drift. The stations sync to
 * the phones' time base (small offsets); the CLI host may be seconds off, as an unsynced laptop is.
 */
final class SimClock extends Clock {
    private final SimWorld world;
    private final long offsetMs;
    private final double driftPpm;
    private final long start;

    SimClock(SimWorld world, long offsetMs, double driftPpm) {
        this.world = world;
        this.offsetMs = offsetMs;
        this.driftPpm = driftPpm;
        this.start = world.now();
    }

    /** This host's reading at world time {@code worldMs}. */
    long at(long worldMs) {
        return worldMs + offsetMs + Math.round((worldMs - start) * driftPpm / 1e6);
    }

    @Override
    public long millis() {
        return at(world.now());
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
