package dev.cuecast.sim;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/bench sim}: at least 100,000 seeds of the protocol simulation in five runs of equal size, reporting
 * steps, faults injected per kind, violations (with the 95 % upper bound of a zero count), and BLACKOUT press →
 * visible under the simulated faults, min / median / max over the runs. Writes bench/sim.md.
 */
@Tag("bench")
class SimBench {
    @Test
    void protocol_simulation_bench() throws Exception {
        int seeds = Integer.getInteger("cuecast.sim.bench.seeds", 100_000);
        int runs = 5;
        int perRun = seeds / runs;
        // shorter shows than the test's 12 s: more seeds (more fault mixes) for the same steps
        long showMs = Long.getLong("cuecast.sim.bench.show-ms", 6_000);
        Path dir = Path.of(System.getProperty("cuecast.bench.dir", "../bench"));
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        List<double[]> perRunLatency = new ArrayList<>();
        Map<String, Long> faults = new TreeMap<>();
        long steps = 0;
        long ops = 0;
        long late = 0;
        long violations = 0;
        List<String> failing = new ArrayList<>();
        long started = System.nanoTime();
        for (int run = 0; run < runs; run++) {
            List<ProtocolSimulation.Result> results = SimRunner.run(1 + (long) run * perRun, perRun, showMs, threads);
            List<Long> latency = new ArrayList<>();
            for (ProtocolSimulation.Result r : results) {
                steps += r.steps();
                ops += r.ops();
                late += r.lateVisible();
                r.faults().forEach((k, v) -> faults.merge(k, (long) v, Long::sum));
                r.blackoutLatencies().forEach(l -> latency.add(l[1]));
                if (!r.ok()) {
                    violations += r.violations().size();
                    if (failing.size() < 20) {
                        failing.add("seed " + r.seed() + ": " + r.violations().get(0));
                    }
                }
            }
            latency.sort(Long::compare);
            perRunLatency.add(new double[] {pct(latency, 50), pct(latency, 99), latency.isEmpty() ? 0 : latency.get(latency.size() - 1), latency.size()});
        }
        double wall = (System.nanoTime() - started) / 1e9;
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
        long total = (long) perRun * runs;
        StringBuilder md = new StringBuilder();
        md.append("# Protocol simulation\n\n");
        md.append("`scripts/bench sim` runs the Java protocol simulation (`publisher/src/test/java/dev/cuecast/sim`): per seed, a main and\n")
          .append("a standby station (operator + BLACKOUT desk each), the `cuecast` CLI on a host up to 5 s off, `doctor --repair` and a vandal\n")
          .append("damaging the live state, on one simulated store that delays, reorders, hedges, fails (5xx before and after landing, 409\n")
          .append("ConditionalRequestConflict), loses answers and lands writes up to 300 ms after their caller gave up; the seed also draws\n")
          .append("the fault probabilities (swarm testing: a fifth of the seeds run a calm store). The ledger outside the system checks the\n")
          .append("safety invariants at every landing (see the class comment of `Ledger`). After the show the faults heal and a BLACKOUT\n")
          .append("must land within 1 s (liveness).\n\n");
        md.append(String.format(Locale.ROOT, "- seeds: **%,d** in %d runs of %,d (shows of %d s, then the faults heal); steps: **%,d**; operations: %,d; wall time %.0f s on %d threads%n",
                total, runs, perRun, showMs / 1000, steps, ops, wall, threads));
        md.append("- load average before: `").append(loadBefore).append("`, after: `").append(loadAfter).append("`\n");
        md.append(String.format(Locale.ROOT, "- violations: **%,d**%s%n", violations, violations == 0
                ? String.format(Locale.ROOT, " in %,d seeds (95 %% upper bound on the rate of failing seeds: 3/%,d = %.1e)", total, total, 3.0 / total)
                : ""));
        md.append(String.format(Locale.ROOT, "- versions a late write made visible after their deadline (the fence lost the race; never acknowledged 201: answered 502 `landed_late`, unknown, or refused before the write landed): %,d%n%n", late));
        md.append("## BLACKOUT press → visible at the store, under the simulated faults (ms)\n\n");
        md.append("| | min of runs | median of runs | max of runs |\n| --- | --- | --- | --- |\n");
        String[] names = {"p50", "p99", "max", "blackouts per run"};
        for (int i = 0; i < names.length; i++) {
            int k = i;
            double[] values = perRunLatency.stream().mapToDouble(r -> r[k]).sorted().toArray();
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |%n", names[i], values[0], values[values.length / 2], values[values.length - 1]));
        }
        md.append("\nThe faults are far harsher than a real store's (up to 15 % lost answers, 10 % 5xx, 10 % late landings and a heavy\n")
          .append("latency tail on every call), so the tail here is the simulator's, not S3's: it shows BLACKOUT keeps landing, hedged,\n")
          .append("while every other writer fails around it.\n\n");
        md.append("## Faults injected\n\n| kind | count |\n| --- | --- |\n");
        faults.forEach((k, v) -> md.append(String.format(Locale.ROOT, "| %s | %,d |%n", k, v)));
        if (!failing.isEmpty()) {
            md.append("\n## Failing seeds (first 20)\n\n");
            failing.forEach(f -> md.append("- ").append(f).append('\n'));
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("sim.md"), md.toString(), StandardCharsets.UTF_8);
    }

    private static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1));
    }
}
