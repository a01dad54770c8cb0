package dev.cuecast.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Thousands of seeds of the whole protocol (two stations, the CLI, doctor, a vandal, a faulty store) with the
 * invariants checked at every landing. A failing seed prints itself; replay it alone, with the story of every
 * operation and every write, with {@code -Dcuecast.sim.seed=N}.
 */
class ProtocolSimulationTest {
    static final long SHOW_MS = 12_000;
    private static final int SEEDS = Integer.getInteger("cuecast.sim.seeds", 2_000);

    @Test
    void every_seed_holds_the_safety_invariants() throws Exception {
        String only = System.getProperty("cuecast.sim.seed");
        if (only != null) {
            ProtocolSimulation.Result result = new ProtocolSimulation(Long.parseLong(only), SHOW_MS, true).run();
            System.out.println(result.story());
            System.out.println(result.writes());
            assertTrue(result.ok(), String.join("\n", result.violations()));
            return;
        }
        List<ProtocolSimulation.Result> results = SimRunner.run(1, SEEDS, SHOW_MS, 2);
        long steps = results.stream().mapToLong(ProtocolSimulation.Result::steps).sum();
        List<String> failures = results.stream().filter(r -> !r.ok()).limit(5)
                .map(r -> "seed " + r.seed() + " (replay: mvn -pl publisher test -Dtest=ProtocolSimulationTest -Dcuecast.sim.seed="
                        + r.seed() + "): " + String.join("; ", r.violations().subList(0, Math.min(3, r.violations().size()))))
                .toList();
        System.out.println("protocol simulation: " + SEEDS + " seeds, " + steps + " steps, "
                + results.stream().filter(r -> !r.ok()).count() + " failing");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(steps > SEEDS * 50L, "the simulation ran: " + steps + " steps");
    }

    /** What the writers did, for the phone half of the simulation (sim/protocol-phones.js reads this directory). */
    @Test
    void the_writers_store_histories_are_written_for_the_phones() throws Exception {
        Path out = Path.of("target", "sim-histories");
        Files.createDirectories(out);
        for (long seed = 1; seed <= 20; seed++) {
            ProtocolSimulation.Result result = new ProtocolSimulation(seed, SHOW_MS, true).run();
            assertTrue(result.ok(), String.join("\n", result.violations()));
            Files.writeString(out.resolve("java-seed-" + seed + ".json"), result.writes(), StandardCharsets.UTF_8);
        }
        assertTrue(Files.size(out.resolve("java-seed-1.json")) > 100);
    }
}
