package dev.cuecast.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs many seeds of {@link ProtocolSimulation}, a few at once: each seed is deterministic on its own (one world, one
 * PRNG), so running them side by side changes nothing but the wall time.
 */
final class SimRunner {
    private SimRunner() {
    }

    static List<ProtocolSimulation.Result> run(long firstSeed, int count, long showMs, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            int chunk = Math.max(1, count / (threads * 8));
            List<Future<List<ProtocolSimulation.Result>>> futures = new ArrayList<>();
            for (long from = firstSeed; from < firstSeed + count; from += chunk) {
                long start = from;
                long end = Math.min(firstSeed + count, from + chunk);
                futures.add(pool.submit(() -> {
                    List<ProtocolSimulation.Result> results = new ArrayList<>();
                    for (long seed = start; seed < end; seed++) {
                        results.add(new ProtocolSimulation(seed, showMs, false).run());
                    }
                    return results;
                }));
            }
            List<ProtocolSimulation.Result> all = new ArrayList<>(count);
            for (Future<List<ProtocolSimulation.Result>> f : futures) {
                all.addAll(f.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
