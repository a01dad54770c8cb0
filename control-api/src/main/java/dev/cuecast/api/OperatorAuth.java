package dev.cuecast.api;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every {@code /api} request (and the QR sheet) carries the operator token, compared in constant time on
 * fixed-length digests. Failed logins are throttled per client address: after {@code maxFailures} different wrong
 * tokens in {@link #WINDOW_MS}, every request from that address is answered 429 with Retry-After until the window frees,
 * the right token included (otherwise the throttle would still tell a guesser when it guessed right). A request
 * with no token, or the same wrong token again (a page still polling with a stale one), is no new guess.
 */
final class OperatorAuth {
    static final long WINDOW_MS = 60_000;
    private static final int MAX_ADDRESSES = 10_000;

    private final byte[] tokenDigest;
    private final Clock clock;
    private final int maxFailures;
    private record Failure(long at, long guess) {
    }

    private final Map<String, Deque<Failure>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Failure>> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    OperatorAuth(String operatorToken, Clock clock, int maxFailures) {
        this.tokenDigest = Requests.sha256(operatorToken.getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
        this.maxFailures = maxFailures;
    }

    void authorize(Context ctx) {
        String address = ctx.req().getRemoteAddr();
        long now = clock.millis();
        long retryAfterMs = throttled(address, now);
        if (retryAfterMs > 0) {
            ctx.header("Retry-After", String.valueOf((retryAfterMs + 999) / 1000));
            throw new ApiException(ApiError.TOO_MANY_REQUESTS, "too many failed logins from this address; wait "
                    + (retryAfterMs + 999) / 1000 + " s, then send the right operator token");
        }
        String header = ctx.header("Authorization");
        if (!accepts(header)) {
            if (header != null && !header.isBlank() && !header.strip().equalsIgnoreCase("Bearer")) {
                fail(address, now, guess(header));
            }
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(ApiError.UNAUTHORIZED,
                    "send the operator token as \"Authorization: Bearer <token>\" (printed when the server starts)");
        }
    }

    boolean accepts(String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(tokenDigest, Requests.sha256(header.substring(7).trim().getBytes(StandardCharsets.UTF_8)));
    }

    private static long guess(String header) {
        byte[] d = Requests.sha256(header.getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (d[i] & 0xff);
        }
        return v;
    }

    /** Milliseconds until this address may try again; 0 when it is not throttled. */
    private long throttled(String address, long now) {
        synchronized (failures) {
            Deque<Failure> times = failures.get(address);
            if (times == null) {
                return 0;
            }
            while (!times.isEmpty() && times.peekFirst().at() <= now - WINDOW_MS) {
                times.pollFirst();
            }
            if (times.isEmpty()) {
                failures.remove(address);
                return 0;
            }
            return times.size() >= maxFailures ? times.peekFirst().at() + WINDOW_MS - now : 0;
        }
    }

    private void fail(String address, long now, long guess) {
        synchronized (failures) {
            Deque<Failure> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
            if (times.stream().anyMatch(f -> f.guess() == guess)) {
                return;
            }
            times.addLast(new Failure(now, guess));
            while (times.size() > maxFailures) {
                times.pollFirst();
            }
        }
    }
}
