package dev.cuecast.cue;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One step of a {@code sequence}: from {@code offset_ms} after the cue's effective_at, show {@code color}. */
@JsonPropertyOrder({"offset_ms", "color"})
public record Step(long offsetMs, String color) {
    public Step {
        Limits.require(offsetMs >= 0 && offsetMs <= 86_400_000L,
                "steps[].offset_ms must be between 0 and 86400000, got " + offsetMs);
        color = Limits.color("steps[].color", color);
    }
}
