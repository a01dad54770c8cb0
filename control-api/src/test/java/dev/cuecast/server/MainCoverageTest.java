package dev.cuecast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainCoverageTest {
    @TempDir
    Path data;

    private String usageError(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setErr(new PrintWriter(err));
        assertEquals(2, cli.execute(args), err.toString());
        return err.toString();
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
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("--help"));
        for (String flag : new String[]{"--coverage-log", "--coverage-stream", "--coverage-sampling"}) {
            assertTrue(out.toString().contains(flag), flag);
        }
    }
}
