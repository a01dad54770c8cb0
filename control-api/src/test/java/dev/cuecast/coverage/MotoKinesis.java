package dev.cuecast.coverage;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
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

/**
 * {@code moto_server} as a Kinesis emulator without Docker (the publisher's tests start it for S3 the same way):
 * a child process on a free loopback port, a bounded readiness poll, killed on close. Skips the calling test
 * where moto is not installed, except on CI (env CI set), where it fails.
 */
final class MotoKinesis implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    final URI endpoint;
    private final Process process;

    private MotoKinesis(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static MotoKinesis startOrSkip() throws IOException, InterruptedException {
        Optional<Path> exe = Optional.empty();
        for (String dir : String.valueOf(System.getenv("PATH")).split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                exe = Optional.of(candidate);
                break;
            }
        }
        if (System.getenv("CI") == null) {
            assumeTrue(exe.isPresent(), "moto_server not on PATH (pip install 'moto[server]')");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = Path.of("target", "moto-kinesis-" + port + ".log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(exe.orElseThrow().toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        MotoKinesis moto = new MotoKinesis(p, URI.create("http://127.0.0.1:" + port));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ping = HttpRequest.newBuilder(moto.endpoint.resolve("/moto-api/data.json")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("moto_server exited; see " + log);
            }
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return moto;
                }
            } catch (IOException notYet) {
                // polled again until the deadline
            }
            Thread.sleep(100);
        }
        moto.close();
        throw new IllegalStateException("moto_server not ready within " + READY_TIMEOUT + "; see " + log);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
