package dev.cuecast.flash;

import dev.cuecast.cue.InvalidCueException;
import java.util.List;

/**
 * A cue refused because some seats would see more than 3 flashes in a second. The control API renders it as
 * 422 {@code {"error":"flash_limit","message":…,"seats":[[from,to],…],"earliest_effective_at":ms}}.
 */
public final class FlashLimitException extends InvalidCueException {
    private final List<int[]> seats;
    private final Long earliestEffectiveAt;

    FlashLimitException(String message, List<int[]> seats, Long earliestEffectiveAt) {
        super(message);
        this.seats = List.copyOf(seats);
        this.earliestEffectiveAt = earliestEffectiveAt;
    }

    /** Inclusive seat ranges that would exceed the limit. */
    public List<int[]> seats() {
        return seats;
    }

    /** The earliest effective_at at which the same cue would be accepted now; null when none was found. */
    public Long earliestEffectiveAt() {
        return earliestEffectiveAt;
    }
}
