package dev.cuecast.cue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Inclusive seat range, on the wire as {@code [first,last]}: exactly two whole seat numbers, ordered, within
 * the seat limit. Anything else is refused, never trimmed: {@code [0,4999,20000,24999]} is two ranges written
 * as one, and cutting it to 0-4999 would light the wrong half of the stadium without a word.
 */
public record SeatRange(int first, int last) {
    public SeatRange {
        Limits.require(first >= 0 && last >= first && last < Limits.MAX_SEATS,
                "zone seat range [" + first + "," + last + "] must satisfy 0 <= first <= last < " + Limits.MAX_SEATS);
    }

    /** Reads {@code [first,last]}, saying exactly what is wrong with anything else. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static SeatRange fromWire(JsonNode pair) {
        boolean two = pair != null && pair.isArray() && pair.size() == 2;
        Limits.require(two && pair.get(0).isInt() && pair.get(1).isInt(),
                "a zone seat range must be exactly two whole seat numbers [first,last], got " + pair + hint(pair));
        return new SeatRange(pair.get(0).intValue(), pair.get(1).intValue());
    }

    private static String hint(JsonNode pair) {
        if (pair != null && pair.isArray() && pair.size() > 2 && pair.size() % 2 == 0) {
            return "; write each range as its own pair, e.g. [[" + pair.get(0) + "," + pair.get(1) + "],["
                    + pair.get(2) + "," + pair.get(3) + "]]";
        }
        return "";
    }

    @JsonValue
    int[] toWire() {
        return new int[]{first, last};
    }

    public boolean contains(int seat) {
        return seat >= first && seat <= last;
    }
}
