package dev.cuecast.server;

import dev.cuecast.api.ApiConfig;
import dev.cuecast.api.ControlApi;
import dev.cuecast.api.Services;
import dev.cuecast.api.operations.Station;
import dev.cuecast.coverage.CoverageSource;
import dev.cuecast.publish.DirObjectStore;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.Publisher;
import dev.cuecast.publish.PublisherConfig;
import dev.cuecast.publish.S3Settings;
import dev.cuecast.publish.S3Stores;
import dev.cuecast.timebase.TimeBase;
import dev.cuecast.timebase.TimeSync;
import io.javalin.Javalin;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/** {@code java -jar cuecast-server.jar}: the whole local stack in one process. The only System.exit. */
@Command(name = "cuecast-server", mixinStandardHelpOptions = true,
        description = "Cuecast control API, operator page, /time, local origin and spectator PWA in one server.")
public final class Main implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", description = "port (env CUECAST_PORT; default 8080, and one more for --standby: 8081)")
    Integer port;

    @Option(names = "--standby",
            description = "run as a hot standby operator station: a second control API on the same --data (or bucket) as the "
                    + "main one, with the same live view, history and coverage history, its own BLACKOUT, ready to take over "
                    + "(its port defaults to the main one's + 1)")
    boolean standby;

    @Option(names = "--station", paramLabel = "NAME", defaultValue = "${env:CUECAST_STATION}",
            description = "this station's name, shown on its operator page and recorded with every write in the history "
                    + "(\"Anne @ FOH-2\"); default \"main\", or \"standby\" with --standby (env CUECAST_STATION)")
    String station;

    @Option(names = "--data", defaultValue = "${env:CUECAST_DATA:-./data}",
            description = "local object-store directory; survives restarts (env CUECAST_DATA; default ./data)")
    Path data;

    @Option(names = "--bucket", paramLabel = "NAME", defaultValue = "${env:CUECAST_BUCKET}",
            description = "publish to this S3 bucket instead of --data (AWS default credential chain; env CUECAST_BUCKET)")
    String bucket;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "${env:CUECAST_PREFIX}",
            description = "key prefix inside the bucket, e.g. shows/final (env CUECAST_PREFIX)")
    String prefix;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "${env:CUECAST_REGION}",
            description = "AWS region of the bucket (default: the AWS default region chain; env CUECAST_REGION)")
    String region;

    @Option(names = "--endpoint", paramLabel = "URL", defaultValue = "${env:CUECAST_ENDPOINT}",
            description = "S3-compatible endpoint instead of AWS, e.g. http://127.0.0.1:5000 (env CUECAST_ENDPOINT)")
    URI endpoint;

    @Option(names = "--pwa-dir", description = "serve the spectator app from this directory instead of the jar (development)")
    Path pwaDir;

    @Option(names = "--public-url", description = "spectator URL printed on seat QR codes (default: this server's address)")
    String publicUrl;

    @Option(names = "--time-url", paramLabel = "URL", defaultValue = "${env:CUECAST_TIME_URL}",
            description = "the phones' time source to stamp cues on, e.g. https://show.example.com/time (env CUECAST_TIME_URL;"
                    + " default: <public-url>/time when --public-url is set, else this server's own clock, which phones then sync to)")
    String timeUrl;

    @Option(names = "--max-request-bytes", defaultValue = "65536", description = "request body limit (default ${DEFAULT-VALUE})")
    long maxRequestBytes;

    @Option(names = "--coverage-log", paramLabel = "PATH", defaultValue = "${env:CUECAST_COVERAGE_LOG}",
            description = "tail the local edge's log for coverage (scripts/edge: <prefix>/logs/coverage.log; env CUECAST_COVERAGE_LOG)")
    Path coverageLog;

    @Option(names = "--coverage-stream", paramLabel = "NAME", defaultValue = "${env:CUECAST_COVERAGE_STREAM}",
            description = "read coverage from CloudFront real-time logs in this Kinesis stream (stack output "
                    + "CoverageStreamName; env CUECAST_COVERAGE_STREAM)")
    String coverageStream;

    @Option(names = "--coverage-sampling", paramLabel = "PERCENT",
            description = "share of requests the coverage log records, 1-100 (default: 100 for --coverage-log, "
                    + "10 for --coverage-stream, the template's default)")
    Integer coverageSampling;

    @Option(names = "--coverage-endpoint", paramLabel = "URL", hidden = true,
            description = "Kinesis endpoint instead of AWS (LocalStack), for tests")
    URI coverageEndpoint;

    /** Read here, where the flags are read; never printed when it came from the environment. */
    @Option(names = "--operator-token", hidden = true, defaultValue = "${env:CUECAST_OPERATOR_TOKEN}")
    String operatorToken;

    /** Shorter tokens can be guessed from the spectators' Wi-Fi; a generated one has 32 characters. */
    static final int MIN_TOKEN_LENGTH = 20;

    @Override
    public Integer call() throws InterruptedException {
        boolean generated = operatorToken == null || operatorToken.isBlank();
        String token = generated ? newToken() : operatorToken;
        if (!generated && token.strip().length() < MIN_TOKEN_LENGTH) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the operator token (CUECAST_OPERATOR_TOKEN) has "
                    + token.strip().length() + " characters; use at least " + MIN_TOKEN_LENGTH
                    + " (e.g. openssl rand -base64 24), or leave it unset to have one generated");
        }
        Station me;
        try {
            me = Station.of(standby, station);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--station: " + e.getMessage());
        }
        ApiConfig config = ApiConfig.of(token).withStation(me).withPublicUrl(publicUrl).withPwaDir(pwaDir)
                .withMaxRequestBytes(maxRequestBytes);
        Clock clock = Clock.systemUTC();
        URI timeSource = timeSource(config);
        TimeBase timeBase = timeSource == null ? TimeBase.local(clock) : TimeSync.start(timeSource, clock);
        ObjectStore opened = openStore();
        CoverageSource coverage = openCoverage(clock); // its access-log timestamps are this host's
        Services services = Services.of(PublisherConfig.defaults(), opened, timeBase, clock, coverage);
        Publisher publisher = services.publisher();
        ObjectStore store = services.store();
        Javalin app = ControlApi.create(config, services);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            if (timeBase instanceof TimeSync sync) {
                sync.close();
            }
            coverage.close();
            store.close();
            stopped.countDown();
        }, "cuecast-shutdown"));
        // the first store call of a process is slow (client start-up); pay it now, not on the first GO
        publisher.probe(java.time.Duration.ofSeconds(10))
                .ifPresent(problem -> System.out.println("WARNING: the object store does not answer yet: " + problem));
        warmUp(publisher, timeBase);
        int listen = listenPort();
        try {
            app.start(host, listen);
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot listen on " + host + ":" + listen + " ("
                    + e.getMessage() + ")" + (standby ? "; is another station (or scripts/edge, default port 8081) there? "
                    + "give the standby its own --port" : "; give another --port"));
        }

        String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + app.port();
        System.out.println("Cuecast is running (objects in " + describeStore() + ")");
        System.out.println("  station:        " + me.name() + (me.role().equals("standby")
                ? " (hot standby: same store as the main station, ready to take over; its BLACKOUT works at any time)"
                : " (main)"));
        System.out.println("  operator page:  " + base + "/operator");
        System.out.println("  spectator app:  " + base + "/");
        System.out.println("  cue clock:      " + (timeSource == null ? "this server's (phones sync to its /time)"
                : "synced to " + timeSource + " (cues are refused until it is)"));
        System.out.println("  operator token: " + (generated ? token + "   (generated; set CUECAST_OPERATOR_TOKEN to choose one)"
                : "from CUECAST_OPERATOR_TOKEN"));
        if (!loopback(host)) {
            System.out.println("WARNING: listening on " + host + " without TLS: anyone on this network can reach the operator"
                    + " API and read the token in transit. Put a TLS proxy in front, or use --host 127.0.0.1 and serve"
                    + " phones through the CDN.");
        }
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        stopped.await();
        return 0;
    }

    /**
     * The first state a process builds loads and compiles the whole path (state building, flash check, canonical JSON):
     * build one now, as a dry run that writes nothing, so that a standby's first BLACKOUT, often the one that matters,
     * does not pay for it. A store that fails here fails the same way later, where it is reported.
     */
    static void warmUp(Publisher publisher, TimeBase timeBase) {
        try {
            publisher.preview(java.util.List.of(dev.cuecast.cue.Cue.off(timeBase.clock().millis())));
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
            base = blank(env) ? 8080 : Integer.parseInt(env.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "CUECAST_PORT must be a port number, got " + env);
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
                throw new java.net.URISyntaxException(url, "not http(s)");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--time-url must be an http(s) URL of a /time endpoint: " + url);
        }
    }

    /** The same store factory as the cuecast CLI: S3 when a bucket is given, else the local directory. */
    ObjectStore openStore() {
        if (blank(bucket)) {
            if ((!blank(region) && blank(coverageStream)) || endpoint != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--region and --endpoint need --bucket");
            }
            return new DirObjectStore(blank(prefix) ? data : data.resolve(prefix.replaceAll("^/+|/+$", "")));
        }
        return S3Stores.open(new S3Settings(bucket.strip(), prefix, blank(region) ? null : region.strip(), endpoint));
    }

    /** The log the coverage figures come from: the local edge's, CloudFront's through Kinesis, or none. */
    CoverageSource openCoverage(Clock clock) {
        boolean stream = !blank(coverageStream);
        if (coverageLog != null && stream) {
            throw new CommandLine.ParameterException(spec.commandLine(), "use --coverage-log or --coverage-stream, not both");
        }
        if (coverageSampling != null && (coverageSampling < 1 || coverageSampling > 100)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--coverage-sampling must be a percentage 1..100, got " + coverageSampling);
        }
        if (coverageLog != null) {
            return CoverageSource.edgeLog(coverageLog, (coverageSampling == null ? 100 : coverageSampling) / 100.0);
        }
        if (stream) {
            KinesisClientBuilder kinesis = KinesisClient.builder().overrideConfiguration(c -> c
                    .apiCallTimeout(Duration.ofSeconds(10)).apiCallAttemptTimeout(Duration.ofSeconds(4)));
            if (!blank(region)) {
                kinesis.region(Region.of(region.strip()));
            }
            if (coverageEndpoint != null) {
                kinesis.endpointOverride(coverageEndpoint);
            }
            return CoverageSource.kinesis(kinesis.build(), coverageStream.strip(),
                    (coverageSampling == null ? 10 : coverageSampling) / 100.0, clock);
        }
        return CoverageSource.none();
    }

    private String describeStore() {
        return blank(bucket) ? data.toAbsolutePath().normalize() + (blank(prefix) ? "" : "/" + prefix)
                : "s3://" + bucket + "/" + (blank(prefix) ? "" : prefix) + (endpoint == null ? "" : " at " + endpoint);
    }

    /** Whether every address {@code host} names is a loopback address (0.0.0.0 and :: listen everywhere). */
    static boolean loopback(String host) {
        try {
            for (java.net.InetAddress a : java.net.InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        // On Ctrl-C the JVM is already exiting; System.exit from here would block on the running shutdown hook.
        if (code != 0) {
            System.exit(code);
        }
    }
}
