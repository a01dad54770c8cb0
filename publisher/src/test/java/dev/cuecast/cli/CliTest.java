package dev.cuecast.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Mode;
import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.SeatRange;
import dev.cuecast.cue.State;
import dev.cuecast.cue.Step;
import dev.cuecast.cue.Zone;
import dev.cuecast.json.CanonicalJson;
import dev.cuecast.publish.CachePolicy;
import dev.cuecast.publish.DirObjectStore;
import dev.cuecast.publish.FakeClock;
import dev.cuecast.publish.HistoryEntry;
import dev.cuecast.publish.ShowStore;
import dev.cuecast.publish.ForwardingObjectStore;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.PublisherConfig;
import dev.cuecast.publish.S3Emulator;
import dev.cuecast.publish.S3ProxyFixture;
import dev.cuecast.publish.S3Stores;
import dev.cuecast.publish.StoredObject;
import dev.cuecast.publish.VersionConflictException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Every subcommand through picocli's execute(), with a fixed clock and a directory store. */
class CliTest {
    static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path tmp;

    final FakeClock clock = new FakeClock(T0);
    final CanonicalJson json = new CanonicalJson();
    final List<String> invalidations = new ArrayList<>();
    PublisherConfig publisherConfig = PublisherConfig.defaults();
    Context.StoreOpener opener = Context::openStore;

    record Run(int exit, String out, String err) {
    }

    Path data() {
        return tmp.resolve("data");
    }

    Run run(String... args) {
        Context context = new Context(clock, publisherConfig, opener, (endpoint, distribution, paths) -> {
            invalidations.add(endpoint + " " + distribution + " " + paths);
            return "I" + invalidations.size();
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cuecast.commandLine(context).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Runs against the store in data(), which exists (a mistyped --dir is refused: see the --create test). */
    Run inData(String... args) {
        try {
            Files.createDirectories(data());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--dir");
        all.add(data().toString());
        return run(all.toArray(String[]::new));
    }

    DirObjectStore store() {
        return new DirObjectStore(data(), false);
    }

    State state(long version) throws Exception {
        return json.read(store().get(State.key(version)).orElseThrow().body(), State.class);
    }

    Pointer pointer() throws Exception {
        return json.read(store().get(Pointer.KEY).orElseThrow().body(), Pointer.class);
    }

    /** Nothing was written: no object at all, whether or not the directory was created. */
    void assertNothingWritten() {
        if (Files.isDirectory(data())) {
            assertEquals(List.of(), store().list(""));
        }
    }

    static void assertOneErrorLine(Run run, String command, String fragment) {
        assertEquals("", run.out(), "nothing on stdout");
        String err = run.err().strip();
        assertFalse(err.contains("\n"), "one line on stderr: " + err);
        assertTrue(err.startsWith("cuecast " + command + ": "), err);
        assertTrue(err.contains(fragment), "stderr lacks \"" + fragment + "\": " + err);
    }

    @Test
    void publish_with_flags_writes_the_cue_and_prints_the_acknowledged_version() throws Exception {
        Run run = inData("publish", "--mode", "solid", "--color", "#ff0000", "--lead-ms", "3000", "--actor", "alice");

        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
        assertTrue(run.out().startsWith("published version 1 (states/1.json), effective at 2026-01-01T00:00:03Z"),
                run.out());
        assertEquals(List.of(Cue.solid(T0 + 3000, "#FF0000")), state(1).cues());
        assertEquals(1, pointer().version());
        StoredObject history = store().get(ShowStore.historyKey(1)).orElseThrow();
        assertEquals("alice", json.read(history.body(), HistoryEntry.class).actor());
    }

    @Test
    void publish_builds_every_mode_from_flags() throws Exception {
        assertEquals(0, inData("publish", "--mode", "strobe", "--color", "#FFFFFF", "--period-ms", "600",
                "--zone", "0-4999,20000-24999", "--lead-ms", "1000").exit());
        assertEquals(0, inData("publish", "--mode", "wave", "--color", "#0000FF", "--period-ms", "2000", "--span", "100",
                "--effective-at", String.valueOf(T0 + 2000)).exit());
        assertEquals(0, inData("publish", "--mode", "sequence", "--step", "0:#FF0000", "--step", "500:#00ff00",
                "--lead-ms", "3000").exit());
        assertEquals(0, inData("publish", "--mode", "PULSE", "--color", "#00FF00", "--period-ms", "1000",
                "--zone", "7", "--lead-ms", "4000").exit());

        assertEquals(List.of(
                new Cue(T0 + 1000, Mode.STROBE, "#FFFFFF", 600, null, null,
                        new Zone(List.of(new SeatRange(0, 4999), new SeatRange(20_000, 24_999))), null),
                new Cue(T0 + 2000, Mode.WAVE, "#0000FF", 2000, 100, null, null, null),
                new Cue(T0 + 3000, Mode.SEQUENCE, null, null, null,
                        List.of(new Step(0, "#FF0000"), new Step(500, "#00FF00")), null, null),
                new Cue(T0 + 4000, Mode.PULSE, "#00FF00", 1000, null, null, new Zone(List.of(new SeatRange(7, 7))), null)),
                state(4).cues());
    }

    @Test
    void publish_from_a_file_takes_effective_at_from_lead_ms_when_the_file_has_none() throws Exception {
        Path file = Files.writeString(tmp.resolve("cue.json"),
                "{\"mode\":\"solid\",\"color\":\"#102040\",\"winners\":{\"draw\":\"d7\",\"seats\":8,\"bits\":\"gQ\","
                        + "\"color\":\"#00FF00\"}}");
        Run run = inData("publish", "--file", file.toString(), "--lead-ms", "5000", "--json");

        assertEquals(0, run.exit(), run.err());
        assertEquals("{\"version\":1,\"effective_at\":" + (T0 + 5000) + ",\"state\":\"states/1.json\"}", run.out().strip());
        assertEquals("d7", state(1).cues().get(0).winners().draw());
        assertEquals(T0 + 5000, state(1).cues().get(0).effectiveAt());
    }

    @Test
    void lead_ms_counts_from_the_publish_not_from_a_slow_store_start() throws Exception {
        opener = (config, write) -> {
            clock.advance(5_000);
            return Context.openStore(config, write);
        };
        Path file = Files.writeString(tmp.resolve("cue.json"), "{\"mode\":\"solid\",\"color\":\"#222222\"}");
        assertEquals(0, inData("publish", "--mode", "solid", "--color", "#111111").exit());
        assertEquals(0, inData("publish", "--file", file.toString(), "--lead-ms", "2000").exit());
        assertEquals(List.of(Cue.solid(T0 + 5_000, "#111111"), Cue.solid(T0 + 12_000, "#222222")), state(2).cues());
    }

    @Test
    void publish_from_a_file_keeps_its_effective_at() throws Exception {
        Path file = Files.writeString(tmp.resolve("cue.json"), "{\"effective_at\":" + (T0 + 700) + ",\"mode\":\"off\"}");
        assertEquals(0, inData("publish", "--file", file.toString()).exit());
        assertEquals(List.of(Cue.off(T0 + 700)), state(1).cues());
    }

    static Stream<Arguments> badPublishes() {
        return Stream.of(
                Arguments.of(List.of("--mode", "solid", "--colour", "#FF0000"), "Unknown options: '--colour'"),
                Arguments.of(List.of("--mode", "disco", "--color", "#FF0000"), "unknown mode \"disco\""),
                Arguments.of(List.of("--color", "#FF0000"), "give --mode"),
                Arguments.of(List.of("--mode", "solid", "--color", "red"), "#RRGGBB"),
                Arguments.of(List.of("--mode", "strobe", "--color", "#FFFFFF", "--period-ms", "100"), "above 3 Hz"),
                Arguments.of(List.of("--mode", "strobe", "--color", "#FFFFFF", "--period-ms", "fast"), "'fast' is not an int"),
                Arguments.of(List.of("--mode", "solid", "--color", "#FFFFFF", "--zone", "9-3"), "0 <= first <= last"),
                Arguments.of(List.of("--mode", "solid", "--color", "#FFFFFF", "--zone", "a-b"), "--zone must be FIRST-LAST"),
                Arguments.of(List.of("--mode", "sequence", "--step", "0-#FF0000"), "--step must be OFFSET_MS:#RRGGBB"),
                Arguments.of(List.of("--mode", "solid", "--color", "#FFFFFF", "--lead-ms", "-5"), "--lead-ms must be 0 or more"),
                Arguments.of(List.of("--mode", "solid", "--color", "#FFFFFF", "--effective-at", String.valueOf(T0 - 60_000)),
                        "60000 ms in the past"),
                Arguments.of(List.of("--mode", "solid", "--color", "#FFFFFF", "--lead-ms", "1", "--effective-at", "5"),
                        "mutually exclusive"),
                Arguments.of(List.of("--mode", "solid", "--color", "#FFFFFF", "--actor", " "), "actor is required"));
    }

    @ParameterizedTest
    @MethodSource("badPublishes")
    void bad_publish_flags_exit_2_with_one_line_on_stderr_and_write_nothing(List<String> args, String fragment) {
        List<String> all = new ArrayList<>(List.of("publish"));
        all.addAll(args);
        Run run = inData(all.toArray(String[]::new));
        assertEquals(2, run.exit(), run.err());
        assertOneErrorLine(run, "publish", fragment);
        assertNothingWritten();
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("{\"mode\":\"solid\",", "invalid JSON"),
                Arguments.of("{\"mode\":\"solid\",\"colour\":\"#FF0000\"}", "Unrecognized field \"colour\""),
                Arguments.of("{\"mode\":\"solid\",\"color\":\"#FF0000\",\"zone\":{\"seats\":[[0,1]],\"rows\":2}}",
                        "Unrecognized field \"rows\""),
                Arguments.of("{\"mode\":\"solid\",\"color\":\"#FF0000\",\"mode\":\"off\"}", "Duplicate field 'mode'"),
                Arguments.of("[{\"mode\":\"off\"}]", "must hold one JSON object"),
                Arguments.of("", "must hold one JSON object"),
                Arguments.of("{\"mode\":\"strobe\",\"color\":\"#FFFFFF\",\"period_ms\":\"500\"}", "invalid JSON"),
                Arguments.of("{\"mode\":\"strobe\",\"color\":\"#FFFFFF\",\"period_ms\":100}", "above 3 Hz"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void bad_cue_files_exit_2_with_one_line_on_stderr_and_write_nothing(String content, String fragment) throws Exception {
        Path file = Files.writeString(tmp.resolve("cue.json"), content);
        Run run = inData("publish", "--file", file.toString());
        assertEquals(2, run.exit(), run.err());
        assertOneErrorLine(run, "publish", fragment);
        assertNothingWritten();
    }

    @Test
    void a_cue_file_with_cue_flags_or_a_second_effective_at_is_a_usage_error() throws Exception {
        Path file = Files.writeString(tmp.resolve("cue.json"), "{\"effective_at\":" + T0 + ",\"mode\":\"off\"}");
        Run both = inData("publish", "--file", file.toString(), "--mode", "off");
        assertEquals(2, both.exit());
        assertOneErrorLine(both, "publish", "--file holds the whole cue");
        Run twice = inData("publish", "--file", file.toString(), "--lead-ms", "100");
        assertEquals(2, twice.exit());
        assertOneErrorLine(twice, "publish", "sets effective_at already");
        assertNothingWritten();
    }

    @Test
    void a_missing_cue_file_exits_2() {
        Run run = inData("publish", "--file", tmp.resolve("nope.json").toString());
        assertEquals(2, run.exit(), run.err());
        assertOneErrorLine(run, "publish", "cannot read --file " + tmp.resolve("nope.json"));
    }

    @Test
    void missing_aws_credentials_are_explained_in_one_short_line() {
        Run run = run("status", "--bucket", "show", "--endpoint", "http://127.0.0.1:9", "--region", "us-east-1");
        assertEquals(4, run.exit(), run.err());
        assertOneErrorLine(run, "status", "no AWS credentials");
        assertTrue(run.err().length() < 300, run.err());
    }

    @Test
    void without_a_store_or_with_two_stores_the_cli_says_which_flag_to_give() {
        Run none = run("status");
        assertEquals(2, none.exit());
        assertOneErrorLine(none, "status", "give --data DIR (local) or --bucket NAME (S3)");
        Run both = run("status", "--dir", data().toString(), "--bucket", "b");
        assertEquals(2, both.exit());
        assertOneErrorLine(both, "status", "not both");
        Run endpointWithDir = run("publish", "--dir", data().toString(), "--endpoint", "http://127.0.0.1:9", "--mode", "off");
        assertEquals(2, endpointWithDir.exit());
        assertOneErrorLine(endpointWithDir, "publish", "use them with --bucket");
        assertFalse(Files.exists(data()));
    }

    @Test
    void status_before_anything_is_published_says_so() {
        assertEquals(0, inData("publish", "--mode", "off").exit());
        store().delete(Pointer.KEY);
        Run run = inData("status");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("nothing published yet in "), run.out());
    }

    @Test
    void status_of_a_missing_directory_is_store_unreachable_and_creates_nothing() {
        Run run = run("status", "--dir", data().toString());
        assertEquals(4, run.exit());
        assertOneErrorLine(run, "status", "no such directory");
        assertFalse(Files.exists(data()));
    }

    @Test
    void status_shows_the_version_the_poll_hint_and_which_cues_are_in_force_or_pending() throws Exception {
        inData("publish", "--mode", "solid", "--color", "#111111");
        inData("publish", "--mode", "solid", "--color", "#222222", "--lead-ms", "60000");
        Run run = inData("status");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("version    2 (states/2.json)"), run.out());
        assertTrue(run.out().contains("poll_ms    1000"), run.out());
        assertTrue(run.out().contains("in force  {\"effective_at\":" + T0 + ",\"mode\":\"solid\",\"color\":\"#111111\"}"),
                run.out());
        assertTrue(run.out().contains("pending   {\"effective_at\":" + (T0 + 60_000)), run.out());

        Run asJson = inData("status", "--json");
        var tree = json.mapper().readTree(asJson.out());
        assertEquals(2, tree.get("pointer").get("version").asLong());
        assertEquals(2, tree.get("state").get("cues").size());
    }

    @Test
    void history_lists_newest_first_and_honours_limit_and_json() throws Exception {
        inData("publish", "--mode", "solid", "--color", "#111111", "--actor", "alice");
        inData("settings", "--poll-ms", "20000", "--actor", "bob");
        inData("blackout", "--actor", "carol");

        Run run = inData("history");
        assertEquals(0, run.exit(), run.err());
        String[] lines = run.out().strip().split("\n");
        assertEquals(3, lines.length, run.out());
        assertTrue(lines[0].strip().startsWith("3") && lines[0].contains("carol") && lines[0].contains("blackout"), lines[0]);
        assertTrue(lines[1].strip().startsWith("2") && lines[1].contains("settings") && lines[1].contains("poll_ms=20000"));
        assertTrue(lines[2].strip().startsWith("1") && lines[2].contains("alice") && lines[2].contains("#111111"));

        Run limited = inData("history", "--limit", "1", "--json");
        HistoryEntry entry = json.read(limited.out().strip().getBytes(UTF_8), HistoryEntry.class);
        assertEquals(3, entry.version());
        assertEquals("blackout", entry.action());

        Run bad = inData("history", "--limit", "0");
        assertEquals(2, bad.exit());
        assertOneErrorLine(bad, "history", "--limit must be at least 1");
    }

    @Test
    void blackout_drops_pending_cues_and_settings_changes_the_poll_hint() throws Exception {
        inData("publish", "--mode", "solid", "--color", "#111111", "--lead-ms", "60000");
        Run off = inData("blackout");
        assertEquals(0, off.exit(), off.err());
        assertTrue(off.out().startsWith("blackout published as version 2"), off.out());
        assertEquals(List.of(Cue.off(T0)), state(2).cues());

        Run settings = inData("settings", "--poll-ms", "20000");
        assertEquals(0, settings.exit(), settings.err());
        assertEquals(20_000, pointer().pollMs());

        Run badPoll = inData("settings", "--poll-ms", "100");
        assertEquals(2, badPoll.exit());
        assertOneErrorLine(badPoll, "settings", "poll_ms must be between 500 and 60000");
        assertEquals(3, pointer().version());
    }

    @Test
    void gc_dry_run_deletes_nothing_and_gc_keeps_the_current_and_the_newest_states() throws Exception {
        for (int i = 0; i < 5; i++) {
            inData("publish", "--mode", "solid", "--color", "#111111");
            clock.advance(60_000);
        }
        Run dry = inData("gc", "--keep", "1", "--min-age-s", "0", "--dry-run");
        assertEquals(0, dry.exit(), dry.err());
        assertEquals("would delete states/1.json\nwould delete states/2.json\nwould delete states/3.json\n"
                + "would delete 3 states from " + data(), dry.out().strip());
        assertEquals(5, store().list("states/").size());

        Run gc = inData("gc", "--keep", "1", "--min-age-s", "0");
        assertEquals(0, gc.exit(), gc.err());
        assertEquals(List.of("states/4.json", "states/5.json"), store().list("states/"));
        assertEquals(5, new CanonicalJson().read(store().get(Pointer.KEY).orElseThrow().body(), Pointer.class).version());

        Run again = inData("gc", "--keep", "0", "--min-age-s", "0");
        assertEquals(List.of("states/5.json"), store().list("states/"), again.out());
    }

    @Test
    void gc_with_history_days_deletes_only_entries_older_than_the_retention_and_keeps_the_newest() throws Exception {
        for (int i = 0; i < 6; i++) {
            inData("publish", "--mode", "solid", "--color", "#111111");
            clock.advance(java.time.Duration.ofDays(1).toMillis()); // one show a day
        }
        Run gc = inData("gc", "--keep", "1", "--min-age-s", "0", "--history-days", "3");
        assertEquals(0, gc.exit(), gc.err());
        assertEquals(List.of("private/history/0000000000000000004.json", "private/history/0000000000000000005.json",
                "private/history/0000000000000000006.json"), store().list("private/history/"), gc.out());
        assertTrue(gc.out().strip().endsWith("and 3 history entries from " + data()), gc.out());

        Run none = inData("gc", "--keep", "1", "--min-age-s", "0", "--history-days", "0");
        assertEquals(List.of("private/history/0000000000000000005.json", "private/history/0000000000000000006.json"),
                store().list("private/history/"), "the newest below the live version and the live one stay: " + none.out());
    }

    @Test
    void invalidate_passes_the_distribution_paths_and_endpoint_and_prints_the_invalidation_id() {
        Run run = run("invalidate", "--distribution-id", "E123", "--path", "/live/pointer.json", "--path", "/states/*",
                "--cloudfront-endpoint", "http://127.0.0.1:5000");
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("http://127.0.0.1:5000 E123 [/live/pointer.json, /states/*]"), invalidations);
        assertEquals("invalidation I1 created on E123 for /live/pointer.json /states/*", run.out().strip());

        Run defaults = run("invalidate", "--distribution-id", "E123");
        assertEquals(0, defaults.exit(), defaults.err());
        assertEquals("null E123 [/live/pointer.json]", invalidations.get(1));

        Run missing = run("invalidate");
        assertEquals(2, missing.exit());
        assertOneErrorLine(missing, "invalidate", "--distribution-id");
    }

    @Test
    void a_publish_that_keeps_losing_the_pointer_exits_3_and_acknowledges_nothing() throws Exception {
        inData("publish", "--mode", "solid", "--color", "#111111");
        publisherConfig = new PublisherConfig(1, 1000, 1000, 86_400_000L);
        opener = (config, write) -> new AlwaysLosingPointer(Context.openStore(config, write));
        Run run = inData("publish", "--mode", "solid", "--color", "#222222");
        assertEquals(3, run.exit(), run.err());
        assertOneErrorLine(run, "publish", "gave up after 1 attempt:");
        assertEquals(1, pointer().version());
    }

    @Test
    void an_unreachable_s3_endpoint_exits_4() {
        opener = (config, write) -> config.local() ? Context.openStore(config, write)
                : S3Stores.open(config.s3(), StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")));
        Run run = run("publish", "--bucket", "show", "--endpoint", "http://127.0.0.1:9", "--region", "us-east-1",
                "--mode", "off");
        assertEquals(4, run.exit(), run.err());
        assertOneErrorLine(run, "publish", "127.0.0.1:9");
    }

    @Test
    void publish_status_history_and_gc_work_against_an_s3_emulator() throws Exception {
        try (S3Emulator s3 = S3ProxyFixture.start(); var client = s3.client()) {
            String bucket = s3.createBucket(client);
            opener = (config, write) -> config.local() ? Context.openStore(config, write)
                    : S3Stores.open(config.s3(), s3.credentials());
            String[] where = {"--bucket", bucket, "--prefix", "shows/final", "--endpoint", s3.endpoint().toString()};
            for (String color : List.of("#111111", "#222222", "#333333")) {
                Run publish = run(concat(new String[] {"publish", "--mode", "solid", "--color", color}, where));
                assertEquals(0, publish.exit(), publish.err());
                clock.advance(60_000);
            }
            Run status = run(concat(new String[] {"status"}, where));
            assertEquals(0, status.exit(), status.err());
            assertTrue(status.out().contains("version    3 (states/3.json)"), status.out());
            assertTrue(status.out().contains("s3://" + bucket + "/shows/final/"), status.out());

            Run history = run(concat(new String[] {"history", "--limit", "2"}, where));
            assertEquals(2, history.out().strip().split("\n").length, history.out());

            Run gc = run(concat(new String[] {"gc", "--keep", "0", "--min-age-s", "0"}, where));
            assertEquals(0, gc.exit(), gc.err());
            assertEquals(List.of("shows/final/states/3.json"), client.listObjectsV2(r -> r.bucket(bucket)
                    .prefix("shows/final/states/")).contents().stream().map(o -> o.key()).toList());
        }
    }

    static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"publish", "blackout", "settings", "status", "history", "gc", "invalidate"})
    void every_subcommand_has_complete_help_with_exit_codes(String command) {
        Run run = run(command, "--help");
        assertEquals(0, run.exit());
        assertTrue(run.out().contains("Usage: cuecast " + command), run.out());
        assertTrue(run.out().contains("Exit codes:") && run.out().contains("4   object store"), run.out());
        if (!command.equals("invalidate")) {
            assertTrue(run.out().contains("--bucket=NAME") && run.out().contains("--data=DIR")
                    && run.out().contains("--endpoint=URL") && run.out().contains("--prefix=PREFIX")
                    && run.out().contains("--region=REGION"), run.out());
        }
    }

    @Test
    void data_and_dir_name_the_same_store() {
        assertEquals(0, run("publish", "--data", data().toString(), "--create", "--mode", "off").exit());
        Run viaAlias = run("status", "--dir", data().toString());
        assertEquals(0, viaAlias.exit(), viaAlias.err());
        assertTrue(viaAlias.out().contains("version    1 (states/1.json)"), viaAlias.out());
        Run both = run("status", "--data", data().toString(), "--dir", data().toString());
        assertEquals(2, both.exit(), "one option under two names, given twice: " + both.err());
        assertOneErrorLine(both, "status", "--dir is the older name of --data");
    }

    @Test
    void dash_v_prints_the_version_the_build_wrote_on_every_command() {
        Run top = run("-V");
        assertEquals(0, top.exit());
        assertTrue(top.out().matches("cuecast [0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)?\\R"), top.out());
        assertEquals(top.out(), run("status", "-V").out());
    }

    @Test
    void no_subcommand_prints_usage_on_stderr_and_exits_2() {
        Run run = run();
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("Usage: cuecast"), run.err());
        Run top = run("--help");
        assertEquals(0, top.exit());
        for (String command : List.of("publish", "blackout", "settings", "status", "history", "gc", "invalidate")) {
            assertTrue(top.out().contains("  " + command + " "), command);
        }
    }

    @Test
    void a_prefix_keeps_a_show_in_its_own_subdirectory() throws Exception {
        assertEquals(0, run("publish", "--dir", data().toString(), "--create", "--prefix", "shows/final", "--mode", "off").exit());
        assertTrue(new DirObjectStore(data().resolve("shows/final"), false).get(Pointer.KEY).isPresent());
        assertFalse(store().get(Pointer.KEY).isPresent());
    }

    @Test
    void main_reads_the_store_from_the_environment_and_exits_with_the_command_status() throws Exception {
        inData("publish", "--mode", "off");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "status").redirectErrorStream(true);
        for (String variable : List.of("CUECAST_DATA", "CUECAST_DIR")) { // CUECAST_DIR: the older name, kept as an alias
            builder.environment().remove("CUECAST_DATA");
            builder.environment().remove("CUECAST_DIR");
            builder.environment().put(variable, data().toString());
            Process process = builder.start();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            assertEquals(0, process.exitValue(), variable + ": " + output);
            assertTrue(output.contains("version    1 (states/1.json)"), output);
        }

        // a flag beats the environment: with CUECAST_DATA exported, --bucket names the store (here one that cannot answer)
        ProcessBuilder s3 = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "status", "--bucket", "show", "--endpoint", "http://127.0.0.1:9", "--region", "us-east-1")
                .redirectErrorStream(true);
        s3.environment().put("CUECAST_DATA", data().toString());
        s3.environment().put("AWS_ACCESS_KEY_ID", "test");
        s3.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        Process bucket = s3.start();
        assertTrue(bucket.waitFor(60, TimeUnit.SECONDS));
        String tried = new String(bucket.getInputStream().readAllBytes(), UTF_8);
        assertEquals(4, bucket.exitValue(), "the bucket was tried, not refused as a second store: " + tried);

        builder.environment().remove("CUECAST_DATA");
        builder.environment().remove("CUECAST_DIR");
        Process usage = builder.start();
        assertTrue(usage.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, usage.exitValue());
    }

    /** Another publisher always moves the pointer first. */
    static final class AlwaysLosingPointer extends ForwardingObjectStore {
        AlwaysLosingPointer(ObjectStore delegate) {
            super(delegate);
        }

        @Override
        public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag)
                throws VersionConflictException {
            throw new VersionConflictException(key + " changed");
        }
    }

    @Test
    void publishing_to_a_missing_directory_is_refused_unless_create_is_given() throws Exception {
        Run typo = run("publish", "--dir", data().toString(), "--mode", "off");
        assertEquals(4, typo.exit());
        assertOneErrorLine(typo, "publish", "--create");
        assertFalse(Files.exists(data()), "a mistyped --dir does not start a new, empty store");

        Run created = run("publish", "--dir", data().toString(), "--create", "--mode", "off");
        assertEquals(0, created.exit(), created.err());
        assertEquals(1, pointer().version());
    }

    @Test
    void doctor_reports_a_lost_current_state_and_repair_restores_the_newest_readable_published_state() throws Exception {
        assertEquals(0, inData("publish", "--mode", "solid", "--color", "#111111", "--lead-ms", "0").exit());
        assertEquals(0, inData("publish", "--mode", "solid", "--color", "#222222", "--lead-ms", "0").exit());
        Run healthy = inData("doctor");
        assertEquals(0, healthy.exit(), healthy.out());
        assertTrue(healthy.out().contains("names version 2"), healthy.out());

        store().delete("states/2.json");
        Run sick = inData("doctor");
        assertEquals(5, sick.exit(), sick.out());
        assertTrue(sick.out().contains("PROBLEM  states/2.json is missing"), sick.out());

        Run repaired = inData("doctor", "--repair", "--actor", "night crew");
        assertEquals(0, repaired.exit(), repaired.out() + repaired.err());
        assertTrue(repaired.out().contains("restored the cues of states/1.json as version 3"), repaired.out());
        assertEquals(3, pointer().version());
        assertEquals("#111111", state(3).cues().get(0).color());
        assertEquals(0, inData("doctor").exit());
    }

    @Test
    void doctor_repairs_a_lost_pointer_without_reusing_a_version() throws Exception {
        assertEquals(0, inData("publish", "--mode", "solid", "--color", "#111111").exit());
        store().delete("live/pointer.json");
        Run sick = inData("doctor");
        assertEquals(5, sick.exit());
        assertTrue(sick.out().contains("live/pointer.json is missing, but versions up to 1 exist"), sick.out());
        assertEquals(0, inData("doctor", "--repair").exit());
        assertEquals(2, pointer().version());
        assertEquals("#111111", state(2).cues().get(0).color());
    }
}
