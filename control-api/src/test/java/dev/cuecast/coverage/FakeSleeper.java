package dev.cuecast.coverage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A {@link ReaderLoop.Sleeper} on a fake clock: each pause is recorded and moves the clock at once. After
 * {@code limit} pauses it ends the loop as stop() would (an interrupt), so a test runs the loop on its own thread.
 */
final class FakeSleeper implements ReaderLoop.Sleeper {
    final List<Long> pauses = new ArrayList<>();
    private final int limit;
    private final IntConsumer onPause;
    private long now;

    /** @param onPause runs at each pause with its index (0 for the first), to change the world between reads */
    FakeSleeper(int limit, IntConsumer onPause) {
        this.limit = limit;
        this.onPause = onPause;
    }

    FakeSleeper(int limit) {
        this(limit, i -> { });
    }

    /** Fake milliseconds slept so far. */
    long now() {
        return now;
    }

    @Override
    public void sleep(long ms) throws InterruptedException {
        if (pauses.size() >= limit) {
            throw new InterruptedException("the test has seen enough");
        }
        pauses.add(ms);
        now += ms;
        onPause.accept(pauses.size() - 1);
    }
}
