package dev.cuecast.cue;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Seats that show {@code color} instead of the cue: bit i of {@code bits} is seat i
 * (byte i >> 3, mask 1 << (i & 7)), base64url without padding.
 */
@JsonPropertyOrder({"draw", "seats", "bits", "color"})
public record Winners(String draw, int seats, String bits, String color) {
    /** What a draw id looks like; the control API checks ids it is asked about with the same pattern. */
    public static final java.util.regex.Pattern DRAW_ID = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public Winners {
        Limits.require(draw != null && DRAW_ID.matcher(draw).matches(),
                "winners.draw must be a draw id such as \"d7\", got \"" + draw + "\"");
        Limits.require(seats >= 1 && seats <= Limits.MAX_SEATS,
                "winners.seats must be between 1 and " + Limits.MAX_SEATS + ", got " + seats);
        Limits.require(bits != null && bits.matches("[A-Za-z0-9_-]*"),
                "winners.bits must be base64url without padding");
        Limits.require(WinnersBitset.decodedLength(bits) == (seats + 7) / 8,
                "winners.bits must encode exactly " + ((seats + 7) / 8) + " bytes for " + seats + " seats");
        color = Limits.color("winners.color", color);
    }
}
