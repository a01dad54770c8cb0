package dev.cuecast.timebase;

import java.time.Clock;

/**
 * The clock {@code effective_at} is stamped on. With {@code --time-url} it is the phones' time source (the edge's
 * {@code /time}) as estimated by {@link TimeSync}; without it, this process's own clock, which then is the phones'
 * time source too (they sync to this server's {@code /time}).
 */
public interface TimeBase {
    /** Server time as the phones see it (best estimate even while unsynced). */
    Clock clock();

    Status status();

    /**
     * @param synced        publishing is allowed: the estimate passed its quality gate and is still tight enough
     * @param offsetMs      time source − this host's clock (ms); 0 for the local clock; NaN before any answer
     * @param uncertaintyMs the truth lies within ± this of offsetMs (NaN before any answer)
     * @param rttMs         quickest round trip to the time source (NaN when local or before any answer)
     * @param source        the time URL, or "local"
     * @param samples       answers received so far
     * @param problem       why not synced (null when synced)
     */
    record Status(boolean synced, double offsetMs, double uncertaintyMs, double rttMs, String source, long samples,
                  String problem) {
    }

    /** This process's own clock: always synced, since the phones sync to it. */
    static TimeBase local(Clock clock) {
        Status status = new Status(true, 0, 0, Double.NaN, "local", 0, null);
        return new TimeBase() {
            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public Status status() {
                return status;
            }
        };
    }
}
