package dev.cuecast.timebase;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where {@link TimeSync} waits: one daemon thread in the server, virtual time in tests (VirtualTime), as clock.js takes
 * setTimeout from its caller. Delays are fractional milliseconds, as clock.js computes them, so a trace replays the
 * same instants on both sides.
 */
interface Timers extends AutoCloseable {
    /** Runs {@code fn} after {@code ms}; after {@link #close()}, never. */
    void later(double ms, Runnable fn);

    @Override
    void close();

    static Timers daemon(String name) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        return new Timers() {
            @Override
            public void later(double ms, Runnable fn) {
                try {
                    executor.schedule(fn, Math.round(ms * 1000), TimeUnit.MICROSECONDS);
                } catch (RejectedExecutionException closed) {
                    // closed: nothing more to do
                }
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}
