package dev.cuecast.api;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Every {@code /api} request carries the operator token; compared in constant time on fixed-length digests. */
final class OperatorAuth {
    private final byte[] tokenDigest;

    OperatorAuth(String operatorToken) {
        this.tokenDigest = Requests.sha256(operatorToken.getBytes(StandardCharsets.UTF_8));
    }

    void authorize(Context ctx) {
        if (!accepts(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(ApiError.UNAUTHORIZED,
                    "send the operator token as \"Authorization: Bearer <token>\" (printed when the server starts)");
        }
    }

    boolean accepts(String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(tokenDigest, Requests.sha256(header.substring(7).trim().getBytes(StandardCharsets.UTF_8)));
    }
}
