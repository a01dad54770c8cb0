package dev.cuecast.publish;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Mode;
import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.State;
import dev.cuecast.cue.Winners;
import dev.cuecast.cue.WinnersBitset;
import dev.cuecast.json.CanonicalJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Publish benchmark (not a test: excluded from normal runs, started by {@code scripts/bench publish}).
 * Ack latency of {@link Publisher#publish} (state write + pointer CAS + history) for 1,000 sequential publishes
 * and 4 concurrent publishers x 250, on the directory store and on in-process s3proxy; object sizes plain and
 * gzip. Writes {@code bench/publish.md} and raw data under {@code bench/raw/}.
 */
@Tag("bench")
class PublishBench {
    private static final int SEQUENTIAL = 1_000;
    private static final int PUBLISHERS = 4;
    private static final int PER_PUBLISHER = 250;
    private static final int WARMUP = 200;
    private static final long RUN_TIMEOUT_MINUTES = 10;
    private static final double DIR_P99_TARGET_MS = 10;
    private static final double EMULATOR_P99_TARGET_MS = 50;
    private static final int POINTER_TARGET_BYTES = 200;
    private static final int WINNERS_GZIP_TARGET_BYTES = 1_024;
    private static final String[] COLOURS = {"#FF0000", "#00FF00", "#0000FF", "#FFFFFF", "#FFAA00", "#102040"};

    private final CanonicalJson json = new CanonicalJson();
    private final Clock clock = Clock.systemUTC();

    /** One store under test: opens fresh, independent handles on one shared backing store. */
    private interface Target extends AutoCloseable {
        String name();

        /** A new backing store (fresh directory or key prefix) and a factory of handles on it. */
        Supplier<ObjectStore> fresh() throws IOException;

        @Override
        default void close() {
        }
    }

    /**
     * @param gaveUp  publishes that threw {@link ConflictsExhaustedException} (nothing acknowledged)
     * @param samples one row per publish: publisher, sequence number, version (-1 gave up), latency in µs
     */
    private record Run(String store, String workload, Histogram latencyUs, long acknowledged, long gaveUp,
                       long pointerConflicts, long versionsTaken, long wallMs, long finalVersion,
                       boolean versionsDistinct, List<long[]> samples, Map<String, ConcurrentHistogram> operations) {
    }

    @Test
    void publish_latency_and_object_sizes(@TempDir Path tmp) throws Exception {
        Path out = Path.of(System.getProperty("cuecast.bench.dir", "../bench")).toAbsolutePath().normalize();
        Path raw = out.resolve("raw");
        Files.createDirectories(raw);
        String loadBefore = loadAverage();
        Instant started = Instant.now();

        List<Run> runs = new ArrayList<>();
        try (Target durableDir = dirTarget("directory (fsync, default)", tmp.resolve("dir-durable"), true);
             Target fastDir = dirTarget("directory (no fsync)", tmp.resolve("dir-fast"), false);
             Target s3proxy = s3proxyTarget()) {
            for (Target target : List.of(durableDir, fastDir, s3proxy)) {
                warmUp(target);
                runs.add(sequential(target));
                runs.add(concurrent(target));
            }
        }
        Map<String, int[]> sizes = sizes(raw);
        writeRaw(raw, runs);
        String report = report(runs, sizes, started, loadBefore, loadAverage());
        Files.writeString(out.resolve("publish.md"), report, UTF_8);
        System.out.println(report);

        for (Run run : runs) {
            assertEquals(run.workload().startsWith("sequential") ? SEQUENTIAL : PUBLISHERS * PER_PUBLISHER,
                    run.acknowledged() + run.gaveUp(), run + " lost publishes");
            assertEquals(true, run.versionsDistinct(), run + " acknowledged one version twice");
        }
    }

    private Target dirTarget(String name, Path base, boolean durable) {
        AtomicLong n = new AtomicLong();
        return new Target() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Supplier<ObjectStore> fresh() {
                Path root = base.resolve("run-" + n.incrementAndGet());
                return () -> new DirObjectStore(root, durable);
            }
        };
    }

    /** s3proxy in this JVM, If-Match made atomic (stock s3proxy lets racing publishers both win; see S3ProxyStoreTest). */
    private Target s3proxyTarget() {
        S3ProxyFixture proxy = S3ProxyFixture.startWithAtomicIfMatch();
        List<S3Client> clients = new ArrayList<>();
        S3Client admin = proxy.client();
        clients.add(admin);
        String bucket = proxy.createBucket(admin);
        AtomicLong n = new AtomicLong();
        return new Target() {
            @Override
            public String name() {
                return "s3proxy (in-process, S3 API over loopback HTTP)";
            }

            @Override
            public Supplier<ObjectStore> fresh() {
                S3Settings settings = proxy.settings(bucket, "run-" + n.incrementAndGet());
                // one client per publisher, as separate publisher processes would have
                return () -> {
                    S3Client client = proxy.client();
                    synchronized (clients) {
                        clients.add(client);
                    }
                    return new S3ObjectStore(client, settings);
                };
            }

            @Override
            public void close() {
                clients.forEach(S3Client::close);
                proxy.close();
            }
        };
    }

    private void warmUp(Target target) throws IOException {
        Publisher publisher = Publisher.create(PublisherConfig.defaults(), target.fresh().get(), clock);
        for (int i = 0; i < WARMUP; i++) {
            publisher.publish(cue(i), "warmup");
        }
    }

    private Run sequential(Target target) throws IOException {
        InstrumentedStores counter = new InstrumentedStores();
        ObjectStore store = counter.wrap(target.fresh().get());
        Publisher publisher = Publisher.create(PublisherConfig.defaults(), store, clock);
        Histogram histogram = histogram();
        TreeSet<Long> versions = new TreeSet<>();
        List<long[]> samples = new ArrayList<>(SEQUENTIAL);
        long start = System.nanoTime();
        for (int i = 0; i < SEQUENTIAL; i++) {
            long t0 = System.nanoTime();
            Published published = publisher.publish(cue(i), "bench");
            long micros = (System.nanoTime() - t0) / 1_000;
            histogram.recordValue(micros);
            versions.add(published.version());
            samples.add(new long[] {0, i, published.version(), micros});
        }
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        return new Run(target.name(), "sequential 1 x " + SEQUENTIAL, histogram, SEQUENTIAL, 0, counter.pointer.get(),
                counter.states.get(), wallMs, pointerVersion(store), versions.size() == SEQUENTIAL, samples,
                counter.operations);
    }

    private Run concurrent(Target target) throws Exception {
        InstrumentedStores counter = new InstrumentedStores();
        Supplier<ObjectStore> handles = target.fresh();
        ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<long[]>>> futures = new ArrayList<>();
        ObjectStore reader = handles.get();
        for (int p = 0; p < PUBLISHERS; p++) {
            Publisher publisher = Publisher.create(PublisherConfig.defaults(), counter.wrap(handles.get()), clock);
            String actor = "bench-" + p;
            futures.add(pool.submit(() -> {
                go.await();
                List<long[]> acks = new ArrayList<>(PER_PUBLISHER);
                for (int i = 0; i < PER_PUBLISHER; i++) {
                    long t0 = System.nanoTime();
                    try {
                        Published published = publisher.publish(cue(i), actor);
                        acks.add(new long[] {(System.nanoTime() - t0) / 1_000, published.version()});
                    } catch (ConflictsExhaustedException e) {
                        // starved by the others: reported, not hidden; the operator would see an error and retry
                        acks.add(new long[] {(System.nanoTime() - t0) / 1_000, -1});
                    }
                }
                return acks;
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        Histogram histogram = histogram();
        TreeSet<Long> versions = new TreeSet<>();
        long acknowledged = 0;
        long gaveUp = 0;
        boolean increasingPerPublisher = true;
        List<long[]> samples = new ArrayList<>();
        try {
            for (int p = 0; p < PUBLISHERS; p++) {
                long previous = 0;
                int seq = 0;
                for (long[] ack : futures.get(p).get(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    samples.add(new long[] {p, seq++, ack[1], ack[0]});
                    if (ack[1] < 0) {
                        gaveUp++;
                        continue;
                    }
                    histogram.recordValue(ack[0]);
                    versions.add(ack[1]);
                    increasingPerPublisher &= ack[1] > previous;
                    previous = ack[1];
                    acknowledged++;
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        return new Run(target.name(), "concurrent " + PUBLISHERS + " x " + PER_PUBLISHER, histogram, acknowledged,
                gaveUp, counter.pointer.get(), counter.states.get(), wallMs, pointerVersion(reader),
                versions.size() == acknowledged && increasingPerPublisher, samples,
                counter.operations);
    }

    private long pointerVersion(ObjectStore store) {
        return json.readUnchecked(store.get(Pointer.KEY).orElseThrow().body(), Pointer.class).version();
    }

    /** An operator's cue taking effect at once: the state stays one cue long, as during a live show. */
    private Cue cue(int i) {
        return Cue.solid(clock.millis(), COLOURS[i % COLOURS.length]);
    }

    private static Histogram histogram() {
        return new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
    }

    /**
     * Wraps the store handles of one run: counts lost conditional writes as the publisher sees them (each costs
     * a retry) and times every store call, so the report can say where a publish spends its time.
     */
    private static final class InstrumentedStores {
        final AtomicLong pointer = new AtomicLong();
        final AtomicLong states = new AtomicLong();
        final Map<String, ConcurrentHistogram> operations = new java.util.concurrent.ConcurrentSkipListMap<>();

        ObjectStore wrap(ObjectStore delegate) {
            return new ForwardingObjectStore(delegate) {
                @Override
                public java.util.Optional<StoredObject> get(String key) {
                    long t0 = System.nanoTime();
                    try {
                        return super.get(key);
                    } finally {
                        time("get " + kind(key), t0);
                    }
                }

                @Override
                public String createOnly(String key, byte[] body, CachePolicy policy) throws VersionConflictException {
                    long t0 = System.nanoTime();
                    try {
                        return super.createOnly(key, body, policy);
                    } catch (VersionConflictException e) {
                        count(key);
                        throw e;
                    } finally {
                        time("createOnly " + kind(key), t0);
                    }
                }

                @Override
                public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag)
                        throws VersionConflictException {
                    long t0 = System.nanoTime();
                    try {
                        return super.replaceIfMatch(key, body, policy, etag);
                    } catch (VersionConflictException e) {
                        count(key);
                        throw e;
                    } finally {
                        time("replaceIfMatch " + kind(key), t0);
                    }
                }
            };
        }

        private void count(String key) {
            (key.equals(Pointer.KEY) ? pointer : states).incrementAndGet();
        }

        private void time(String operation, long t0) {
            operations.computeIfAbsent(operation, k -> new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(1), 3))
                    .recordValue((System.nanoTime() - t0) / 1_000);
        }

        private static String kind(String key) {
            return key.equals(Pointer.KEY) ? "pointer" : key.substring(0, key.indexOf('/') + 1) + "…";
        }
    }

    /** name -> {plain bytes, gzip bytes}; the sample objects are kept under raw/ for inspection. */
    private Map<String, int[]> sizes(Path raw) throws IOException {
        long now = 1_767_225_600_123L;
        Random random = new Random(7);
        TreeSet<Integer> winners = new TreeSet<>();
        while (winners.size() < 100) {
            winners.add(random.nextInt(100_000));
        }
        Cue strobeWithWinners = new Cue(now + 3_000, Mode.STROBE, "#FFFFFF", 600, null, null, null,
                new Winners("d7", 100_000, WinnersBitset.encode(100_000, winners), "#00FF00"));
        List<Cue> pending = new ArrayList<>();
        pending.add(Cue.solid(now - 10_000, "#102040"));
        for (int i = 1; i < 1_000; i++) {
            pending.add(Cue.solid(now + i * 1_000L, COLOURS[i % COLOURS.length]));
        }
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("pointer (version 1,234,567)", json.write(Pointer.of(1_234_567, 1_000, now)));
        objects.put("state: one solid cue", json.write(new State(1, 42, now, List.of(Cue.solid(now - 1_000, "#102040")))));
        objects.put("state: cue in force + strobe with 100 winners of 100,000 seats",
                json.write(new State(1, 43, now, List.of(Cue.solid(now - 1_000, "#102040"), strobeWithWinners))));
        objects.put("state: 1,000 cues (in force + 999 pending)", json.write(new State(1, 44, now, pending)));
        Map<String, int[]> sizes = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, byte[]> e : objects.entrySet()) {
            sizes.put(e.getKey(), new int[] {e.getValue().length, gzip(e.getValue()).length});
            Files.write(raw.resolve("publish-sample-" + (i++) + ".json"), e.getValue());
        }
        return sizes;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private void writeRaw(Path raw, List<Run> runs) throws IOException {
        StringBuilder csv = new StringBuilder("store,workload,percentile,latency_ms\n");
        for (Run run : runs) {
            for (double q : new double[] {0, 10, 25, 50, 75, 90, 95, 99, 99.9, 100}) {
                csv.append('"').append(run.store()).append("\",\"").append(run.workload()).append("\",")
                        .append(q).append(',').append(ms(run.latencyUs().getValueAtPercentile(q))).append('\n');
            }
            String file = "publish-" + slug(run.store()) + "-" + slug(run.workload()) + ".hgrm";
            try (PrintStream ps = new PrintStream(Files.newOutputStream(raw.resolve(file)), true, UTF_8)) {
                run.latencyUs().outputPercentileDistribution(ps, 1_000.0);
            }
        }
        Files.writeString(raw.resolve("publish-percentiles.csv"), csv, UTF_8);
        StringBuilder all = new StringBuilder("store,workload,publisher,seq,version,latency_us\n");
        for (Run run : runs) {
            for (long[] row : run.samples()) {
                all.append('"').append(run.store()).append("\",\"").append(run.workload()).append("\",")
                        .append(row[0]).append(',').append(row[1]).append(',').append(row[2]).append(',')
                        .append(row[3]).append('\n');
            }
        }
        Files.writeString(raw.resolve("publish-samples.csv"), all, UTF_8);
    }

    private String report(List<Run> runs, Map<String, int[]> sizes, Instant started, String loadBefore, String loadAfter) {
        StringBuilder md = new StringBuilder();
        md.append("# Publish benchmark\n\n");
        md.append("Ack latency of `Publisher.publish` (read pointer + state, write state `If-None-Match: *`, write pointer "
                + "`If-Match`, write history), measured by `PublishBench` (`scripts/bench publish`).\n\n");
        md.append("**Machine: shared and noisy.** ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, possibly shared with other work (the load average tells); load average ")
                .append(loadBefore).append(" before, ").append(loadAfter).append(" after. Java ")
                .append(System.getProperty("java.version")).append(", ").append(started).append(". ")
                .append("Compare rows of one run with each other.\n\n");
        md.append("## Ack latency (ms)\n\n");
        md.append("| store | workload | p50 | p95 | p99 | max | conflicts retried (pointer / version taken) | wall s | publishes/s | checks |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Run r : runs) {
            Histogram h = r.latencyUs();
            md.append("| ").append(r.store()).append(" | ").append(r.workload())
                    .append(" | ").append(ms(h.getValueAtPercentile(50)))
                    .append(" | ").append(ms(h.getValueAtPercentile(95)))
                    .append(" | ").append(ms(h.getValueAtPercentile(99)))
                    .append(" | ").append(ms(h.getMaxValue()))
                    .append(" | ").append(r.pointerConflicts()).append(" / ").append(r.versionsTaken())
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f", r.wallMs() / 1000.0))
                    .append(" | ").append(String.format(Locale.ROOT, "%.0f", r.acknowledged() * 1000.0 / Math.max(1, r.wallMs())))
                    .append(" | ").append(r.acknowledged()).append(" acked, ")
                    .append(r.gaveUp() == 0 ? "" : "**" + r.gaveUp() + " gave up** (conflicts exhausted), ")
                    .append(r.versionsDistinct() ? "distinct increasing versions" : "**VERSION REUSED**")
                    .append(", pointer at v").append(r.finalVersion()).append(" |\n");
        }
        md.append("\n![ack latency by percentile](publish-latency.svg)\n");
        md.append("\n## Where a publish spends its time: store calls (ms)\n\n");
        md.append("| store | workload | call | count | p50 | p99 |\n| --- | --- | --- | ---: | ---: | ---: |\n");
        for (Run r : runs) {
            r.operations().forEach((op, h) -> md.append("| ").append(r.store()).append(" | ").append(r.workload())
                    .append(" | ").append(op).append(" | ").append(h.getTotalCount())
                    .append(" | ").append(ms(h.getValueAtPercentile(50)))
                    .append(" | ").append(ms(h.getValueAtPercentile(99))).append(" |\n"));
        }
        md.append("\n## Targets\n\n| target | measured | met |\n| --- | --- | --- |\n");
        for (Run r : runs) {
            boolean dir = r.store().startsWith("directory");
            double target = dir ? DIR_P99_TARGET_MS : EMULATOR_P99_TARGET_MS;
            double p99 = r.latencyUs().getValueAtPercentile(99) / 1000.0;
            md.append("| ").append(r.store()).append(", ").append(r.workload()).append(": p99 ≤ ")
                    .append(String.format(Locale.ROOT, "%.0f", target)).append(" ms | ").append(ms(r.latencyUs().getValueAtPercentile(99)))
                    .append(" ms | ").append(p99 <= target ? "yes" : "**no**").append(" |\n");
        }
        int[] pointer = sizes.values().iterator().next();
        int[] winners = sizes.get("state: cue in force + strobe with 100 winners of 100,000 seats");
        md.append("| pointer ≤ ").append(POINTER_TARGET_BYTES).append(" B | ").append(pointer[0]).append(" B | ")
                .append(pointer[0] <= POINTER_TARGET_BYTES ? "yes" : "**no**").append(" |\n");
        md.append("| 100-of-100,000 winners state ≤ 1 KB gzip | ").append(winners[1]).append(" B | ")
                .append(winners[1] <= WINNERS_GZIP_TARGET_BYTES ? "yes" : "**no**").append(" |\n");
        md.append("\n## Object sizes (canonical JSON)\n\n| object | plain B | gzip B |\n| --- | ---: | ---: |\n");
        sizes.forEach((name, s) -> md.append("| ").append(name).append(" | ").append(s[0]).append(" | ").append(s[1]).append(" |\n"));
        md.append("\n## Method\n\n");
        md.append("- Each publish is one solid cue effective at once (an operator's GO), so every state holds one cue, "
                + "as during a live show; a publish is 3 writes (state, pointer, history) and 2–3 reads.\n");
        md.append("- ").append(WARMUP).append(" warm-up publishes per store first (JIT), on a separate directory/prefix.\n");
        md.append("- Sequential: one `Publisher`, ").append(SEQUENTIAL).append(" publishes back to back. Concurrent: ")
                .append(PUBLISHERS).append(" `Publisher` instances, each with its own store handle (own `S3Client` on s3proxy, "
                + "as separate processes would have), ").append(PER_PUBLISHER).append(" publishes each, started together. "
                + "Latency includes conflict retries and the publisher's jittered backoff (5–250 ms) between them.\n");
        md.append("- Conflicts retried: lost conditional writes seen by the publishers (pointer `If-Match` lost, or the "
                + "state version already taken by another publisher).\n");
        md.append("- Directory store: `DirObjectStore` on the local disk, with fsync (the default, survives a power cut) "
                + "and without. s3proxy 4.1.0 with its in-memory blob store, in the benchmark's JVM, reached through the "
                + "AWS SDK client from `S3Stores` (SigV4, loopback HTTP); its If-Match is made atomic by "
                + "`AtomicIfMatchBlobStore` because stock s3proxy checks If-Match non-atomically (see `S3ProxyStoreTest`).\n");
        md.append("- Sizes: canonical JSON as published; gzip at the JDK default level. CloudFront compresses only objects "
                + "of 1,000 B or more, so the pointer travels uncompressed and the winners state compressed.\n");
        md.append("- HdrHistogram, 3 significant digits, microsecond resolution. Raw data: `bench/raw/publish-*.hgrm` "
                + "(full percentile distributions), `bench/raw/publish-percentiles.csv`, `bench/raw/publish-samples.csv` "
                + "(every publish: publisher, sequence, version, latency; version -1 = gave up), "
                + "`bench/raw/publish-sample-*.json` (the sized objects). Plot: `bench/publish-latency.svg`.\n");
        return md.toString();
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }

    private static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2] + " (1/5/15 min)";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
