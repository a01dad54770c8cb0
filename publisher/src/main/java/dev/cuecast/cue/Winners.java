package dev.cuecast.cue;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * Seats that show {@code color} instead of the cue, in whichever of two encodings is smaller (vectors in
 * testdata/winners-encoding.json): {@code bits}, a bitset where bit i is seat i (byte i >> 3, mask 1 << (i & 7)),
 * base64url without padding; or {@code list}, the winning seats in increasing order. Exactly one is present. A few
 * winners among many seats take a few hundred bytes as a list instead of seats / 6 bytes as a bitset.
 */
@JsonPropertyOrder({"draw", "seats", "bits", "list", "color"})
public record Winners(String draw, int seats, String bits, List<Integer> list, String color) {
    /** What a draw id looks like; the control API checks ids it is asked about with the same pattern. */
    public static final java.util.regex.Pattern DRAW_ID = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public Winners {
        Limits.require(draw != null && DRAW_ID.matcher(draw).matches(),
                "winners.draw must be a draw id such as \"d7\", got \"" + draw + "\"");
        Limits.require(seats >= 1 && seats <= Limits.MAX_SEATS,
                "winners.seats must be between 1 and " + Limits.MAX_SEATS + ", got " + seats);
        Limits.require((bits == null) != (list == null), "winners needs exactly one of bits and list");
        if (bits != null) {
            Limits.require(bits.matches("[A-Za-z0-9_-]*"), "winners.bits must be base64url without padding");
            Limits.require(WinnersBitset.decodedLength(bits) == (seats + 7) / 8,
                    "winners.bits must encode exactly " + ((seats + 7) / 8) + " bytes for " + seats + " seats");
        } else {
            list = List.copyOf(list);
            for (int i = 0; i < list.size(); i++) {
                int seat = list.get(i);
                Limits.require(seat >= 0 && seat < seats, "winners.list seat " + seat + " is outside 0.." + (seats - 1));
                Limits.require(i == 0 || seat > list.get(i - 1), "winners.list must be strictly increasing");
            }
        }
        color = Limits.color("winners.color", color);
    }

    /** Winners as a bitset (the draw's own record). */
    public Winners(String draw, int seats, String bits, String color) {
        this(draw, seats, bits, null, color);
    }

    /** Winners in the smaller of the two encodings. */
    public static Winners compact(String draw, int seats, Collection<Integer> winners, String color) {
        List<Integer> sorted = List.copyOf(new TreeSet<>(winners));
        long listChars = 2 + Math.max(0, sorted.size() - 1); // brackets and commas
        for (int seat : sorted) {
            listChars += Integer.toString(seat).length();
        }
        long bitsChars = 2 + ((seats + 7) / 8 * 4L + 2) / 3; // quotes and base64 without padding
        return listChars < bitsChars
                ? new Winners(draw, seats, null, sorted, color)
                : new Winners(draw, seats, WinnersBitset.encode(seats, sorted), null, color);
    }

    /** Re-encodes a bitset in the smaller of the two encodings. */
    public static Winners compact(String draw, int seats, String bits, String color) {
        List<Integer> seatsWon = WinnersBitset.decode(bits).stream().boxed().toList();
        return compact(draw, seats, seatsWon, color);
    }

    public boolean isWinner(int seat) {
        return bits != null ? WinnersBitset.isWinner(bits, seat) : Collections.binarySearch(list, seat) >= 0;
    }
}
