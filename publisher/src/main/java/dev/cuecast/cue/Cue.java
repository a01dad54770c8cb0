package dev.cuecast.cue;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One cue: from {@code effective_at} (server epoch ms) the phones in {@code zone} (all when absent)
 * show {@code mode}. Fields a mode does not use must be absent, so a typo cannot hide.
 *
 * @param periodMs strobe/pulse/wave cycle length; at least {@link Limits#MIN_FLASH_PERIOD_MS} (2 Hz)
 * @param span     wave only: seats per wavelength (seat s lags by (s mod span) / span of a period)
 * @param steps    sequence only: colours at offsets from effective_at, strictly increasing
 */
@JsonPropertyOrder({"effective_at", "mode", "color", "period_ms", "span", "steps", "zone", "winners"})
public record Cue(long effectiveAt, Mode mode, String color, Integer periodMs, Integer span,
                  List<Step> steps, Zone zone, Winners winners) {

    public Cue {
        Limits.require(mode != null, "mode is required: off, solid, strobe, pulse, wave or sequence");
        Limits.require(effectiveAt > 0 && effectiveAt <= Limits.MAX_SAFE_INTEGER, "effective_at must be epoch milliseconds, got " + effectiveAt);
        String m = mode.wireName();
        if (mode == Mode.OFF || mode == Mode.SEQUENCE) {
            Limits.require(color == null, m + " takes no color" + (mode == Mode.SEQUENCE ? " (each step has one)" : ""));
        } else {
            color = Limits.color("color", color);
        }
        if (mode.periodic()) {
            Limits.require(periodMs != null, m + " needs period_ms (at least " + Limits.MIN_FLASH_PERIOD_MS + ")");
            Limits.require(periodMs >= Limits.MIN_FLASH_PERIOD_MS,
                    "period_ms " + periodMs + " would flash above 3 Hz once restarted; use at least " + Limits.MIN_FLASH_PERIOD_MS
                            + " (1.67 flashes a second, leaving room under the 3-a-second limit for a restart)");
            Limits.require(periodMs <= Limits.MAX_PERIOD_MS,
                    "period_ms must be at most " + Limits.MAX_PERIOD_MS + ", got " + periodMs);
        } else {
            Limits.require(periodMs == null, m + " takes no period_ms");
        }
        if (mode == Mode.WAVE) {
            Limits.require(span != null && span >= 1 && span <= Limits.MAX_SEATS,
                    "wave needs span: seats per wavelength between 1 and " + Limits.MAX_SEATS);
        } else {
            Limits.require(span == null, m + " takes no span (wave only)");
        }
        if (mode == Mode.SEQUENCE) {
            Limits.require(steps != null && !steps.isEmpty(), "sequence needs steps: [{\"offset_ms\":0,\"color\":\"#FF0000\"}, ...]");
            Limits.require(steps.size() <= Limits.MAX_STEPS,
                    "sequence has " + steps.size() + " steps; at most " + Limits.MAX_STEPS);
            for (int i = 1; i < steps.size(); i++) {
                long gap = steps.get(i).offsetMs() - steps.get(i - 1).offsetMs();
                Limits.require(gap >= Limits.MIN_STEP_GAP_MS,
                        "steps[" + i + "] comes " + gap + " ms after the previous step; steps must increase by at least "
                                + Limits.MIN_STEP_GAP_MS + " ms (no flashing above 3 Hz)");
            }
            steps = List.copyOf(steps);
        } else {
            Limits.require(steps == null, m + " takes no steps (sequence only)");
        }
        Limits.require(winners == null || mode != Mode.OFF, "off takes no winners");
    }

    /** True when this cue applies to every seat. */
    public boolean everywhere() {
        return zone == null;
    }

    public static Cue off(long effectiveAt) {
        return new Cue(effectiveAt, Mode.OFF, null, null, null, null, null, null);
    }

    public static Cue solid(long effectiveAt, String color) {
        return new Cue(effectiveAt, Mode.SOLID, color, null, null, null, null, null);
    }
}
