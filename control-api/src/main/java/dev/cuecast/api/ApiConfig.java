package dev.cuecast.api;

import dev.cuecast.api.operations.Station;
import java.nio.file.Path;

/**
 * How the control API is configured: one immutable value, built once from the server's flags and environment, or in
 * a test from {@link #of} and the {@code with...} methods. Only the operator token has no default; without a staff
 * token there is no staff access.
 *
 * @param operatorToken          bearer token every {@code /api} request must carry
 * @param staffToken             a second, read-only token: check a winner's seat, read what is live, the history, the
 *                               clock and the coverage, never publish; null for no staff access
 * @param station                which operator station this is (main, or a hot standby on the same store)
 * @param publicUrl              the spectator URL printed on seat QR codes; null means this server's own address
 * @param pwaDir                 serve the PWA from this directory instead of the jar (development); may be null
 * @param maxRequestBytes        bodies above this are refused with 413
 * @param idempotencyKeys        how many Idempotency-Key answers are remembered
 * @param maxLoginFailures       different wrong tokens one client address may send per minute before its wrong tokens
 *                               are answered 429 (the right token always passes)
 * @param maxGlobalLoginFailures the same budget for all addresses together, so a guesser spread over many addresses
 *                               is throttled too
 * @param pooledBuffers          take the connector's buffers from Jetty's pool instead of allocating them per use;
 *                               only the keep-alive benchmark sets it, to measure the pool beside the default
 *                               (see {@code UnpooledConnector})
 */
public record ApiConfig(String operatorToken, String staffToken, Station station, String publicUrl, Path pwaDir,
                        long maxRequestBytes, int idempotencyKeys, int maxLoginFailures, int maxGlobalLoginFailures,
                        boolean pooledBuffers) {
    public static final long DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;
    public static final int DEFAULT_IDEMPOTENCY_KEYS = 1_000;
    public static final int DEFAULT_MAX_LOGIN_FAILURES = 10;
    public static final int DEFAULT_MAX_GLOBAL_LOGIN_FAILURES = 100;

    public ApiConfig {
        if (operatorToken == null || operatorToken.isBlank()) {
            throw new IllegalArgumentException("an operator token is required");
        }
        if (staffToken != null && (staffToken.isBlank() || staffToken.equals(operatorToken))) {
            throw new IllegalArgumentException("the staff token must be set and differ from the operator token");
        }
        if (station == null) {
            throw new IllegalArgumentException("a station is required (Station.MAIN by default)");
        }
        if (maxRequestBytes < 1 || idempotencyKeys < 1) {
            throw new IllegalArgumentException("maxRequestBytes and idempotencyKeys must be at least 1");
        }
        if (maxLoginFailures < 1 || maxGlobalLoginFailures < 1) {
            throw new IllegalArgumentException("maxLoginFailures and maxGlobalLoginFailures must be at least 1");
        }
        if (publicUrl != null && !publicUrl.endsWith("/")) {
            publicUrl = publicUrl + "/";
        }
    }

    /** The defaults: the main station, this server's own address on QR codes, the PWA from the jar. */
    public static ApiConfig of(String operatorToken) {
        return new ApiConfig(operatorToken, null, Station.MAIN, null, null, DEFAULT_MAX_REQUEST_BYTES,
                DEFAULT_IDEMPOTENCY_KEYS, DEFAULT_MAX_LOGIN_FAILURES, DEFAULT_MAX_GLOBAL_LOGIN_FAILURES, false);
    }

    /** A read-only staff token beside the operator's; null for none. */
    public ApiConfig withStaffToken(String staffToken) {
        return new ApiConfig(operatorToken, staffToken, station, publicUrl, pwaDir, maxRequestBytes, idempotencyKeys,
                maxLoginFailures, maxGlobalLoginFailures, pooledBuffers);
    }

    public ApiConfig withStation(Station station) {
        return new ApiConfig(operatorToken, staffToken, station, publicUrl, pwaDir, maxRequestBytes, idempotencyKeys,
                maxLoginFailures, maxGlobalLoginFailures, pooledBuffers);
    }

    public ApiConfig withPublicUrl(String publicUrl) {
        return new ApiConfig(operatorToken, staffToken, station, publicUrl, pwaDir, maxRequestBytes, idempotencyKeys,
                maxLoginFailures, maxGlobalLoginFailures, pooledBuffers);
    }

    public ApiConfig withPwaDir(Path pwaDir) {
        return new ApiConfig(operatorToken, staffToken, station, publicUrl, pwaDir, maxRequestBytes, idempotencyKeys,
                maxLoginFailures, maxGlobalLoginFailures, pooledBuffers);
    }

    public ApiConfig withMaxRequestBytes(long maxRequestBytes) {
        return new ApiConfig(operatorToken, staffToken, station, publicUrl, pwaDir, maxRequestBytes, idempotencyKeys,
                maxLoginFailures, maxGlobalLoginFailures, pooledBuffers);
    }

    public ApiConfig withIdempotencyKeys(int idempotencyKeys) {
        return new ApiConfig(operatorToken, staffToken, station, publicUrl, pwaDir, maxRequestBytes, idempotencyKeys,
                maxLoginFailures, maxGlobalLoginFailures, pooledBuffers);
    }

    /** Per address and overall. */
    public ApiConfig withMaxLoginFailures(int perAddress, int overall) {
        return new ApiConfig(operatorToken, staffToken, station, publicUrl, pwaDir, maxRequestBytes, idempotencyKeys,
                perAddress, overall, pooledBuffers);
    }

    public ApiConfig withPooledBuffers(boolean pooledBuffers) {
        return new ApiConfig(operatorToken, staffToken, station, publicUrl, pwaDir, maxRequestBytes, idempotencyKeys,
                maxLoginFailures, maxGlobalLoginFailures, pooledBuffers);
    }
}
