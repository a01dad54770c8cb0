package dev.cuecast.coverage;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Coverage memory and CPU at the design's 100,000 phones (not a test: started by {@code scripts/bench coverage}).
 * Per run: heap retained by a {@link CoverageTracker} holding 100,000 ids (after full GCs, before and after),
 * the cost of parsing and recording edge log lines, and of one {@code coverage()} answer over 100,000 ids.
 * Writes {@code bench/raw/coverage-memory.json}; bench/coverage.md is rendered from it.
 */
@Tag("bench")
class CoverageMemoryBench {
    private static final int PHONES = 100_000;
    private static final int RUNS = 5;

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            best = Math.min(best, memory.getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    @Test
    void memory_and_cpu_at_100000_phones() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            SplittableRandom random = new SplittableRandom(1400 + run);
            long t0 = 1_767_225_600_000L;
            // The lines an edge writes for 100,000 phones polling once (and 70 % fetching v42), built beforehand.
            List<String> lines = new ArrayList<>(PHONES * 2);
            for (int i = 0; i < PHONES; i++) {
                String id = String.format("%016x", random.nextLong());
                long at = t0 + random.nextInt(1000);
                String ts = (at / 1000) + "." + String.format("%03d", at % 1000);
                boolean holds = random.nextDouble() < 0.7;
                lines.add(ts + " GET /live/pointer.json 200 HIT 0.000 107 p=" + id + "&h=" + (holds ? 42 : 41));
                if (holds) {
                    lines.add(ts + " GET /states/42.json 200 HIT 0.000 400 p=" + id);
                }
            }
            long before = usedAfterGc(memory);
            CoverageTracker tracker = new CoverageTracker(1.0, "edge-log", CoverageSource.MAX_PHONES, CoverageSource.RETENTION_MS);
            long start = System.nanoTime();
            for (String line : lines) {
                LogLines.fromEdgeLine(line).ifPresent(tracker::record);
            }
            long ingestNs = System.nanoTime() - start;
            long after = usedAfterGc(memory);
            start = System.nanoTime();
            Coverage c = null;
            for (int i = 0; i < 20; i++) {
                c = tracker.coverage(42, 1000, null);
            }
            long queryNs = (System.nanoTime() - start) / 20;
            if (c.active() != PHONES) {
                throw new AssertionError("expected " + PHONES + " active, got " + c);
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("run", run);
            r.put("ids", tracker.size());
            r.put("retained_bytes", after - before);
            r.put("bytes_per_id", (double) (after - before) / tracker.size());
            r.put("lines", lines.size());
            r.put("ingest_ns_per_line", (double) ingestNs / lines.size());
            r.put("query_ms", queryNs / 1e6);
            r.put("share", c.share());
            runs.add(r);
            lines = null;
            tracker = null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("phones", PHONES);
        out.put("max_phones", CoverageSource.MAX_PHONES);
        out.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        out.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        out.put("runs", runs);
        Path file = Path.of("..", "bench", "raw", "coverage-memory.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        System.out.println("coverage memory bench: " + runs);
    }

    /**
     * The share's accuracy at stadium scale, where the local edge cannot go on this machine: synthetic log lines
     * for 2,000 (20 seeds), 50,000 and 100,000 phones (5 seeds) polling every 1 s ±10 % (a tenth at half that
     * rate), a known share holding the new version, sampled at 10 % as CloudFront would; 5 readings per seed,
     * 2 s apart, after 30 s (longer than the longest share window).
     */
    @Test
    void share_accuracy_at_stadium_scale_from_synthetic_logs() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int phones : new int[]{2_000, 50_000, 100_000}) {
            int seeds = phones == 2_000 ? 20 : 5;
            for (int seed = 0; seed < seeds; seed++) {
                SplittableRandom random = new SplittableRandom(7000 + seed);
                double share = 0.5 + 0.4 * seed / (seeds - 1);
                CoverageTracker tracker = new CoverageTracker(0.10, "kinesis", CoverageSource.MAX_PHONES, CoverageSource.RETENTION_MS);
                // Side by side on the same log: the estimator before issue 14's fix (the share over 2 x poll_ms only).
                CoverageTracker before = new CoverageTracker(0.10, "kinesis", CoverageSource.MAX_PHONES,
                        CoverageSource.RETENTION_MS, Double.POSITIVE_INFINITY);
                List<Double> errorsBefore = new ArrayList<>();
                long t0 = 1_767_225_600_000L;
                long[] next = new long[phones];
                double[] period = new double[phones];
                for (int i = 0; i < phones; i++) {
                    period[i] = random.nextDouble() < 0.1 ? 2000 : 1000; // a tenth on a slow network
                    next[i] = t0 + random.nextInt(1000);
                }
                List<Double> errors = new ArrayList<>();
                List<Double> activeErrors = new ArrayList<>();
                List<Long> windows = new ArrayList<>();
                for (long until = t0 + 2000; until <= t0 + 40_000; until += 2000) {
                    for (int i = 0; i < phones; i++) {
                        while (next[i] < until) {
                            if (random.nextDouble() < 0.10) {
                                Sighting s = new Sighting(i, next[i], i < share * phones ? 9 : 8);
                                tracker.record(s);
                                before.record(s);
                            }
                            next[i] += (long) (period[i] * (0.9 + 0.2 * random.nextDouble()));
                        }
                    }
                    if (until >= t0 + 32_000) {
                        Coverage c = tracker.coverage(9, 1000, null);
                        errors.add(Math.abs(c.share() - share) * 100);
                        activeErrors.add(Math.abs(c.active() - phones) * 100.0 / phones);
                        windows.add(c.windowMs());
                        errorsBefore.add(Math.abs(before.coverage(9, 1000, null).share() - share) * 100);
                    }
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("phones", phones);
                r.put("seed", seed);
                r.put("share", share);
                r.put("share_error_points", errors);
                r.put("active_error_pct", activeErrors);
                r.put("window_ms", windows);
                r.put("share_error_points_before", errorsBefore);
                rows.add(r);
            }
        }
        Path file = Path.of("..", "bench", "raw", "coverage-scale.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
        System.out.println("coverage scale bench: " + rows);
    }
}
