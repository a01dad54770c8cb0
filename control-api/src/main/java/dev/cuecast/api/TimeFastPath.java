package dev.cuecast.api;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers {@code GET /time} in front of the servlet stack: phones sync against it in bursts, so it skips
 * sessions, servlet dispatch and routing. Everything else (and any other method on /time) goes to Javalin.
 */
final class TimeFastPath extends Handler.Wrapper {
    private static final HttpField NO_STORE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");
    private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");

    private final TimeEndpoint time;

    TimeFastPath(TimeEndpoint time, Handler next) {
        super(next);
        this.time = time;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!"/time".equals(request.getHttpURI().getPath()) || !"GET".equals(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        byte[] body = time.answer();
        response.setStatus(200);
        response.getHeaders().add(NO_STORE);
        response.getHeaders().add(JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
