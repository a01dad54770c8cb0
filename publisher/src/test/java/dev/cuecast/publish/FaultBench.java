package dev.cuecast.publish;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Pointer;
import dev.cuecast.json.CanonicalJson;
import dev.cuecast.publish.FaultProxy.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Fault benchmark (not a test: excluded from normal runs, started by {@code scripts/bench faults}). The production
 * publisher and S3 client write through the WireMock fault proxy to in-process s3proxy (atomic If-Match); every
 * figure is observed from outside, by reading the store directly behind the proxy's back.
 * <ul>
 *   <li>blackout latency from the press (the call) to the pointer visible at the store, 50 presses per run, 5 runs:
 *       idle; one stuck S3 request (a GO whose state write hangs in the proxy); 5 % of calls 503 SlowDown</li>
 *   <li>every call 2.8 s slow: a cue due in 8 s must be refused, never published late (5 runs)</li>
 *   <li>10 % of writes ambiguous (500 after the write landed, reset after it landed, response lost): 5 runs x 250
 *       publishes; every ack must name what is visible, every refusal must leave nothing visible</li>
 * </ul>
 * Writes {@code bench/faults.md} and {@code bench/raw/faults-*.csv}.
 */
@Tag("bench")
class FaultBench {
    private static final int RUNS = 5;
    private static final int PRESSES = 50;
    private static final int PUBLISHES = 250;
    private static final double TARGET_P99_MS = 1_000;

    private final Clock clock = Clock.systemUTC();
    private final CanonicalJson json = new CanonicalJson();
    private final StringBuilder report = new StringBuilder();
    private final StringBuilder raw = new StringBuilder("scenario,run,press,visible_ms,ack_ms\n");

    private S3Client direct;
    private FaultProxy proxy;
    private S3Client viaProxy;
    private String bucket;
    private S3Emulator emulator;
    private int prefixes;

    private record Stores(ObjectStore store, ObjectStore truth) {
    }

    private Stores fresh() {
        String prefix = "bench-" + (++prefixes);
        return new Stores(new S3ObjectStore(viaProxy, new S3Settings(bucket, prefix, S3Emulator.REGION, proxy.endpoint())),
                new S3ObjectStore(direct, emulator.settings(bucket, prefix)));
    }

    private long visibleVersion(ObjectStore truth) {
        try {
            return truth.get(Pointer.KEY).map(o -> {
                try {
                    return json.read(o.body(), Pointer.class).version();
                } catch (java.io.IOException e) {
                    return -1L;
                }
            }).orElse(0L);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Test
    void faults() throws Exception {
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        long started = System.nanoTime();
        try (S3Emulator s3 = S3ProxyFixture.startWithAtomicIfMatch()) {
            emulator = s3;
            direct = s3.client();
            bucket = s3.createBucket(direct);
            proxy = new FaultProxy(s3.endpoint());
            viaProxy = S3Stores.client(new S3Settings(bucket, "", S3Emulator.REGION, proxy.endpoint()), s3.credentials());
            try {
                report.append("# Fault benchmark\n\n")
                        .append("Production publisher and S3 client writing through the WireMock fault proxy to in-process ")
                        .append("s3proxy (atomic If-Match). Observed from outside: the pointer read directly from the store, ")
                        .append("every 2 ms. ").append(RUNS).append(" runs per figure; min / median / max over runs.\n\n");
                blackouts();
                slowCue();
                ambiguous();
            } finally {
                viaProxy.close();
                proxy.close();
                direct.close();
            }
        }
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
        report.append("\nMachine: 2 shared cores; /proc/loadavg before ").append(loadBefore).append(", after ")
                .append(loadAfter).append("; ").append((System.nanoTime() - started) / 1_000_000_000).append(" s in all.\n");
        Path dir = Path.of(System.getProperty("cuecast.bench.dir", "../bench"));
        Files.createDirectories(dir.resolve("raw"));
        Files.writeString(dir.resolve("faults.md"), report.toString());
        Files.writeString(dir.resolve("raw/faults-blackout.csv"), raw.toString());
    }

    // --- blackout latency ---------------------------------------------------------------------------------

    private void blackouts() throws Exception {
        report.append("## Blackout: press to pointer visible at the store\n\n")
                .append("| scenario | p50 ms (min / median / max of runs) | p99 ms (min / median / max) | max ms | ")
                .append("target p99 <= 1000 ms |\n| --- | --- | --- | --- | --- |\n");
        for (String scenario : List.of("idle", "one stuck S3 request", "5 % of calls 503 SlowDown")) {
            double[] p50 = new double[RUNS];
            double[] p99 = new double[RUNS];
            double worst = 0;
            for (int run = 0; run < RUNS; run++) {
                double[] ms = blackoutRun(scenario, run);
                Arrays.sort(ms);
                p50[run] = percentile(ms, 50);
                p99[run] = percentile(ms, 99);
                worst = Math.max(worst, ms[ms.length - 1]);
            }
            double p99Worst = Arrays.stream(p99).max().orElseThrow();
            report.append("| ").append(scenario).append(" | ").append(spread(p50)).append(" | ").append(spread(p99))
                    .append(" | ").append(fmt(worst)).append(" | ")
                    .append(p99Worst <= TARGET_P99_MS ? "met in every run" : "**MISSED** (worst run p99 " + fmt(p99Worst) + " ms)")
                    .append(" |\n");
        }
        report.append("\n\"One stuck S3 request\": before each press a GO is started whose state PUT the proxy holds for ")
                .append("1 s (never forwarded); the blackout is pressed while it hangs. In every press of that scenario ")
                .append("the held GO ended refused (").append("blacked_out").append(") and never became visible after ")
                .append("the blackout (checked below each press).\n\n");
    }

    private double[] blackoutRun(String scenario, int run) throws Exception {
        Stores s = fresh();
        Publisher publisher = Publisher.create(PublisherConfig.defaults(), s.store(), clock);
        proxy.rule(call -> Fault.PASS);
        publisher.publish(Cue.solid(clock.millis() + 5_000, "#111111"), "bench");
        Random random = new Random(run);
        proxy.holdMs(1_000);
        double[] ms = new double[PRESSES];
        for (int press = 0; press < PRESSES; press++) {
            CompletableFuture<Published> go = null;
            if (scenario.startsWith("one stuck")) {
                AtomicBoolean held = new AtomicBoolean();
                proxy.rule(call -> call.method().equals("PUT") && call.url().contains("/states/")
                        && held.compareAndSet(false, true) ? Fault.HANG : Fault.PASS);
                go = CompletableFuture.supplyAsync(() -> publisher.publish(Cue.solid(clock.millis() + 30_000, "#222222"), "bench"));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!held.get() && System.nanoTime() < until) {
                    Thread.sleep(1);
                }
                if (!held.get()) {
                    throw new IllegalStateException("the GO never reached the proxy");
                }
            } else if (scenario.startsWith("5 %")) {
                proxy.rule(call -> random.nextInt(100) < 5 ? Fault.SLOW_DOWN : Fault.PASS);
            }
            long before = visibleVersion(s.truth());
            long t0 = System.nanoTime();
            CompletableFuture<Published> blackout = CompletableFuture.supplyAsync(() -> publisher.blackout("bench"));
            long seen;
            while (true) {
                long v = visibleVersion(s.truth());
                if (v > before) {
                    seen = System.nanoTime();
                    break;
                }
                if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(15)) {
                    seen = System.nanoTime();
                    break; // a miss: reported as the time waited
                }
                Thread.sleep(2);
            }
            Published ack = blackout.get(30, TimeUnit.SECONDS);
            long acked = System.nanoTime();
            ms[press] = (seen - t0) / 1e6;
            raw.append(String.format(Locale.ROOT, "\"%s\",%d,%d,%.2f,%.2f%n", scenario, run, press, ms[press], (acked - t0) / 1e6));
            if (go != null) {
                try {
                    go.get(30, TimeUnit.SECONDS);
                    throw new IllegalStateException("a GO in flight landed although a blackout was pressed");
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof BlackedOutException)) {
                        throw new IllegalStateException("the held GO ended with " + e.getCause(), e);
                    }
                }
                if (visibleVersion(s.truth()) != ack.version()) {
                    throw new IllegalStateException("something landed after the blackout");
                }
            }
            proxy.rule(call -> Fault.PASS);
        }
        return ms;
    }

    // --- every call slow -----------------------------------------------------------------------------------

    private void slowCue() throws Exception {
        report.append("## Every call 2.8 s slow: a cue due in 8 s\n\n")
                .append("| run | outcome | answer after ms | visible version before / 4 s after the answer | published late? |\n")
                .append("| --- | --- | --- | --- | --- |\n");
        int late = 0;
        for (int run = 0; run < RUNS; run++) {
            Stores s = fresh();
            Publisher publisher = Publisher.create(PublisherConfig.defaults(), s.store(), clock);
            proxy.rule(call -> Fault.PASS);
            publisher.publish(Cue.solid(clock.millis() + 5_000, "#111111"), "bench");
            long before = visibleVersion(s.truth());
            proxy.slowMs(2_800);
            proxy.rule(call -> Fault.SLOW);
            long t0 = System.nanoTime();
            String outcome;
            try {
                Published p = publisher.publish(Cue.solid(clock.millis() + 8_000, "#222222"), "bench");
                outcome = "published v" + p.version();
            } catch (PublishFailedException e) {
                outcome = "refused: " + e.getClass().getSimpleName();
            }
            double answerMs = (System.nanoTime() - t0) / 1e6;
            proxy.rule(call -> Fault.PASS);
            Thread.sleep(4_000);
            long after = visibleVersion(s.truth());
            boolean wasLate = after != before;
            late += wasLate ? 1 : 0;
            report.append("| ").append(run + 1).append(" | ").append(outcome).append(" | ").append(fmt(answerMs))
                    .append(" | ").append(before).append(" / ").append(after).append(" | ")
                    .append(wasLate ? "**YES (MISSED)**" : "no").append(" |\n");
        }
        report.append("\nTarget: refused, never published late: ").append(late == 0 ? "met in every run" : "**MISSED** in " + late)
                .append(".\n\n");
    }

    // --- ambiguous writes ----------------------------------------------------------------------------------

    private void ambiguous() throws Exception {
        report.append("## 10 % of writes ambiguous: do acks match what is visible?\n\n")
                .append("Each PUT has a 10 % chance of one of: 500 after the write landed, connection reset after it ")
                .append("landed, response lost (held 4 s; the publisher waits 3 s per call). After each answer the ")
                .append("pointer is read from the store: a 201 must name it, a refusal must leave the previous version; ")
                .append("5 s after the run the pointer must still name the last acknowledged version.\n\n")
                .append("| run | publishes | acks | refused (503/504) | outcome unknown (502) | faults injected | ")
                .append("acks disagreeing | refusals disagreeing | late landings |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        int totalPublishes = 0;
        int totalDisagree = 0;
        for (int run = 0; run < RUNS; run++) {
            Stores s = fresh();
            Publisher publisher = Publisher.create(PublisherConfig.defaults(), s.store(), clock);
            proxy.rule(call -> Fault.PASS);
            publisher.publish(Cue.solid(clock.millis() + 5_000, "#111111"), "bench");
            int faultsBefore = proxy.faults();
            Random random = new Random(100 + run);
            List<Fault> kinds = List.of(Fault.ERROR_AFTER_WRITE, Fault.RESET_AFTER_WRITE, Fault.LOST_RESPONSE);
            proxy.holdMs(4_000);
            proxy.rule(call -> call.method().equals("PUT") && random.nextInt(10) == 0
                    ? kinds.get(random.nextInt(kinds.size())) : Fault.PASS);
            int acks = 0;
            int refused = 0;
            int unknown = 0;
            int ackDisagree = 0;
            int refusalDisagree = 0;
            long lastAck = visibleVersion(s.truth());
            for (int i = 0; i < PUBLISHES; i++) {
                long before = visibleVersion(s.truth());
                try {
                    Published p = publisher.publish(Cue.solid(clock.millis() + 6_000, i % 2 == 0 ? "#FF0000" : "#0000FF"), "bench");
                    acks++;
                    lastAck = p.version();
                    if (visibleVersion(s.truth()) != p.version()) {
                        ackDisagree++;
                    }
                } catch (OutcomeUnknownException e) {
                    unknown++;
                    lastAck = visibleVersion(s.truth());
                } catch (PublishFailedException e) {
                    refused++;
                    if (visibleVersion(s.truth()) != before) {
                        refusalDisagree++;
                    }
                }
            }
            proxy.rule(call -> Fault.PASS);
            Thread.sleep(5_000);
            int lateLandings = visibleVersion(s.truth()) == lastAck ? 0 : 1;
            totalPublishes += PUBLISHES;
            totalDisagree += ackDisagree + refusalDisagree + lateLandings;
            report.append("| ").append(run + 1).append(" | ").append(PUBLISHES).append(" | ").append(acks).append(" | ")
                    .append(refused).append(" | ").append(unknown).append(" | ").append(proxy.faults() - faultsBefore)
                    .append(" | ").append(ackDisagree).append(" | ").append(refusalDisagree).append(" | ")
                    .append(lateLandings).append(" |\n");
        }
        report.append("\nTarget over ").append(totalPublishes).append(" publishes: 0 answers that disagree with what is ")
                .append("visible: ").append(totalDisagree == 0 ? "met (0)" : "**MISSED** (" + totalDisagree + ")").append(".\n");
    }

    private static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String spread(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return fmt(v[0]) + " / " + fmt(v[v.length / 2]) + " / " + fmt(v[v.length - 1]);
    }

    private static String fmt(double ms) {
        return String.format(Locale.ROOT, "%.0f", ms);
    }
}
