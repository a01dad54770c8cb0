package dev.cuecast.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Limits;
import dev.cuecast.cue.Mode;
import dev.cuecast.cue.SeatRange;
import dev.cuecast.cue.Zone;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlashGuardTest {
    static final long T0 = 1_767_225_600_000L;

    static List<Cue> flicker(long start, int n, long gap, Zone zone) {
        List<Cue> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Cue(start + i * gap, i % 2 == 0 ? Mode.SOLID : Mode.OFF, i % 2 == 0 ? "#FFFFFF" : null,
                    null, null, null, zone, null));
        }
        return out;
    }

    static List<Cue> shifted(List<Cue> cues, long by) {
        return cues.stream().map(c -> FlashGuard.at(c, c.effectiveAt() + by)).toList();
    }

    @Test
    void a_timeline_is_checked_as_a_whole_and_the_earliest_start_moves_every_cue() {
        List<Cue> previous = List.of(Cue.off(T0));
        List<Cue> timeline = flicker(T0 + 5_000, 10, 100, null);
        FlashLimitException e = assertThrows(FlashLimitException.class,
                () -> FlashGuard.checkedAll(previous, timeline, T0, by -> FlashGuard.insertAll(previous, shifted(timeline, by))));
        assertEquals(List.of("[0, 999999]"), e.seats().stream().map(Arrays::toString).toList());
        assertTrue(e.getMessage().startsWith("these 10 cues would make seats 0-999999 flash"), e.getMessage());
        // Moving the whole timeline does not spread it out: no later start is offered, and the message says why.
        assertEquals(null, e.earliestEffectiveAt());
        assertTrue(e.getMessage().contains("flash too fast by themselves: spread them out"), e.getMessage());

        List<Cue> slow = flicker(T0 + 5_000, 10, 400, null);
        assertEquals(11, FlashGuard.checkedAll(previous, slow, T0, by -> FlashGuard.insertAll(previous, shifted(slow, by))).size());
    }

    @Test
    void a_zoned_timeline_that_collides_with_a_pending_one_gets_a_later_start() {
        Zone zone = new Zone(List.of(new SeatRange(10, 19)));
        List<Cue> previous = FlashGuard.insertAll(List.of(Cue.off(T0)), flicker(T0 + 5_000, 6, 200, zone));
        List<Cue> more = flicker(T0 + 6_100, 4, 200, new Zone(List.of(new SeatRange(15, 30))));
        FlashLimitException e = assertThrows(FlashLimitException.class,
                () -> FlashGuard.checkedAll(previous, more, T0, by -> FlashGuard.insertAll(previous, shifted(more, by))));
        assertEquals(List.of("[15, 19]"), e.seats().stream().map(Arrays::toString).toList());
        long shift = e.earliestEffectiveAt() - (T0 + 6_100);
        assertTrue(shift > 0, "shift " + shift);
        List<Cue> moved = shifted(more, shift);
        FlashGuard.checkedAll(previous, moved, T0, by -> FlashGuard.insertAll(previous, shifted(moved, by)));
        for (int seat : new int[] {12, 17, 25}) {
            assertTrue(FlashProbe.worstPhoneWindow(FlashGuard.insertAll(previous, moved), seat) <= Limits.MAX_FLASH_TRANSITIONS);
        }
    }
}
