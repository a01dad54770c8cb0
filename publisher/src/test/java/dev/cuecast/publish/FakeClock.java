package dev.cuecast.publish;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand; optionally ticks by {@code step} ms on every read so timestamps differ. Thread-safe. */
public final class FakeClock extends Clock {
    private final AtomicLong millis;
    private final long step;

    public FakeClock(long startMillis, long step) {
        this.millis = new AtomicLong(startMillis);
        this.step = step;
    }

    public FakeClock(long startMillis) {
        this(startMillis, 0);
    }

    public void advance(long ms) {
        millis.addAndGet(ms);
    }

    @Override
    public long millis() {
        return millis.getAndAdd(step);
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
        throw new UnsupportedOperationException("tests use UTC");
    }
}
