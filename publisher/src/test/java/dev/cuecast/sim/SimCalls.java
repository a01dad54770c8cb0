package dev.cuecast.sim;

import dev.cuecast.publish.StoreCalls;
import dev.cuecast.publish.StoreTimeoutException;
import dev.cuecast.publish.VersionConflictException;

/**
 * Store calls on simulated time: the time limit travels with the calling actor to the {@link SimStore}, which
 * answers, or gives up at the limit, in simulated milliseconds. A hedge delay travels too: the store sends a second copy.
 */
final class SimCalls implements StoreCalls {
    private static final ThreadLocal<Long> TIMEOUT = ThreadLocal.withInitial(() -> 60_000L);

    private static final ThreadLocal<Long> HEDGE = ThreadLocal.withInitial(() -> 0L);

    static long timeoutMs() {
        return TIMEOUT.get();
    }

    static long hedgeMs() {
        return HEDGE.get();
    }

    @Override
    public <T> T run(String what, long timeoutMs, long hedgeAfterMs, Call<T> call) throws VersionConflictException {
        if (timeoutMs <= 0) {
            throw new StoreTimeoutException("no time left to " + what, null);
        }
        long before = TIMEOUT.get();
        long hedgeBefore = HEDGE.get();
        TIMEOUT.set(timeoutMs);
        HEDGE.set(hedgeAfterMs);
        try {
            return call.call();
        } finally {
            TIMEOUT.set(before);
            HEDGE.set(hedgeBefore);
        }
    }
}
