package dev.cuecast.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Thousands of seeds of the whole protocol (two stations, the CLI, doctor, a vandal, a faulty store) with the
 * invariants checked after every step. A failing seed prints itself; replay it alone with
 * {@code -Dcuecast.sim.seed=N}.
 */
class ProtocolSimulationTest {
    private static final int SEEDS = Integer.getInteger("cuecast.sim.seeds", 2_000);

    @Test
    void every_seed_holds_the_safety_invariants() {
        String only = System.getProperty("cuecast.sim.seed");
        long first = only != null ? Long.parseLong(only) : 1;
        int count = only != null ? 1 : SEEDS;
        List<String> failures = new ArrayList<>();
        long steps = 0;
        for (long seed = first; seed < first + count && failures.size() < 5; seed++) {
            ProtocolSimulation.Result result = new ProtocolSimulation(seed, 12_000, only != null).run();
            steps += result.steps();
            if (only != null) {
                System.out.println(result.story());
                System.out.println(result.writes());
            }
            if (!result.ok()) {
                failures.add("seed " + seed + " (replay: mvn -pl publisher test -Dtest=ProtocolSimulationTest -Dcuecast.sim.seed="
                        + seed + "): " + String.join("; ", result.violations().subList(0, Math.min(3, result.violations().size()))));
            }
        }
        System.out.println("protocol simulation: " + count + " seeds, " + steps + " steps");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(steps > count * 20L, "the simulation ran: " + steps + " steps");
    }
}
