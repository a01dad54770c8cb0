package dev.cuecast.timebase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The phones' clock ({@code createClock} in pwa/lib/clock.js) in Java: a pipelined start-up burst, an incremental
 * quality gate, periodic re-syncs folded into a sliding window, small corrections slewed and steps jumped. The
 * control API stamps {@code effective_at} on {@link #clock()}, so a host clock seconds off changes nothing.
 */
public final class TimeSync implements TimeBase, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TimeSync.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final DoubleSupplier now;
    private final Supplier<CompletableFuture<Double>> fetchTime;
    private final ScheduledExecutorService timers;
    private final RandomGenerator random;
    private final SyncOptions o;
    private final Clock clock = new SyncedClock();

    // Guarded by this.
    private boolean ready;
    private boolean anchoring;
    private Estimate best;
    private double bestAt;
    private Double applied;
    private double appliedAt;
    private double target;
    private int inFlight;
    private int unsent;
    private int anchorSamples;
    private double anchorStartedAt;
    private long generation;
    private long samples;
    private String lastError = "no answer yet";
    private List<Sample> window = new ArrayList<>();

    TimeSync(String source, DoubleSupplier now, Supplier<CompletableFuture<Double>> fetchTime,
             ScheduledExecutorService timers, RandomGenerator random, SyncOptions options) {
        this.source = source;
        this.now = now;
        this.fetchTime = fetchTime;
        this.timers = timers;
        this.random = random;
        this.o = options;
    }

    /** Syncs against {@code timeUrl} ({@code GET} → {@code {"t":<epoch ms>}}), on this host's clock. Started. */
    public static TimeSync start(URI timeUrl, Clock system) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        // Monotonic-anchored, as the phones use performance.timeOrigin + performance.now(): the wall clock may step.
        Instant origin = system.instant();
        double originMs = origin.getEpochSecond() * 1000.0 + origin.getNano() / 1e6;
        long originNanos = System.nanoTime();
        DoubleSupplier now = () -> originMs + (System.nanoTime() - originNanos) / 1e6;
        HttpRequest request = HttpRequest.newBuilder(timeUrl).timeout(Duration.ofSeconds(2))
                .header("Cache-Control", "no-store").GET().build();
        Supplier<CompletableFuture<Double>> fetch = () -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(res -> {
                    if (res.statusCode() != 200) {
                        throw new IllegalStateException(timeUrl + " answered HTTP " + res.statusCode());
                    }
                    try {
                        JsonNode t = JSON.readTree(res.body()).get("t");
                        if (t == null || !t.isNumber()) {
                            throw new IllegalStateException(timeUrl + " answered without a numeric \"t\"");
                        }
                        return t.asDouble();
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException(timeUrl + " answered malformed JSON", e);
                    }
                });
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cuecast-time-sync");
            t.setDaemon(true);
            return t;
        });
        TimeSync sync = new TimeSync(timeUrl.toString(), now, fetch, timers, RandomGenerator.getDefault(), SyncOptions.defaults());
        sync.begin();
        return sync;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public synchronized Status status() {
        double t = now.getAsDouble();
        Double off = currentOffset(t);
        String unsynced = "not synced to " + source + " yet (" + samples + " answers; last problem: " + lastError + ")";
        if (off == null) {
            return new Status(false, Double.NaN, Double.NaN, Double.NaN, source, samples, unsynced);
        }
        double u = uncertainty(t);
        String problem = !ready ? unsynced
                : u > o.maxUncertaintyMs() ? "the offset to " + source + " is only known to ±" + Math.round(u)
                        + " ms (limit " + Math.round(o.maxUncertaintyMs()) + "): " + lastError
                : null;
        return new Status(problem == null, off, u, best == null ? Double.NaN : best.rtt(), source, samples, problem);
    }

    @Override
    public void close() {
        synchronized (this) {
            generation++;
        }
        timers.shutdownNow();
    }

    /** server − local (ms) in effect at local time t, slewing towards the target; null before any answer. */
    private Double currentOffset(double t) {
        if (applied == null) {
            return null;
        }
        double maxMove = o.slewPerSecond() / 1000 * Math.max(0, t - appliedAt);
        double d = target - applied;
        return applied + Math.max(-maxMove, Math.min(maxMove, d));
    }

    private double uncertainty(double t) {
        Double cur = currentOffset(t);
        double slewLeft = cur == null ? 0 : Math.abs(target - cur);
        return best.uncertainty() + slewLeft + o.driftPpm() / 1e6 * Math.max(0, t - bestAt);
    }

    private void jumpTo(double offset) {
        applied = offset;
        target = offset;
        appliedAt = now.getAsDouble();
    }

    private void slewTo(double offset) {
        double t = now.getAsDouble();
        applied = currentOffset(t);
        appliedAt = t;
        target = offset;
    }

    /** As the phones' gate: both edges confirmed, no queue building; tolerances double on a path noisy for long. */
    private boolean passesGate(Estimate e, double t) {
        double relax = Math.pow(2, Math.max(0, (t - anchorStartedAt - o.relaxAfterMs()) / o.relaxEveryMs()));
        return e.used() >= o.minSamples() && e.lowGap() <= o.gateGapMs() * relax && e.highGap() <= o.gateGapMs() * relax
                && e.queue() <= o.gateQueueMs() * relax;
    }

    private void later(long ms, Runnable fn) {
        try {
            timers.schedule(fn, ms, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closed: nothing more to do
        }
    }

    private synchronized void begin() {
        generation++;
        inFlight = 0;
        unsent = 0;
        anchoring = true;
        anchorSamples = 0;
        anchorStartedAt = now.getAsDouble();
        window = new ArrayList<>();
        burst(generation, o.startupRequests());
    }

    private void burst(long gen, int count) {
        unsent += count;
        for (int i = 0; i < count; i++) {
            later(i * o.pipelineGapMs(), () -> {
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

    private void request(long gen) {
        double t0;
        long timeout;
        synchronized (this) {
            t0 = now.getAsDouble();
            inFlight++;
            timeout = best == null ? o.timeoutMs() : Math.min(o.timeoutMs(), Math.max(500, Math.round(4 * best.rtt())));
        }
        CompletableFuture<Double> reply;
        try {
            reply = fetchTime.get();
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        boolean[] settled = {false};
        later(timeout, () -> finish(gen, settled, null, "no answer within " + timeout + " ms"));
        reply.whenComplete((t, err) -> {
            double t1 = now.getAsDouble();
            if (err != null || t == null || !Double.isFinite(t) || t1 < t0) {
                finish(gen, settled, null, err == null ? "bad answer" : rootMessage(err));
            } else {
                finish(gen, settled, Sample.of(t0, t, t1), null);
            }
        });
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private synchronized void finish(long gen, boolean[] settled, Sample s, String error) {
        if (settled[0]) {
            return;
        }
        settled[0] = true;
        inFlight--;
        if (gen != generation) {
            return;
        }
        samples += s == null ? 0 : 1;
        if (error != null) {
            lastError = error;
        }
        onSample(gen, s);
    }

    private void onSample(long gen, Sample s) {
        double t = now.getAsDouble();
        Optional<Estimate> maybe = Optional.empty();
        if (s != null) {
            List<Sample> next = new ArrayList<>(window.stream().filter(w -> t - w.at() <= o.windowMs()).toList());
            next.add(s);
            window = next.size() > o.maxSamples() ? new ArrayList<>(next.subList(next.size() - o.maxSamples(), next.size())) : next;
            if (anchoring) {
                anchorSamples++;
            }
            maybe = Estimator.estimate(window, t, o.driftPpm());
            maybe.filter(e -> e.used() < window.size())
                    .ifPresent(e -> window = new ArrayList<>(window.subList(window.size() - e.used(), window.size())));
        }
        if (anchoring) {
            if (maybe.isPresent() && anchorSamples >= o.minSamples() && passesGate(maybe.get(), t)) {
                Estimate e = maybe.get();
                anchoring = false;
                if (!ready) {
                    log.info("clock synced to {}: offset {} ms ± {} ms (host clock {} by that much)", source,
                            Math.round(e.offset()), String.format("%.1f", e.uncertainty()), e.offset() >= 0 ? "behind" : "ahead");
                }
                ready = true;
                best = e;
                bestAt = t;
                lastError = "none";
                jumpTo(e.offset());
                schedulePeriodic(gen);
                return;
            }
            if (maybe.isPresent()) {
                Estimate e = maybe.get();
                Double cur = currentOffset(t);
                if (cur == null || !ready || Math.abs(e.offset() - cur) > o.stepMs()) {
                    if (!ready) {
                        best = e;
                        bestAt = t;
                    }
                    jumpTo(e.offset());
                }
            }
            if (unsent == 0 && inFlight < o.maxInFlight()) {
                later(Math.round(o.trickleMs() * (0.75 + 0.5 * random.nextDouble())), () -> {
                    boolean go;
                    synchronized (this) {
                        go = gen == generation && anchoring && inFlight < o.maxInFlight();
                    }
                    if (go) {
                        request(gen);
                    }
                });
            }
            return;
        }
        if (maybe.isEmpty()) {
            return;
        }
        Estimate e = maybe.get();
        if (Math.abs(e.offset() - currentOffset(t)) > o.stepMs()) {
            log.warn("clock step against {}: re-anchoring", source);
            begin();
            return;
        }
        best = e;
        bestAt = t;
        if (Math.abs(e.offset() - target) > 0.05) {
            slewTo(e.offset());
        }
    }

    private void schedulePeriodic(long gen) {
        later(Math.round(o.resyncMs() * (0.9 + 0.2 * random.nextDouble())), () -> {
            synchronized (this) {
                if (gen != generation) {
                    return;
                }
                burst(gen, o.resyncSamples());
            }
            schedulePeriodic(gen);
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
                Double off = currentOffset(t);
                return t + (off == null ? 0 : off);
            }
        }
    }
}
