package dev.cuecast.api.transport;

import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers {@code GET /time} in front of the servlet stack: phones sync against it in bursts, so it skips
 * sessions, servlet dispatch and routing. Everything else (any other method on /time, and a GET that carries a
 * body) goes to Javalin.
 */
final class TimeFastPath extends Handler.Wrapper {
    private static final HttpField NO_STORE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");
    private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");

    private final Supplier<byte[]> time;

    /** @param time the body of one answer (counted by whoever makes it) */
    TimeFastPath(Supplier<byte[]> time, Handler next) {
        super(next);
        this.time = time;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!"/time".equals(request.getHttpURI().getPath()) || !"GET".equals(request.getMethod()) || hasBody(request)) {
            return super.handle(request, response, callback);
        }
        byte[] body = time.get();
        response.setStatus(200);
        response.getHeaders().add(NO_STORE);
        response.getHeaders().add(JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /**
     * A GET with a body (nobody's phone sends one) goes the slow way, where the body is read to its end after the
     * answer: answered here unread, Jetty would close the kept-alive connection if the body was still on its way,
     * and the next request on it would get no answer.
     */
    private static boolean hasBody(Request request) {
        return request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) > 0
                || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }
}
