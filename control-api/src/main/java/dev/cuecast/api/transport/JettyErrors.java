package dev.cuecast.api.transport;

import dev.cuecast.api.http.ApiError;
import dev.cuecast.api.http.ErrorBody;
import dev.cuecast.api.operations.Metrics;
import dev.cuecast.json.CanonicalJson;
import java.nio.ByteBuffer;
import java.time.Clock;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests Jetty refuses before Javalin sees them (an undecodable URI, a bad authority, oversized headers) get the
 * API's JSON error shape too, instead of Jetty's HTML page. They are client input: each is counted in /metrics,
 * and the log gets at most one summary line per {@link #LOG_EVERY_MS} (a hostile client must not be able to grow
 * the log by one line per request); a 5xx from Jetty itself is logged every time.
 */
final class JettyErrors extends ErrorHandler {
    static final long LOG_EVERY_MS = 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(JettyErrors.class);
    private static final int MAX_LOGGED_REASON = 200;

    private final CanonicalJson json = new CanonicalJson();
    private final Metrics metrics;
    private final Clock clock;
    private long lastLoggedAt = Long.MIN_VALUE;
    private long unlogged;

    JettyErrors(Metrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
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
        log(code, message);
        return json.write(new ErrorBody(error, "the server could not read this request (" + code
                + (message == null ? "" : ": " + message) + "); check the URL and headers"));
    }

    private void log(int code, String message) {
        String reason = code + (message == null ? "" : " " + printable(message));
        if (code >= 500) {
            LOG.error("Jetty failed a request: {}", reason);
            return;
        }
        long count;
        synchronized (this) {
            unlogged++;
            long now = clock.millis();
            if (lastLoggedAt != Long.MIN_VALUE && now - lastLoggedAt < LOG_EVERY_MS) {
                return;
            }
            lastLoggedAt = now;
            count = unlogged;
            unlogged = 0;
        }
        LOG.warn("refused {} unreadable request(s) since the last such line (at most one line a minute; all counted "
                + "in /metrics as bad_request or headers_too_large), latest: {}", count, reason);
    }

    /** The reason may quote the request: no control characters, bounded length. */
    private static String printable(String s) {
        String cleaned = s.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return cleaned.length() > MAX_LOGGED_REASON ? cleaned.substring(0, MAX_LOGGED_REASON) + "..." : cleaned;
    }
}
