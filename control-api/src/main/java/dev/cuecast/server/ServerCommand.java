package dev.cuecast.server;

import dev.cuecast.api.ApiConfig;
import dev.cuecast.api.ControlApi;
import dev.cuecast.api.Services;
import dev.cuecast.api.operations.Station;
import dev.cuecast.cli.BuildVersion;
import dev.cuecast.cli.ExitCodes;
import dev.cuecast.cli.StoreConfig;
import dev.cuecast.cli.StoreOptions;
import dev.cuecast.coverage.CoverageSource;
import dev.cuecast.cue.Cue;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.Publisher;
import dev.cuecast.publish.PublisherConfig;
import dev.cuecast.timebase.TimeBase;
import dev.cuecast.timebase.TimeSync;
import io.javalin.Javalin;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cuecast-server}: flags and environment, read here and nowhere below, become one {@link ApiConfig}, a store,
 * a time base and a coverage source; then the server starts and prints where everything is.
 */
@Command(name = "cuecast-server", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        sortOptions = false,
        description = "Runs a Cuecast show in one process: the operator page and API, /time, the local origin "
                + "(live/pointer.json and states/, with the CDN's cache headers) and the spectator app. Ctrl-C stops it.",
        footer = {"",
            "Without --data or --bucket the objects are kept in ./data, created when missing;",
            "a directory named with --data (or CUECAST_DATA) must exist unless --create is",
            "given. These store options are the cuecast CLI's; --dir and CUECAST_DIR are",
            "aliases of --data and CUECAST_DATA.",
            "",
            "Environment:",
            "  CUECAST_OPERATOR_TOKEN  the operator token (at least 20 characters, e.g.",
            "                          openssl rand -base64 24); generated and printed at",
            "                          start when unset",
            "  CUECAST_STAFF_TOKEN     a read-only token for staff (at least 20 characters):",
            "                          check a winner's seat, see what is live and the",
            "                          coverage, never publish; unset: no staff access",
            "  CUECAST_PORT, CUECAST_DATA, CUECAST_BUCKET, CUECAST_PREFIX, CUECAST_REGION,",
            "  CUECAST_ENDPOINT, CUECAST_STATION, CUECAST_TIME_URL, CUECAST_COVERAGE_LOG,",
            "  CUECAST_COVERAGE_STREAM",
            "                          defaults of the flags that name them",
            "  AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION",
            "                          AWS credentials and region for --bucket and",
            "                          --coverage-stream (the AWS default chain)",
            "",
            "Examples:",
            "  cuecast-server                                # http://127.0.0.1:8080, ./data",
            "  cuecast-server --port 9000 --data /srv/show --create",
            "  cuecast-server --standby --station FOH-2      # a hot standby, on port 8081",
            "  cuecast-server --bucket my-show --region eu-west-1 \\",
            "      --public-url https://show.example.com/ --coverage-stream cuecast-coverage"})
final class ServerCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 8080;
    static final Path DEFAULT_DATA = Path.of("data");

    /** The server's exit codes: the CLI's table, for the codes the server can end with. */
    static final Map<String, String> EXIT_CODES = exitCodes(
            "0:--help or --version",
            "1:error at start",
            "2:usage error: an unknown flag, a bad value in a flag or an environment variable, or the port is taken "
                    + "(nothing was started)",
            "4:object store unreachable: a directory named with --data that does not exist (and no --create)",
            "130:stopped with Ctrl-C, after a clean shutdown (143: stopped with SIGTERM)");

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on. Default: 127.0.0.1. Any other address puts the operator API on that "
                    + "network without TLS (docs/security.md).")
    String host;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port to listen on. Default: 8080, or with --standby the main station's + 1 (8081). "
                    + "Env: CUECAST_PORT.")
    Integer port;

    @Mixin
    StoreOptions store;

    @Option(names = "--standby",
            description = "Run as a hot standby operator station: a second control API on the main one's store, with "
                    + "the same live view, history and coverage history and its own BLACKOUT, ready to take over.")
    boolean standby;

    @Option(names = "--station", paramLabel = "NAME", defaultValue = "${env:CUECAST_STATION}",
            description = "This station's name, shown on its operator page and recorded with every write in the history "
                    + "(\"Anne @ FOH-2\"). Default: main, or standby with --standby. Env: CUECAST_STATION.")
    String station;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "The spectator URL, printed on seat QR codes (default: this server's address); its /time "
                    + "becomes the cue clock unless --time-url is given.")
    String publicUrl;

    @Option(names = "--time-url", paramLabel = "URL", defaultValue = "${env:CUECAST_TIME_URL}",
            description = "The phones' time source to stamp cues on, e.g. https://show.example.com/time; cues are "
                    + "refused until this server is synced to it. Default: <public-url>/time with --public-url, else this "
                    + "server's own clock, which phones then sync to. Env: CUECAST_TIME_URL.")
    String timeUrl;

    @Option(names = "--pwa-dir", paramLabel = "DIR",
            description = "Serve the spectator app from this directory (pwa/ while editing it) instead of the jar.")
    Path pwaDir;

    @Mixin
    CoverageOptions coverage;

    @Option(names = "--max-request-bytes", paramLabel = "BYTES", defaultValue = "65536",
            description = "Request bodies above this are refused with 413. Default: 65536.")
    long maxRequestBytes;

    /** Read here, where the flags are read; never printed when it came from the environment (see {@link Tokens}). */
    @Option(names = "--operator-token", hidden = true, defaultValue = "${env:CUECAST_OPERATOR_TOKEN}")
    String operatorToken;

    /** The read-only staff token, read like the operator's. */
    @Option(names = "--staff-token", hidden = true, defaultValue = "${env:CUECAST_STAFF_TOKEN}")
    String staffToken;

    /** The configured command line: one-line errors and the exit codes of {@link #EXIT_CODES}. */
    static CommandLine commandLine() {
        ExitCodes codes = new ExitCodes();
        CommandLine cmd = new CommandLine(new ServerCommand())
                .setExitCodeExceptionMapper(codes)
                .setExecutionExceptionHandler(codes)
                .setParameterExceptionHandler(codes)
                .setUsageHelpAutoWidth(true);
        cmd.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
        return cmd;
    }

    @Override
    public Integer call() throws InterruptedException {
        Tokens tokens = tokens();
        ApiConfig config = apiConfig(tokens);
        URI timeSource = timeSource(config);
        StoreConfig storeConfig = storeConfig();
        Clock clock = Clock.systemUTC();
        ObjectStore opened = storeConfig.open(true);
        CoverageSource coverageSource = coverage.open(store.region(), clock);
        TimeBase timeBase = timeSource == null ? TimeBase.local(clock) : TimeSync.start(timeSource, clock);
        Services services = Services.of(PublisherConfig.defaults(), opened, timeBase, clock, coverageSource);
        Javalin app = ControlApi.create(config, services);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            if (timeBase instanceof TimeSync sync) {
                sync.close();
            }
            coverageSource.close();
            services.store().close();
            stopped.countDown();
        }, "cuecast-shutdown"));
        // the first store call of a process is slow (client start-up); pay it now, not on the first GO
        Optional<String> storeProblem = services.publisher().probe(Duration.ofSeconds(10));
        warmUp(services.publisher(), timeBase);
        int listen = listenPort();
        try {
            app.start(host, listen);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "cannot listen on " + host + ":" + listen + " ("
                    + e.getMessage() + ")" + (standby ? "; is another station (or scripts/edge, default port 8081) there? "
                    + "give the standby its own --port" : "; give another --port"));
        }

        List<String> warnings = new ArrayList<>();
        storeProblem.ifPresent(problem -> warnings.add("the object store does not answer yet: " + problem));
        if (!loopback(host)) {
            warnings.add("listening on " + host + " without TLS: anyone on this network can reach the operator API and"
                    + " read the token in transit. Put a TLS proxy in front, or use --host 127.0.0.1 and serve phones"
                    + " through the CDN.");
        }
        String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + app.port();
        new Banner(storeConfig.describe(), config.station(), base, timeSource,
                tokens.generated() ? tokens.operator() + "   (generated; set CUECAST_OPERATOR_TOKEN to choose one)"
                        : "from CUECAST_OPERATOR_TOKEN",
                config.staffToken() != null, warnings).print(spec.commandLine().getOut());
        stopped.await();
        return ExitCodes.OK;
    }

    /** The operator token (generated when unset) and the staff token (none when unset), checked. */
    Tokens tokens() {
        try {
            return Tokens.read(operatorToken, staffToken);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The control API's configuration, from the flags. */
    ApiConfig apiConfig(Tokens tokens) {
        if (maxRequestBytes < 1) {
            throw new ParameterException(spec.commandLine(), "--max-request-bytes must be at least 1, got " + maxRequestBytes);
        }
        Station me;
        try {
            me = Station.of(standby, station);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--station: " + e.getMessage());
        }
        return ApiConfig.of(tokens.operator()).withStaffToken(tokens.staff()).withStation(me).withPublicUrl(publicUrl).withPwaDir(pwaDir)
                .withMaxRequestBytes(maxRequestBytes);
    }

    /** The store flags as the CLI reads them, with ./data (created when missing) when none is named. */
    StoreConfig storeConfig() {
        try {
            return store.toConfig(DEFAULT_DATA, coverage.fromStream());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * The first state a process builds loads and compiles the whole path (state building, flash check, canonical JSON):
     * build one now, as a dry run that writes nothing, so that a standby's first BLACKOUT, often the one that matters,
     * does not pay for it. A store that fails here fails the same way later, where it is reported.
     */
    static void warmUp(Publisher publisher, TimeBase timeBase) {
        try {
            publisher.preview(List.of(Cue.off(timeBase.clock().millis())));
        } catch (RuntimeException e) {
            // nothing to warm: reported by the first real call
        }
    }

    /** --port, else CUECAST_PORT, else 8080; a standby without --port takes the next one, beside its main station. */
    int listenPort() {
        if (port != null) {
            return port;
        }
        String env = System.getenv("CUECAST_PORT");
        int base;
        try {
            base = blank(env) ? DEFAULT_PORT : Integer.parseInt(env.strip());
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "CUECAST_PORT must be a port number, got " + env);
        }
        return standby ? base + 1 : base;
    }

    /** --time-url, else the public URL's /time, else none (this server's own clock). */
    URI timeSource(ApiConfig config) {
        String url = !blank(timeUrl) ? timeUrl.strip() : config.publicUrl() == null ? null : config.publicUrl() + "time";
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new URISyntaxException(url, "not http(s)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "--time-url must be an http(s) URL of a /time endpoint: " + url);
        }
    }

    /** Whether every address {@code host} names is a loopback address (0.0.0.0 and :: listen everywhere). */
    static boolean loopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Map<String, String> exitCodes(String... lines) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            codes.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return codes;
    }
}
