package dev.cuecast.api.operations;

import dev.cuecast.publish.CachePolicy;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code GET /time}: {@code {"t":<server epoch ms with microsecond fraction>}}, never cached. Phones sync their
 * clocks against it, so it is sub-millisecond and monotonic: wall time is anchored once and advanced with
 * {@code System.nanoTime()}. It re-anchors only when it drifts more than {@link #MAX_DRIFT_MS} from the clock the
 * publisher stamps {@code effective_at} with, so phones and cues keep one time base even if the OS clock steps.
 */
public final class TimeEndpoint {
    public static final long MAX_DRIFT_MS = 2;
    private static final byte[] PREFIX = "{\"t\":".getBytes(StandardCharsets.US_ASCII);

    private record Anchor(long epochNanos, long monoNanos) {
    }

    private final Clock clock;
    private final Metrics metrics;
    private volatile Anchor anchor;

    public TimeEndpoint(Clock clock, Metrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
        this.anchor = anchorNow();
    }

    public void handle(Context ctx) {
        ctx.header("Cache-Control", CachePolicy.NO_STORE.header()).contentType("application/json").result(answer());
    }

    /** The response body for one request, counted. */
    public byte[] answer() {
        metrics.timeRequest();
        return body(nowEpochNanos());
    }

    long nowEpochNanos() {
        Anchor a = anchor;
        long epochNanos = a.epochNanos() + (System.nanoTime() - a.monoNanos());
        if (Math.abs(epochNanos / 1_000_000 - clock.millis()) > MAX_DRIFT_MS) {
            a = anchorNow();
            anchor = a;
            epochNanos = a.epochNanos();
        }
        return epochNanos;
    }

    private Anchor anchorNow() {
        Instant now = clock.instant();
        return new Anchor(now.getEpochSecond() * 1_000_000_000L + now.getNano(), System.nanoTime());
    }

    /** {"t":<ms>.<3 digits>} written straight into one small array: no string formatting on this hot path. */
    static byte[] body(long epochNanos) {
        long ms = epochNanos / 1_000_000;
        int micros = (int) (epochNanos % 1_000_000 / 1_000);
        int msDigits = 1;
        for (long m = ms; m >= 10; m /= 10) {
            msDigits++;
        }
        byte[] out = new byte[PREFIX.length + msDigits + 5];
        System.arraycopy(PREFIX, 0, out, 0, PREFIX.length);
        int end = PREFIX.length + msDigits;
        for (int i = end - 1; i >= PREFIX.length; i--, ms /= 10) {
            out[i] = (byte) ('0' + ms % 10);
        }
        out[end] = '.';
        out[end + 1] = (byte) ('0' + micros / 100);
        out[end + 2] = (byte) ('0' + micros / 10 % 10);
        out[end + 3] = (byte) ('0' + micros % 10);
        out[end + 4] = '}';
        return out;
    }
}
