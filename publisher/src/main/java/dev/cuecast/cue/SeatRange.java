package dev.cuecast.cue;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Inclusive seat range, on the wire as {@code [first,last]}. */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"first", "last"})
public record SeatRange(int first, int last) {
    public SeatRange {
        Limits.require(first >= 0 && last >= first && last < Limits.MAX_SEATS,
                "zone seat range [" + first + "," + last + "] must satisfy 0 <= first <= last < " + Limits.MAX_SEATS);
    }

    public boolean contains(int seat) {
        return seat >= first && seat <= last;
    }
}
