package dev.cuecast.publish;

import java.util.function.LongUnaryOperator;

/**
 * Capped exponential backoff with full jitter between publish attempts, so publishers that collided do not
 * collide again in lock step. The sleeper and the random source are injected: tests never sleep.
 */
final class Backoff {
    interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    private final long baseMs;
    private final long capMs;
    private final Sleeper sleeper;
    /** Maps an exclusive bound to a value in [0, bound). */
    private final LongUnaryOperator random;

    Backoff(long baseMs, long capMs, Sleeper sleeper, LongUnaryOperator random) {
        this.baseMs = baseMs;
        this.capMs = capMs;
        this.sleeper = sleeper;
        this.random = random;
    }

    static Backoff standard(Environment env) {
        return new Backoff(5, 250, env.sleeper()::sleep, bound -> env.random().nextLong(bound));
    }

    /** Delay before retry number {@code attempt} (1 = first retry): uniform in [0, min(cap, base * 2^(attempt-1))]. */
    long delayMs(int attempt) {
        long ceiling = Math.min(capMs, baseMs << Math.min(attempt - 1, 30));
        return random.applyAsLong(ceiling + 1);
    }

    void pause(int attempt) {
        try {
            sleeper.sleep(delayMs(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while waiting to retry; nothing was published", e);
        }
    }
}
