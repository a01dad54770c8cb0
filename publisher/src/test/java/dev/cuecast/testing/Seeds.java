package dev.cuecast.testing;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Property checks on plain JUnit: each case draws all its inputs from its own seed, so a failure is one number that
 * replays it. {@code -Dcuecast.seed=<n>} runs that case alone; {@code -Dcuecast.run=<n>} repeats a whole run, for
 * cases that share state (a kept-alive connection, a store) and may need their predecessors to fail.
 */
public final class Seeds {
    /** One case of a property, given its seed. */
    @FunctionalInterface
    public interface Case {
        void check(long seed) throws Exception;
    }

    private Seeds() {
    }

    /** {@code cases} cases from a fresh run each time, so every build may turn up a new corner. */
    public static void check(int cases, Case property, long... edges) {
        check(cases, new SplittableRandom().nextLong(), property, edges);
    }

    /**
     * {@code cases} cases that follow from {@code run}: the {@code edges} first, in order, then drawn seeds among which
     * one in 20 is an edge again (a repeated seed is a repeated input, which some properties rely on).
     */
    public static void check(int cases, long run, Case property, long... edges) {
        String one = System.getProperty("cuecast.seed", "");
        if (!one.isBlank()) {
            check(property, Long.parseLong(one.strip()), "the replayed case", null);
            return;
        }
        run = Long.getLong("cuecast.run", run);
        SplittableRandom draws = new SplittableRandom(run);
        for (int i = 0; i < cases; i++) {
            long seed = i < edges.length ? edges[i]
                    : edges.length > 0 && draws.nextInt(20) == 0 ? edges[draws.nextInt(edges.length)] : draws.nextLong();
            check(property, seed, "case " + (i + 1) + " of " + cases, run);
        }
    }

    /** An int in [min, max] that is each bound one time in eight: off-by-ones live at the bounds. */
    public static int between(SplittableRandom r, int min, int max) {
        int roll = r.nextInt(8);
        return roll == 0 ? min : roll == 1 ? max : r.nextInt(min, max + 1);
    }

    private static void check(Case property, long seed, String which, Long run) {
        try {
            property.check(seed);
        } catch (Exception | AssertionError e) {
            StackWalker.StackFrame test = StackWalker.getInstance().walk(frames -> frames
                    .filter(f -> !f.getClassName().equals(Seeds.class.getName())).findFirst()).orElseThrow();
            String name = test.getClassName().substring(test.getClassName().lastIndexOf('.') + 1) + "#" + test.getMethodName();
            throw new AssertionError(which + " failed, seed " + seed + ". Replay it alone: mvn -B -pl "
                    + Path.of("").toAbsolutePath().getFileName() + " -am test -Dtest='" + name
                    + "' -Dsurefire.failIfNoSpecifiedTests=false -Dcuecast.seed=" + seed
                    + (run == null ? "" : " (the whole run: -Dcuecast.run=" + run + " instead)") + "\n" + e.getMessage(), e);
        }
    }
}
