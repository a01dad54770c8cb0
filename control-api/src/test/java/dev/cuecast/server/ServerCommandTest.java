package dev.cuecast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.api.operations.Station;
import dev.cuecast.cli.StoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The server's command line through picocli's execute(), as Main runs it: exit codes and what it prints. */
class ServerCommandTest {
    @TempDir
    Path data;

    record Run(int exit, String out, String err) {
    }

    /** The command line as Main builds it, 80 columns wide whatever the terminal, its output captured. */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = ServerCommand.commandLine().setUsageHelpAutoWidth(false).setUsageHelpWidth(80)
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Flags parsed, nothing run. */
    static ServerCommand parsed(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void help_is_exactly_the_pinned_text() throws IOException {
        Run help = run("--help");
        assertEquals(0, help.exit());
        String pinned;
        try (InputStream in = getClass().getResourceAsStream("/cuecast-server-help.txt")) {
            pinned = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String actual = help.out().replace("\r\n", "\n");
        if (!actual.equals(pinned)) {
            Files.writeString(Path.of("target", "cuecast-server-help.actual.txt"), actual, StandardCharsets.UTF_8);
        }
        assertEquals(pinned, actual, "the server's --help changed: if on purpose, copy "
                + "target/cuecast-server-help.actual.txt to src/test/resources/cuecast-server-help.txt");
    }

    @Test
    void help_names_every_flag_and_environment_variable_with_named_parameters() {
        String help = run("--help").out();
        for (String flag : new String[] {"--host=HOST", "--port=PORT", "--data=DIR", "--bucket=NAME", "--prefix=PREFIX",
            "--region=REGION", "--endpoint=URL", "--create", "--standby", "--station=NAME", "--public-url=URL",
            "--time-url=URL", "--pwa-dir=DIR", "--coverage-log=PATH", "--coverage-stream=NAME",
            "--coverage-sampling=PERCENT", "--max-request-bytes=BYTES"}) {
            assertTrue(help.contains(flag), flag);
        }
        for (String variable : new String[] {"CUECAST_OPERATOR_TOKEN", "CUECAST_STAFF_TOKEN", "CUECAST_PORT", "CUECAST_DATA", "CUECAST_DIR",
            "CUECAST_BUCKET", "CUECAST_PREFIX", "CUECAST_REGION", "CUECAST_ENDPOINT", "CUECAST_STATION",
            "CUECAST_TIME_URL", "CUECAST_COVERAGE_LOG", "CUECAST_COVERAGE_STREAM"}) {
            assertTrue(help.contains(variable), variable);
        }
        assertFalse(help.contains("=<"), "every parameter has a name, not a <field>: " + help);
        assertTrue(help.contains("Exit codes:") && help.contains("Examples:") && help.contains("Environment:"), help);
    }

    @Test
    void dash_v_prints_the_version_the_build_wrote() {
        Run version = run("-V");
        assertEquals(0, version.exit());
        assertTrue(version.out().matches("cuecast-server [0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)?\\R"), version.out());
    }

    @Test
    void s3_flags_without_a_bucket_are_a_usage_error_in_one_line() {
        Run run = run("--data", data.toString(), "--port", "0", "--region", "eu-west-1");
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("cuecast-server: --region and --endpoint apply to S3: use them with --bucket"),
                run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test
    void a_named_data_directory_that_does_not_exist_is_refused_as_the_cli_refuses_it() {
        Path typo = data.resolve("typo");
        Run run = run("--data", typo.toString(), "--port", "0");
        assertEquals(4, run.exit(), run.err());
        assertTrue(run.err().contains("no such directory") && run.err().contains("--create"), run.err());
        assertFalse(Files.exists(typo), "a mistyped --data does not start a new, empty store");

        run = run("--dir", typo.toString(), "--port", "0");
        assertEquals(4, run.exit(), "--dir is the same option: " + run.err());
        assertFalse(Files.exists(typo));
    }

    @Test
    void create_makes_a_named_directory_and_the_default_one_is_made_without_it() {
        Path fresh = data.resolve("fresh");
        StoreConfig created = parsed("--data", fresh.toString(), "--create").storeConfig();
        created.open(true).close();
        assertTrue(Files.isDirectory(fresh));

        StoreConfig fallback = parsed().storeConfig();
        if (System.getenv("CUECAST_DATA") == null && System.getenv("CUECAST_DIR") == null
                && System.getenv("CUECAST_BUCKET") == null) {
            assertEquals(new StoreConfig(Path.of("data"), null, "", null, null, true), fallback);
        }
    }

    @Test
    void the_region_may_serve_the_coverage_stream_beside_a_local_directory() {
        StoreConfig store = parsed("--data", data.toString(), "--region", "eu-west-1", "--coverage-stream", "s")
                .storeConfig();
        assertEquals(data, store.dir());
        assertEquals(null, store.region(), "the region is the stream's, not the directory's");
    }

    @Test
    void an_operator_token_shorter_than_twenty_characters_is_refused_at_start() {
        Run run = run("--data", data.toString(), "--port", "0", "--operator-token", "s3cret-but-short");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("has 16 characters; use at least 20"), run.err());
    }

    @Test
    void a_staff_token_is_optional_but_never_short_nor_the_operators() {
        Run shortToken = run("--data", data.toString(), "--port", "0", "--staff-token", "staff-but-short");
        assertEquals(2, shortToken.exit());
        assertTrue(shortToken.err().contains("the staff token (CUECAST_STAFF_TOKEN) has 15 characters"), shortToken.err());

        String token = "operator-token-0123456789";
        Run same = run("--data", data.toString(), "--port", "0", "--operator-token", token, "--staff-token", token);
        assertEquals(2, same.exit());
        assertTrue(same.err().contains("give staff a token of their own"), same.err());

        assertEquals(null, Tokens.read(token, null).staff(), "unset: no staff access, and none is generated");
        assertEquals(null, Tokens.read(token, " ").staff());
        Tokens generated = Tokens.read(null, null);
        assertTrue(generated.generated() && generated.operator().length() >= Tokens.MIN_LENGTH, generated.operator());
    }

    @Test
    void only_loopback_addresses_count_as_local() {
        assertTrue(ServerCommand.loopback("127.0.0.1"));
        assertTrue(ServerCommand.loopback("::1"));
        assertTrue(ServerCommand.loopback("localhost"));
        assertFalse(ServerCommand.loopback("0.0.0.0"), "0.0.0.0 listens on every interface");
        assertFalse(ServerCommand.loopback("::"));
    }

    @Test
    void a_standby_listens_one_port_above_the_main_station_unless_given_one_and_names_itself() {
        ServerCommand standby = parsed("--standby");
        int base = System.getenv("CUECAST_PORT") == null ? 8080 : Integer.parseInt(System.getenv("CUECAST_PORT"));
        assertEquals(base + 1, standby.listenPort());
        assertEquals(new Station("standby", "standby"), Station.of(standby.standby, standby.station));

        ServerCommand given = parsed("--standby", "--port", "9100", "--station", "FOH-2");
        assertEquals(9100, given.listenPort());
        assertEquals(new Station("FOH-2", "standby"), Station.of(given.standby, given.station));
        assertEquals("Anne (FOH) @ FOH-2", Station.of(given.standby, given.station).actor("Anne (FOH)"));

        ServerCommand plain = parsed();
        assertEquals(base, plain.listenPort());
        assertEquals(Station.MAIN, Station.of(plain.standby, plain.station));
    }

    @Test
    void a_station_name_that_cannot_be_shown_is_refused_at_start() {
        Run run = run("--data", data.toString(), "--port", "0", "--station", "a\nb");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--station"), run.err());
    }
}
