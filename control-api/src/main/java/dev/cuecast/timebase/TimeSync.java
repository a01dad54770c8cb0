package dev.cuecast.timebase;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The phones' clock ({@code createClock} in pwa/lib/clock.js) in Java: a pipelined start-up burst, a trickle until
 * the quality gate passes, periodic re-syncs, and a timeout that counts an unanswered request as lost. What each
 * answer does to the offset is {@link Discipline}'s, which replays clock.js's recorded traces. The control API
 * stamps {@code effective_at} on {@link #clock()}, so a host clock seconds off changes nothing.
 */
public final class TimeSync implements TimeBase, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TimeSync.class);

    /**
     * What TimeSync takes from the world, as clock.js takes now, fetchTime, setTimeout and random from its caller: the
     * server passes the monotonic clock, HTTP and a thread; tests pass virtual time and scripted answers.
     *
     * @param now       local time (ms), never stepping backwards while the process runs
     * @param fetchTime one request to the time source: its time (epoch ms), or failed
     */
    record Environment(DoubleSupplier now, Supplier<CompletableFuture<Double>> fetchTime, Timers timers,
                       RandomGenerator random) {
    }

    /** What the discipline was given and what it decided, as testdata/clock/traces write it (ClockTracesTest). */
    interface Observer {
        Observer NONE = new Observer() {
        };

        default void anchored(double t, String why) {
        }

        /** @param reply {t0, server t, t1}, or null when the request was lost (at local time t) */
        default void settled(double[] reply, double t, Discipline.Decision decision) {
        }
    }

    private final String source;
    private final DoubleSupplier now;
    private final Supplier<CompletableFuture<Double>> fetchTime;
    private final Timers timers;
    private final RandomGenerator random;
    private final SyncOptions o;
    private final Observer observer;
    private final Clock clock = new SyncedClock();

    // Guarded by this.
    private final Discipline discipline;
    private long generation;  // bumped by a re-anchor and close() so stale callbacks are ignored
    private int inFlight;     // unanswered requests of this generation
    private int unsent;       // requests of a burst still waiting for their slot
    private long answers;
    private String lastError = "no answer yet";

    TimeSync(String source, Environment env, SyncOptions options, Observer observer) {
        this.source = source;
        this.now = env.now();
        this.fetchTime = env.fetchTime();
        this.timers = env.timers();
        this.random = env.random();
        this.o = options;
        this.observer = observer;
        this.discipline = new Discipline(options);
    }

    /** Syncs against {@code timeUrl} ({@code GET} → {@code {"t":<epoch ms>}}), on this host's clock. Started. */
    public static TimeSync start(URI timeUrl, Clock system) {
        // Monotonic-anchored, as the phones use performance.timeOrigin + performance.now(): the wall clock may step.
        Instant origin = system.instant();
        double originMs = origin.getEpochSecond() * 1000.0 + origin.getNano() / 1e6;
        long originNanos = System.nanoTime();
        DoubleSupplier now = () -> originMs + (System.nanoTime() - originNanos) / 1e6;
        Environment env = new Environment(now, HttpTimeSource.over(timeUrl), Timers.daemon("cuecast-time-sync"),
                RandomGenerator.getDefault());
        TimeSync sync = new TimeSync(timeUrl.toString(), env, SyncOptions.defaults(), Observer.NONE);
        sync.begin("start");
        return sync;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public synchronized Status status() {
        double t = now.getAsDouble();
        Double off = discipline.offset(t);
        String unsynced = "not synced to " + source + " yet (" + answers + " answers; last problem: " + lastError + ")";
        if (off == null) {
            return new Status(false, Double.NaN, Double.NaN, Double.NaN, source, answers, unsynced);
        }
        double u = discipline.uncertainty(t);
        String problem = !discipline.ready() ? unsynced
                : u > o.maxUncertaintyMs() ? "the offset to " + source + " is only known to ±" + Math.round(u)
                        + " ms (limit " + Math.round(o.maxUncertaintyMs()) + "): " + lastError
                : null;
        return new Status(problem == null, off, u, discipline.best().map(Estimate::rtt).orElse(Double.NaN), source,
                answers, problem);
    }

    /** The gate has passed once (the offset may since have grown too uncertain: see {@link #status()}). */
    synchronized boolean ready() {
        return discipline.ready();
    }

    @Override
    public void close() {
        synchronized (this) {
            generation++;
        }
        timers.close();
    }

    /** Starts a fresh burst now: {@code why} "start", "step" (an answer showed the local clock stepped), "resync". */
    synchronized void begin(String why) {
        generation++;
        inFlight = 0;
        unsent = 0;
        double t = now.getAsDouble();
        discipline.anchor(t);
        observer.anchored(t, why);
        burst(generation, o.startupRequests());
    }

    /** Sends {@code count} requests {@code pipelineGapMs} apart, without waiting for their replies. */
    private void burst(long gen, int count) {
        unsent += count;
        for (int i = 0; i < count; i++) {
            timers.later(i * o.pipelineGapMs(), () -> {
                synchronized (this) {
                    if (gen != generation) {
                        return;
                    }
                    unsent--;
                }
                request(gen);
            });
        }
    }

    /** One request; its reply (if any, in time) goes to {@link #settle}. */
    private void request(long gen) {
        double t0;
        double timeout;
        synchronized (this) {
            t0 = now.getAsDouble();
            inFlight++;
            // Until the first answer the timeout is the ceiling; afterwards a few round trips is plenty.
            timeout = discipline.best().map(b -> Math.min(o.timeoutMs(), Math.max(500, 4 * b.rtt()))).orElse(o.timeoutMs());
        }
        boolean[] settled = {false};
        timers.later(timeout, () -> settle(gen, settled, null, "no answer within " + Math.round(timeout) + " ms"));
        CompletableFuture<Double> reply;
        try {
            reply = fetchTime.get();
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((t, err) -> {
            double t1 = now.getAsDouble();
            if (err != null || t == null || !Double.isFinite(t) || t1 < t0) {
                settle(gen, settled, null, err == null ? "bad answer" : rootMessage(err));
            } else {
                settle(gen, settled, new double[] {t0, t, t1}, null);
            }
        });
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private synchronized void settle(long gen, boolean[] settled, double[] reply, String error) {
        if (settled[0]) {
            return;
        }
        settled[0] = true;
        // A request of an earlier generation was already forgotten (begin() zeroed the count): it must not
        // decrement the new one, or more than maxInFlight would be sent after a re-anchor.
        if (gen != generation) {
            return;
        }
        inFlight--;
        answers += reply == null ? 0 : 1;
        if (error != null) {
            lastError = error;
        }
        boolean wasReady = discipline.ready();
        double t = now.getAsDouble();
        Discipline.Decision d = discipline.observe(reply == null ? null : Sample.of(reply[0], reply[1], reply[2]), t);
        observer.settled(reply, t, d);
        if (d.action() == Discipline.Action.REANCHOR) {
            log.warn("clock step against {}: re-anchoring", source);
            begin("step");
            return;
        }
        if (d.gate() == Discipline.Gate.PASS) {
            if (!wasReady) {
                log.info("clock synced to {}: offset {} ms ± {} ms (host clock {} by that much)", source,
                        Math.round(d.offset()), String.format("%.1f", d.uncertainty()), d.offset() >= 0 ? "behind" : "ahead");
            }
            lastError = "none";
            schedulePeriodic(gen);
        }
        // Past the burst and still not good enough: keep asking, a few requests at a time.
        if (discipline.anchoring() && unsent == 0 && inFlight < o.maxInFlight()) {
            timers.later(o.trickleMs() * (0.75 + 0.5 * random.nextDouble()), () -> {
                boolean go;
                synchronized (this) {
                    go = gen == generation && discipline.anchoring() && inFlight < o.maxInFlight();
                }
                if (go) {
                    request(gen);
                }
            });
        }
    }

    private void schedulePeriodic(long gen) {
        timers.later(o.resyncMs() * (0.9 + 0.2 * random.nextDouble()), () -> {
            synchronized (this) {
                if (gen != generation) {
                    return;
                }
                burst(gen, o.resyncSamples());
                schedulePeriodic(gen);
            }
        });
    }

    /** Local monotonic-anchored time plus the slewed offset; before any answer, the host clock as it is. */
    private final class SyncedClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return (long) Math.floor(epochMs());
        }

        @Override
        public Instant instant() {
            double ms = epochMs();
            long whole = (long) Math.floor(ms);
            return Instant.ofEpochMilli(whole).plusNanos(Math.round((ms - whole) * 1e6));
        }

        private double epochMs() {
            synchronized (TimeSync.this) {
                double t = now.getAsDouble();
                Double off = discipline.offset(t);
                return t + (off == null ? 0 : off);
            }
        }
    }
}
