package dev.cuecast.publish;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * What a {@link Publisher} takes from the world besides its store: the time base it stamps and judges deadlines on,
 * how it waits for store calls, how it pauses between attempts, and where its publish ids and jitter come from.
 * The server passes {@link #real}; the protocol simulation passes its own, so every source of nondeterminism is
 * the simulator's and a seed replays a run exactly.
 */
public record Environment(Clock clock, StoreCalls calls, Sleeper sleeper, RandomGenerator random) {
    /** Pauses the calling publisher. */
    public interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    /** Threads and the wall clock for waiting, a cryptographic source for publish ids. */
    public static Environment real(Clock clock) {
        return new Environment(clock, new Calls(), Thread::sleep, new SecureRandom());
    }
}
