package dev.cuecast.api.transport;

import dev.cuecast.api.operations.Metrics;
import io.javalin.config.JavalinConfig;
import java.time.Clock;
import java.util.function.Supplier;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteBufferPool;

/**
 * Jetty under Javalin, tuned: header matching, heap buffers, the one connector ({@link UnpooledConnector}), JSON
 * errors for what Jetty refuses itself ({@link JettyErrors}), and what answers before Javalin does
 * ({@link HeadAsGet}, {@link TimeFastPath}).
 */
public final class JettyTransport {
    private JettyTransport() {
    }

    /**
     * @param pooledBuffers the connector's buffers from Jetty's pool instead of per use (the keep-alive benchmark only)
     * @param hostClock     paces the log line about unreadable requests
     * @param timeAnswer    the body of one {@code GET /time} answer
     */
    public static void configure(JavalinConfig cfg, boolean pooledBuffers, Metrics metrics, Clock hostClock,
                                 Supplier<byte[]> timeAnswer) {
        // Jetty caches header fields per connection, matched ignoring case by default: after
        // "Authorization: Bearer tok", a later "Bearer TOK" on that connection would read as "Bearer tok".
        cfg.jetty.modifyHttpConfiguration(http -> {
            http.setHeaderCacheCaseSensitive(true);
            // the connector's buffers are allocated per use (UnpooledConnector): on the heap that is a pointer
            // bump; a direct buffer per request costs a system call and a Cleaner, and showed in /time's p99
            http.setUseInputDirectByteBuffers(false);
            http.setUseOutputDirectByteBuffers(false);
        });
        ByteBufferPool buffers = pooledBuffers ? new ArrayByteBufferPool() : ByteBufferPool.NON_POOLING;
        // read when the server starts, after start(host, port) has set them
        cfg.jetty.addConnector((server, http) -> UnpooledConnector.create(server, http, cfg.jetty.host, cfg.jetty.port, buffers));
        cfg.jetty.modifyServer(server -> {
            server.setErrorHandler(new JettyErrors(metrics, hostClock));
            server.setHandler(new HeadAsGet(new TimeFastPath(timeAnswer, server.getHandler())));
        });
    }
}
