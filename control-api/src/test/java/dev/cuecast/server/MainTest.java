package dev.cuecast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.api.operations.Station;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
    @TempDir
    Path data;

    @Test
    void s3_flags_without_a_bucket_are_a_usage_error() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setErr(new PrintWriter(err));
        int code = cli.execute("--data", data.toString(), "--port", "0", "--region", "eu-west-1");
        assertEquals(2, code);
        assertTrue(err.toString().contains("--region and --endpoint need --bucket"), err.toString());
    }

    @Test
    void help_lists_every_store_flag() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("--help"));
        for (String flag : new String[]{"--host", "--port", "--data", "--bucket", "--prefix", "--region", "--endpoint", "--pwa-dir"}) {
            assertTrue(out.toString().contains(flag), flag);
        }
    }

    @Test
    void an_operator_token_shorter_than_twenty_characters_is_refused_at_start() {
        StringWriter err = new StringWriter();
        Main main = new Main();
        CommandLine cli = new CommandLine(main).setErr(new PrintWriter(err));
        int code = cli.execute("--data", data.toString(), "--port", "0", "--operator-token", "s3cret-but-short");
        assertEquals(2, code);
        assertTrue(err.toString().contains("has 16 characters; use at least 20"), err.toString());
    }

    @Test
    void only_loopback_addresses_count_as_local() {
        assertTrue(Main.loopback("127.0.0.1"));
        assertTrue(Main.loopback("::1"));
        assertTrue(Main.loopback("localhost"));
        assertTrue(!Main.loopback("0.0.0.0"), "0.0.0.0 listens on every interface");
        assertTrue(!Main.loopback("::"));
    }

    @Test
    void a_standby_listens_one_port_above_the_main_station_unless_given_one_and_names_itself() {
        Main main = new Main();
        new CommandLine(main).parseArgs("--standby");
        int base = System.getenv("CUECAST_PORT") == null ? 8080 : Integer.parseInt(System.getenv("CUECAST_PORT"));
        assertEquals(base + 1, main.listenPort());
        assertEquals(new Station("standby", "standby"), Station.of(main.standby, main.station));

        Main given = new Main();
        new CommandLine(given).parseArgs("--standby", "--port", "9100", "--station", "FOH-2");
        assertEquals(9100, given.listenPort());
        assertEquals(new Station("FOH-2", "standby"), Station.of(given.standby, given.station));
        assertEquals("Anne (FOH) @ FOH-2", Station.of(given.standby, given.station).actor("Anne (FOH)"));

        Main plain = new Main();
        new CommandLine(plain).parseArgs();
        assertEquals(base, plain.listenPort());
        assertEquals(Station.MAIN, Station.of(plain.standby, plain.station));
    }

    @Test
    void a_station_name_that_cannot_be_shown_is_refused_at_start() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setErr(new PrintWriter(err));
        int code = cli.execute("--data", data.toString(), "--port", "0", "--station", "a\nb");
        assertEquals(2, code);
        assertTrue(err.toString().contains("--station"), err.toString());
    }
}
