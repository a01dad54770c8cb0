package dev.cuecast.api.transport;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The server's one HTTP/1.1 connector, built like Javalin's default one except for its buffers: by default they
 * come from {@link ByteBufferPool#NON_POOLING}, allocated per use and never reused.
 *
 * <p>Why: Jetty 12.1's {@code HttpConnection} (12.1.12 and 12.1.14 alike) sometimes releases its request buffer twice
 * (Jetty itself reports {@code IllegalStateException: already released} from {@code onFillable}; seen about once in
 * a million hostile requests). With pooled buffers the second release can return a buffer that the pool has already
 * handed out again, so two owners share it and bytes already handled are parsed again: about one kept-alive request
 * in 200,000 was answered twice (a GO published twice, or one request's head read as another's body). No framing
 * trick is needed: the requests involved were well-formed, and it struck the first request on a fresh connection
 * too. With unpooled buffers a released buffer is never handed out again, so the second release can only throw,
 * on a connection Jetty is closing anyway. {@code scripts/bench keepalive} measures both side by side
 * (bench/keepalive.md). The price is an allocation of the input and header buffers per request, on the heap
 * (ControlApi turns direct buffers off): {@code GET /time} still answers 83,000-92,000 req/s at a p99 of about 2 ms (5 runs)
 * (bench/api.md).
 */
final class UnpooledConnector {
    private UnpooledConnector() {
    }

    /** A connector on {@code host}:{@code port} (0: any free port) whose buffers come from {@code buffers}. */
    static ServerConnector create(Server server, HttpConfiguration http, String host, int port, ByteBufferPool buffers) {
        ServerConnector connector = new ServerConnector(server, null, null, buffers, -1, -1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}
