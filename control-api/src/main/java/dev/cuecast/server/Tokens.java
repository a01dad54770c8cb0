package dev.cuecast.server;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The server's bearer tokens as the environment gives them: the operator's, generated when unset, and the optional
 * read-only staff token, never generated (unset: no staff access).
 *
 * @param operator  the operator token
 * @param generated whether {@code operator} was generated here, so the banner prints it
 * @param staff     the staff token, or null
 */
record Tokens(String operator, boolean generated, String staff) {
    /** Shorter tokens can be guessed from the spectators' Wi-Fi; a generated one has 32 characters. */
    static final int MIN_LENGTH = 20;

    /** @throws IllegalArgumentException naming the variable to fix */
    static Tokens read(String operatorValue, String staffValue) {
        boolean generated = blank(operatorValue);
        String operator = generated ? generate() : checked(operatorValue, "operator", "CUECAST_OPERATOR_TOKEN");
        String staff = blank(staffValue) ? null : checked(staffValue, "staff", "CUECAST_STAFF_TOKEN");
        if (operator.equals(staff)) {
            throw new IllegalArgumentException("the staff token (CUECAST_STAFF_TOKEN) is the operator token: give staff "
                    + "a token of their own, which can only read");
        }
        return new Tokens(operator, generated, staff);
    }

    private static String checked(String value, String whose, String variable) {
        String token = value.strip();
        if (token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the " + whose + " token (" + variable + ") has " + token.length()
                    + " characters; use at least " + MIN_LENGTH + " (e.g. openssl rand -base64 24)"
                    + (whose.equals("operator") ? ", or leave it unset to have one generated" : ""));
        }
        return token;
    }

    private static String generate() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
