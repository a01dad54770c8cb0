package dev.cuecast.publish;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code moto_server} (the Python AWS emulator: S3 and CloudFront among others) started as a child process on
 * a free loopback port, waited for with a bounded readiness poll, and killed on close. Its log goes to
 * {@code target/moto-<port>.log}.
 */
public final class MotoServer implements S3Emulator {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** The moto_server executable on PATH, if any. */
    public static Optional<Path> executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Starts moto_server; without it the calling test is skipped, except on CI (env CI set), where it fails. */
    public static MotoServer startOrSkip() throws IOException, InterruptedException {
        Optional<Path> executable = executable();
        if (System.getenv("CI") == null) {
            assumeTrue(executable.isPresent(), "moto_server not on PATH (pip install 'moto[server]')");
        }
        return start(executable.orElseThrow(() -> new IllegalStateException("CI needs moto_server on PATH")));
    }

    /** Creates a minimal distribution in moto's CloudFront (something to invalidate); returns its id. */
    public static String createDistribution(CloudFrontClient cloudFront, String callerReference) {
        try {
            return create(cloudFront, callerReference);
        } catch (software.amazon.awssdk.services.cloudfront.model.DistributionAlreadyExistsException e) {
            // A slow first attempt that landed, then the SDK's retry: the distribution is ours, read it back
            return cloudFront.listDistributions(r -> { }).distributionList().items().stream()
                    .filter(d -> callerReference.equals(d.comment())).findFirst().orElseThrow(() -> e).id();
        }
    }

    private static String create(CloudFrontClient cloudFront, String callerReference) {
        return cloudFront.createDistribution(r -> r.distributionConfig(c -> c
                        .callerReference(callerReference)
                        .comment(callerReference)
                        .enabled(true)
                        .origins(o -> o.quantity(1).items(origin -> origin
                                .id("origin")
                                .domainName("cuecast-test.s3.amazonaws.com")
                                .s3OriginConfig(s3 -> s3.originAccessIdentity(""))))
                        .defaultCacheBehavior(b -> b
                                .targetOriginId("origin")
                                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                                .cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6"))))
                .distribution().id();
    }

    public static MotoServer start(Path executable) throws IOException, InterruptedException {
        int port = freePort();
        Path log = Path.of("target", "moto-" + port + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        MotoServer moto = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
        try {
            moto.awaitReady(log);
        } catch (IOException | InterruptedException | RuntimeException e) {
            moto.close();
            throw e;
        }
        return moto;
    }

    private void awaitReady(Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ping = HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep polling until the deadline
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("moto_server not ready within " + READY_TIMEOUT + "; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return S3Emulator.staticCredentials("testing", "testing");
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
