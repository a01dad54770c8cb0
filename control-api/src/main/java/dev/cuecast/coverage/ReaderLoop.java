package dev.cuecast.coverage;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop both coverage readers run on their own daemon thread: read what is new, pause, read again. A failed read
 * is logged, {@link #failure()} says why until a read works again (so coverage shows "unknown", not an ever older
 * crowd as if current), and the pause after each failure in a row doubles up to a ceiling. Pauses go through an
 * injected {@link Sleeper}, so tests run the loop on a fake clock; {@link #stop()} interrupts the pause.
 */
final class ReaderLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ReaderLoop.class);

    /** What the loop reads. */
    interface Reader {
        /** Reads what is new; true when more is waiting already (a backlog), so the loop reads again at once. */
        boolean read() throws IOException;

        /** After a failed read, before the pause: drops what the failure may have left broken (an open file). */
        default void reset() {
        }

        /** The failure as the operator reads it after "reading … failed: ". */
        default String explain(Exception e) {
            return e.toString();
        }
    }

    interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    /**
     * @param pollMs       pause after a read that left nothing waiting
     * @param firstRetryMs pause after a failure; doubled after each further failure in a row...
     * @param maxRetryMs   ...up to this
     */
    record Pacing(long pollMs, long firstRetryMs, long maxRetryMs) {
    }

    private final String threadName;
    private final String what;
    private final Reader reader;
    private final Pacing pacing;
    private final Sleeper sleeper;
    private volatile boolean running = true;
    private volatile String failure;
    private Thread thread;

    /** @param what what a read does, for the log and {@link #failure()}: "reading /var/log/cuecast/access.log" */
    ReaderLoop(String threadName, String what, Reader reader, Pacing pacing, Sleeper sleeper) {
        this.threadName = threadName;
        this.what = what;
        this.reader = reader;
        this.pacing = pacing;
        this.sleeper = sleeper;
    }

    synchronized void start() {
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Ends the loop: its pause is interrupted and the thread waited for, briefly. */
    void stop() {
        running = false;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Why the last read failed, or null while reading works. */
    String failure() {
        return failure;
    }

    /** The loop, on the calling thread until {@link #stop()} or an interrupt (tests call it directly). */
    void run() {
        long retry = pacing.firstRetryMs();
        while (running) {
            try {
                boolean more = reader.read();
                failure = null;
                retry = pacing.firstRetryMs();
                if (!more) {
                    sleeper.sleep(pacing.pollMs());
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return; // stop() interrupted the read itself (ClosedByInterruptException): not a failure
                }
                String why = reader.explain(e);
                LOG.warn("{}: {}", what, why);
                failure = what + " failed: " + why;
                reader.reset();
                try {
                    sleeper.sleep(retry);
                } catch (InterruptedException ie) {
                    return;
                }
                retry = Math.min(retry * 2, pacing.maxRetryMs());
            }
        }
    }
}
