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
                c = tracker.coverage(42, 1000);
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
}
