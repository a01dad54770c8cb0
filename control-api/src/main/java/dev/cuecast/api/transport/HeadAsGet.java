package dev.cuecast.api.transport;

import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code HEAD} runs exactly what {@code GET} runs, so it carries the same status and headers (Cache-Control, ETag,
 * Content-Type, Content-Length) on every path: CDNs, monitors and {@code curl -I} rely on them. Jetty still sends
 * no body, because the connection knows the request was a HEAD.
 */
final class HeadAsGet extends Handler.Wrapper {
    HeadAsGet(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.HEAD.is(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        Request asGet = new Request.Wrapper(request) {
            @Override
            public String getMethod() {
                return HttpMethod.GET.asString();
            }
        };
        return super.handle(asGet, response, callback);
    }
}
