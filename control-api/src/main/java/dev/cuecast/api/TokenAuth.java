package dev.cuecast.api;

import dev.cuecast.api.http.ApiError;
import dev.cuecast.api.http.ApiException;
import dev.cuecast.api.http.Requests;
import dev.cuecast.api.operations.Metrics;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every {@code /api} request (and the QR sheet) carries a token: the operator's, or the read-only staff token when one
 * is configured; both compared in constant time on fixed-length digests. The staff token may call only the routes
 * tagged {@link Role#STAFF} (a winner's seat, what is live, the history, the clock, the coverage); anything else,
 * every write included, is answered 403. <b>A right token always passes</b>, BLACKOUT included, whatever came before
 * from its address: the operator shares that address with every spectator behind the venue's NAT or TLS proxy, and any
 * of them could otherwise lock the show out with a few wrong tokens.
 *
 * <p>Wrong tokens are throttled: after {@code maxPerAddress} different wrong tokens from one address in
 * {@link #WINDOW_MS}, or {@code maxOverall} from all addresses together (a guesser spread over many addresses), a
 * wrong token is answered 429 with Retry-After instead of 401, and counted in {@code /metrics}
 * ({@code cuecast_auth_throttled_total{scope="address"|"global"}}). A throttle that lets the right token through
 * cannot hide a right guess: what stops a guesser is the token's length (at least 20 characters; a generated one
 * has 192 random bits); the throttle slows a guesser that honours Retry-After and makes a guessing attack visible.
 * A request with no token, or the same wrong token again (a page still polling with a stale one), is no new guess.
 */
final class TokenAuth {
    static final long WINDOW_MS = 60_000;
    private static final int MAX_ADDRESSES = 10_000;

    /**
     * What a request's token came to: passed as {@code role}, refused (401, role null), or refused and throttled (429
     * after {@code retryAfterMs}).
     */
    record Verdict(Role role, long retryAfterMs, String scope) {
        static final Verdict OPERATOR = new Verdict(Role.OPERATOR, 0, null);
        static final Verdict STAFF = new Verdict(Role.STAFF, 0, null);
        static final Verdict WRONG = new Verdict(null, 0, null);

        boolean passes() {
            return role != null;
        }

        boolean throttled() {
            return retryAfterMs > 0;
        }
    }

    private record Failure(long at, long guess) {
    }

    private final byte[] operatorDigest;
    /** Null when no staff token is configured: then no token is the staff's. */
    private final byte[] staffDigest;
    private final Clock clock;
    private final int maxPerAddress;
    private final int maxOverall;
    private final Metrics metrics;
    private final Map<String, Deque<Failure>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Failure>> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };
    /** Times of the new wrong guesses from every address in the window (at most {@code maxOverall}). */
    private final Deque<Long> overall = new ArrayDeque<>();

    /** @param staffToken the read-only staff token; null for none */
    TokenAuth(String operatorToken, String staffToken, Clock clock, int maxPerAddress, int maxOverall, Metrics metrics) {
        this.operatorDigest = digest(operatorToken);
        this.staffDigest = staffToken == null ? null : digest(staffToken);
        this.clock = clock;
        this.maxPerAddress = maxPerAddress;
        this.maxOverall = maxOverall;
        this.metrics = metrics;
    }

    void authorize(Context ctx) {
        Verdict verdict = check(ctx.req().getRemoteAddr(), ctx.header("Authorization"), clock.millis());
        if (verdict.role() == Role.OPERATOR || verdict.role() == Role.STAFF && ctx.routeRoles().contains(Role.STAFF)) {
            return;
        }
        if (verdict.role() == Role.STAFF) {
            throw new ApiException(ApiError.FORBIDDEN, "the staff token is read-only: it may check a winner's seat and "
                    + "read what is live, the history, the clock and the coverage; " + ctx.method() + " " + ctx.path()
                    + " needs the operator token");
        }
        if (verdict.throttled()) {
            metrics.loginThrottled(verdict.scope());
            long seconds = (verdict.retryAfterMs() + 999) / 1000;
            ctx.header("Retry-After", String.valueOf(seconds));
            throw new ApiException(ApiError.TOO_MANY_REQUESTS, "wrong operator token, and too many wrong tokens "
                    + ("global".equals(verdict.scope()) ? "reached this server" : "came from this address")
                    + " in the last minute; wait " + seconds + " s before guessing again. The right token is always "
                    + "accepted: send it as \"Authorization: Bearer <token>\"");
        }
        ctx.header("WWW-Authenticate", "Bearer");
        throw new ApiException(ApiError.UNAUTHORIZED,
                "send the operator token as \"Authorization: Bearer <token>\" (printed when the server starts)");
    }

    /** The verdict on one request's Authorization header from {@code address} at {@code now}: pure but for the counts. */
    Verdict check(String address, String header, long now) {
        Role role = role(header);
        if (role != null) {
            // before any throttle: nobody else's guesses can keep the operator (or the staff) out
            return role == Role.OPERATOR ? Verdict.OPERATOR : Verdict.STAFF;
        }
        boolean guess = header != null && !header.isBlank() && !header.strip().equalsIgnoreCase("Bearer");
        synchronized (failures) {
            Deque<Failure> mine = failures.get(address);
            expire(mine, now);
            while (!overall.isEmpty() && overall.peekFirst() <= now - WINDOW_MS) {
                overall.pollFirst();
            }
            long g = guess ? guess(header) : 0;
            boolean repeated = mine != null && mine.stream().anyMatch(f -> f.guess() == g);
            if (mine != null && mine.size() >= maxPerAddress) {
                return new Verdict(null, mine.peekFirst().at() + WINDOW_MS - now, "address");
            }
            if (guess && !repeated && overall.size() >= maxOverall) {
                return new Verdict(null, overall.peekFirst() + WINDOW_MS - now, "global");
            }
            if (guess && !repeated) {
                failures.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(new Failure(now, g));
                overall.addLast(now);
            }
            if (mine != null && mine.isEmpty()) {
                failures.remove(address);
            }
            return Verdict.WRONG;
        }
    }

    /** Whose token {@code header} carries, or null for none of them. Both digests are compared every time. */
    Role role(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        byte[] sent = digest(header.substring(7).trim());
        boolean operator = MessageDigest.isEqual(operatorDigest, sent);
        boolean staff = staffDigest != null && MessageDigest.isEqual(staffDigest, sent);
        return operator ? Role.OPERATOR : staff ? Role.STAFF : null;
    }

    private static byte[] digest(String token) {
        return Requests.sha256(token.getBytes(StandardCharsets.UTF_8));
    }

    private static void expire(Deque<Failure> times, long now) {
        while (times != null && !times.isEmpty() && times.peekFirst().at() <= now - WINDOW_MS) {
            times.pollFirst();
        }
    }

    private static long guess(String header) {
        byte[] d = Requests.sha256(header.getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (d[i] & 0xff);
        }
        return v;
    }
}
