package dev.cuecast.api;

import java.nio.file.Path;

/**
 * @param operatorToken   bearer token every {@code /api} request must carry
 * @param maxRequestBytes bodies above this are refused with 413
 * @param pwaDir          serve the PWA from this directory instead of the jar (development); may be null
 * @param publicUrl       the spectator URL printed on seat QR codes; null means this server's own address
 * @param idempotencyKeys how many Idempotency-Key answers are remembered
 * @param maxLoginFailures different wrong tokens one client address may send per minute before its wrong tokens are
 *                         answered 429 (the right token always passes)
 * @param maxGlobalLoginFailures the same budget for all addresses together, so a guesser spread over many addresses
 *                               is throttled too
 * @param station         which operator station this is (main, or a hot standby on the same store)
 */
public record ApiConfig(String operatorToken, long maxRequestBytes, Path pwaDir, String publicUrl, int idempotencyKeys,
                        int maxLoginFailures, int maxGlobalLoginFailures, Station station) {
    public static final long DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;
    public static final int DEFAULT_IDEMPOTENCY_KEYS = 1_000;
    public static final int DEFAULT_MAX_LOGIN_FAILURES = 10;
    public static final int DEFAULT_MAX_GLOBAL_LOGIN_FAILURES = 100;

    public ApiConfig {
        if (operatorToken == null || operatorToken.isBlank()) {
            throw new IllegalArgumentException("an operator token is required");
        }
        if (maxLoginFailures < 1 || maxGlobalLoginFailures < 1) {
            throw new IllegalArgumentException("maxLoginFailures and maxGlobalLoginFailures must be at least 1");
        }
        if (station == null) {
            throw new IllegalArgumentException("a station is required (Station.MAIN by default)");
        }
        if (publicUrl != null && !publicUrl.endsWith("/")) {
            publicUrl = publicUrl + "/";
        }
    }

    public ApiConfig(String operatorToken, long maxRequestBytes, Path pwaDir, String publicUrl, int idempotencyKeys) {
        this(operatorToken, maxRequestBytes, pwaDir, publicUrl, idempotencyKeys, DEFAULT_MAX_LOGIN_FAILURES,
                DEFAULT_MAX_GLOBAL_LOGIN_FAILURES, Station.MAIN);
    }

    /** Per address and overall. */
    public ApiConfig withMaxLoginFailures(int perAddress, int overall) {
        return new ApiConfig(operatorToken, maxRequestBytes, pwaDir, publicUrl, idempotencyKeys, perAddress, overall, station);
    }

    public ApiConfig withStation(Station station) {
        return new ApiConfig(operatorToken, maxRequestBytes, pwaDir, publicUrl, idempotencyKeys, maxLoginFailures,
                maxGlobalLoginFailures, station);
    }

    public static ApiConfig of(String operatorToken) {
        return new ApiConfig(operatorToken, DEFAULT_MAX_REQUEST_BYTES, null, null, DEFAULT_IDEMPOTENCY_KEYS);
    }
}
