package dev.cuecast.publish;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.State;
import dev.cuecast.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A store after a hundred shows ({@code scripts/bench store}): 10,000 versions with their history on the directory
 * store, in-process s3proxy and moto_server; then, five times, a publisher as a restarted process would have (a new
 * instance and client) presses BLACKOUT, timed from the press until the pointer read from the store names it; then
 * the first cue after it. Target: restart → first BLACKOUT visible within 1.5 s. Writes bench/store.md.
 */
@Tag("bench")
class StoreSizeBench {
    private static final int VERSIONS = Integer.getInteger("cuecast.bench.versions", 10_000);
    private static final int RUNS = 5;
    private static final double TARGET_MS = 1_500;

    @TempDir
    Path dir;

    private final CanonicalJson json = new CanonicalJson();

    record Row(String store, double[] blackoutMs, double[] cueMs) {
    }

    @Test
    void restart_then_first_blackout_on_a_store_with_a_season_of_versions() throws Exception {
        List<Row> rows = new ArrayList<>();
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        rows.add(measure("directory (fsync)", () -> new DirObjectStore(dir, true)));
        try (S3Emulator s3 = S3ProxyFixture.start(); S3Client client = s3.client()) {
            String bucket = s3.createBucket(client);
            rows.add(measure("s3proxy (in-process)", () -> new S3ObjectStore(client, s3.settings(bucket, "show"))));
        }
        if (MotoServer.executable().isPresent()) {
            try (S3Emulator s3 = MotoServer.startOrSkip(); S3Client client = s3.client()) {
                String bucket = s3.createBucket(client);
                rows.add(measure("moto_server", () -> new S3ObjectStore(client, s3.settings(bucket, "show"))));
            }
        }
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
        StringBuilder md = new StringBuilder("# A store after a hundred shows\n\n");
        md.append(String.format(Locale.ROOT, "`scripts/bench store`: %,d versions, each with its state and history entry, written to each store; "
                + "then %d times a new publisher (as after a restart) presses BLACKOUT, timed from the press until a read of the store's "
                + "pointer names it, and publishes the first cue after it. No listing is on either path while the pointer reads. "
                + "Target: BLACKOUT visible within %.0f ms of the press. Load average before `%s`, after `%s`.%n%n",
                VERSIONS, RUNS, TARGET_MS, loadBefore, loadAfter));
        md.append("| store | first BLACKOUT visible, ms (min / median / max) | first cue acknowledged, ms (min / median / max) | target |\n")
          .append("| --- | --- | --- | --- |\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", r.store(), mmm(r.blackoutMs()), mmm(r.cueMs()),
                    r.blackoutMs()[RUNS - 1] <= TARGET_MS ? "met" : "**missed**"));
        }
        Path out = Path.of(System.getProperty("cuecast.bench.dir", "../bench"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("store.md"), md.toString(), StandardCharsets.UTF_8);
    }

    private Row measure(String name, Supplier<ObjectStore> open) throws Exception {
        ObjectStore store = open.get();
        fill(store);
        double[] blackout = new double[RUNS];
        double[] cue = new double[RUNS];
        for (int run = 0; run < RUNS; run++) {
            Publisher restarted = Publisher.create(PublisherConfig.defaults(), open.get(), Clock.systemUTC());
            long start = System.nanoTime();
            long version = restarted.blackout("bench").version();
            Pointer seen = json.read(store.get(Pointer.KEY).orElseThrow().body(), Pointer.class);
            blackout[run] = (System.nanoTime() - start) / 1e6;
            if (seen.version() != version) {
                throw new IllegalStateException("the store's pointer names " + seen.version() + ", not the blackout " + version);
            }
            start = System.nanoTime();
            restarted.publish(Cue.solid(System.currentTimeMillis() + 3_000, "#FF0000"), "bench");
            cue[run] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(blackout);
        java.util.Arrays.sort(cue);
        return new Row(name, blackout, cue);
    }

    /** 10,000 versions as a season leaves them: states, history entries, a pointer naming the newest. */
    private void fill(ObjectStore store) throws Exception {
        long t0 = System.currentTimeMillis() - VERSIONS * 60_000L;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int v = 1; v <= VERSIONS; v++) {
                long version = v;
                writes.add(pool.submit(() -> {
                    long at = t0 + version * 60_000L;
                    State state = new State(1, version, at, "p" + version, version > 1 ? version - 1 : null, List.of(Cue.solid(at, "#102040")));
                    store.createOnly(State.key(version), json.write(state), CachePolicy.STATE);
                    store.createOnly(ShowStore.historyKey(version), json.write(new HistoryEntry(version, at, "season", "cue",
                            state.cues().get(0), 1_000, state.publishId(), null)), CachePolicy.PRIVATE);
                    return null;
                }));
            }
            for (Future<?> f : writes) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        State last = json.read(store.get(State.key(VERSIONS)).orElseThrow().body(), State.class);
        Pointer pointer = Pointer.of(VERSIONS, 1_000, last.publishedAt(), "season").naming(last.publishId(), null);
        store.createOnly(Pointer.KEY, json.write(pointer), CachePolicy.POINTER);
    }

    private static String mmm(double[] sorted) {
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f", sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1]);
    }
}
