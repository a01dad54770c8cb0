package dev.cuecast.api;

import java.nio.file.Path;

/**
 * @param operatorToken   bearer token every {@code /api} request must carry
 * @param maxRequestBytes bodies above this are refused with 413
 * @param pwaDir          serve the PWA from this directory instead of the jar (development); may be null
 * @param publicUrl       the spectator URL printed on seat QR codes; null means this server's own address
 * @param idempotencyKeys how many Idempotency-Key answers are remembered
 * @param maxLoginFailures wrong tokens one client address may send per minute before it is answered 429
 */
public record ApiConfig(String operatorToken, long maxRequestBytes, Path pwaDir, String publicUrl, int idempotencyKeys,
                        int maxLoginFailures) {
    public static final long DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;
    public static final int DEFAULT_IDEMPOTENCY_KEYS = 1_000;
    public static final int DEFAULT_MAX_LOGIN_FAILURES = 10;

    public ApiConfig {
        if (operatorToken == null || operatorToken.isBlank()) {
            throw new IllegalArgumentException("an operator token is required");
        }
        if (maxLoginFailures < 1) {
            throw new IllegalArgumentException("maxLoginFailures must be at least 1");
        }
        if (publicUrl != null && !publicUrl.endsWith("/")) {
            publicUrl = publicUrl + "/";
        }
    }

    public ApiConfig(String operatorToken, long maxRequestBytes, Path pwaDir, String publicUrl, int idempotencyKeys) {
        this(operatorToken, maxRequestBytes, pwaDir, publicUrl, idempotencyKeys, DEFAULT_MAX_LOGIN_FAILURES);
    }

    public ApiConfig withMaxLoginFailures(int max) {
        return new ApiConfig(operatorToken, maxRequestBytes, pwaDir, publicUrl, idempotencyKeys, max);
    }

    public static ApiConfig of(String operatorToken) {
        return new ApiConfig(operatorToken, DEFAULT_MAX_REQUEST_BYTES, null, null, DEFAULT_IDEMPOTENCY_KEYS);
    }
}
