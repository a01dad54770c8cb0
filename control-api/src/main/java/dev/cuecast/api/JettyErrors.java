package dev.cuecast.api;

import dev.cuecast.json.CanonicalJson;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Requests Jetty refuses before Javalin sees them (an undecodable URI, oversized headers) get the API's JSON
 * error shape too, instead of Jetty's HTML page.
 */
final class JettyErrors extends ErrorHandler {
    private final CanonicalJson json = new CanonicalJson();
    private final Metrics metrics;

    JettyErrors(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        // Jetty drops the connection after refusing a request it could not parse: say so, so clients do not reuse it
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(HttpHeader.CONNECTION, "close");
        return ByteBuffer.wrap(body(status, reason));
    }

    private byte[] body(int code, String message) {
        String error = (code == 431 ? ApiError.HEADERS_TOO_LARGE : code >= 500 ? ApiError.INTERNAL : ApiError.BAD_REQUEST).code();
        metrics.error(error);
        return json.write(new ErrorBody(error, "the server could not read this request (" + code
                + (message == null ? "" : ": " + message) + "); check the URL and headers"));
    }
}
