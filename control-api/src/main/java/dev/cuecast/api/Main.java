package dev.cuecast.api;

import dev.cuecast.publish.DirObjectStore;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.Publisher;
import dev.cuecast.publish.PublisherConfig;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar cuecast-server.jar}: the whole local stack in one process. The only System.exit. */
@Command(name = "cuecast-server", mixinStandardHelpOptions = true,
        description = "Cuecast control API, operator page, /time, local origin and spectator PWA in one server.")
public final class Main implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "${env:CUECAST_PORT:-8080}", description = "port (env CUECAST_PORT; default 8080)")
    int port;

    @Option(names = "--data", defaultValue = "${env:CUECAST_DATA:-./data}",
            description = "local object-store directory; survives restarts (env CUECAST_DATA; default ./data)")
    Path data;

    @Option(names = "--pwa-dir", description = "serve the spectator app from this directory instead of the jar (development)")
    Path pwaDir;

    @Option(names = "--public-url", description = "spectator URL printed on seat QR codes (default: this server's address)")
    String publicUrl;

    @Option(names = "--max-request-bytes", defaultValue = "65536", description = "request body limit (default ${DEFAULT-VALUE})")
    long maxRequestBytes;

    /** Read here, where the flags are read; never printed when it came from the environment. */
    @Option(names = "--operator-token", hidden = true, defaultValue = "${env:CUECAST_OPERATOR_TOKEN}")
    String operatorToken;

    @Override
    public Integer call() throws InterruptedException {
        boolean generated = operatorToken == null || operatorToken.isBlank();
        String token = generated ? newToken() : operatorToken;
        ApiConfig config = new ApiConfig(token, maxRequestBytes, pwaDir, publicUrl, ApiConfig.DEFAULT_IDEMPOTENCY_KEYS);
        Clock clock = Clock.systemUTC();
        Metrics metrics = new Metrics();
        ObjectStore store = new MeteredObjectStore(new DirObjectStore(data), metrics);
        Publisher publisher = Publisher.create(PublisherConfig.defaults(), store, clock);
        Javalin app = ControlApi.create(config, publisher, store, clock, metrics);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            store.close();
            stopped.countDown();
        }, "cuecast-shutdown"));
        app.start(host, port);

        String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + app.port();
        System.out.println("Cuecast is running (data in " + data.toAbsolutePath().normalize() + ")");
        System.out.println("  operator page:  " + base + "/operator");
        System.out.println("  spectator app:  " + base + "/");
        System.out.println("  operator token: " + (generated ? token + "   (generated; set CUECAST_OPERATOR_TOKEN to choose one)"
                : "from CUECAST_OPERATOR_TOKEN"));
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        stopped.await();
        return 0;
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
