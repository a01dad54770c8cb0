package dev.cuecast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coverage flags are checked before anything starts. */
class CoverageOptionsTest {
    @TempDir
    Path data;

    private String usageError(String... args) {
        ServerCommandTest.Run run = ServerCommandTest.run(args);
        assertEquals(2, run.exit(), run.err());
        return run.err();
    }

    @Test
    void the_edge_log_and_the_kinesis_stream_are_one_or_the_other() {
        String err = usageError("--data", data.toString(), "--port", "0", "--coverage-log", data.resolve("x.log").toString(),
                "--coverage-stream", "s");
        assertTrue(err.contains("use --coverage-log or --coverage-stream, not both"), err);
    }

    @Test
    void a_sampling_rate_outside_1_to_100_percent_is_a_usage_error() {
        String err = usageError("--data", data.toString(), "--port", "0", "--coverage-log", data.resolve("x.log").toString(),
                "--coverage-sampling", "0");
        assertTrue(err.contains("--coverage-sampling must be a percentage 1..100, got 0"), err);
    }

    @Test
    void help_lists_the_coverage_flags() {
        String help = ServerCommandTest.run("--help").out();
        for (String flag : new String[]{"--coverage-log", "--coverage-stream", "--coverage-sampling"}) {
            assertTrue(help.contains(flag), flag);
        }
    }
}
