package dev.cuecast.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.InvalidCueException;
import dev.cuecast.cue.Limits;
import dev.cuecast.cue.Mode;
import dev.cuecast.cue.SeatRange;
import dev.cuecast.cue.Zone;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateBuilderTest {
    static final long T = 1_767_225_600_000L;

    static Cue solid(long at, String color) {
        return Cue.solid(at, color);
    }

    static Cue zoned(long at, String color, int first, int last) {
        return new Cue(at, Mode.SOLID, color, null, null, null, new Zone(List.of(new SeatRange(first, last))), null);
    }

    @Test
    void the_first_cue_is_the_whole_state() {
        assertEquals(List.of(solid(T, "#FF0000")), StateBuilder.add(List.of(), solid(T, "#FF0000"), T));
    }

    @Test
    void a_cue_in_force_everywhere_prunes_every_older_cue() {
        List<Cue> previous = List.of(solid(T - 10, "#111111"), zoned(T - 5, "#222222", 0, 9));
        assertEquals(List.of(solid(T, "#333333")), StateBuilder.add(previous, solid(T, "#333333"), T));
    }

    @Test
    void pending_cues_are_kept_after_the_cue_in_force() {
        List<Cue> previous = List.of(solid(T - 10, "#111111"));
        assertEquals(List.of(solid(T - 10, "#111111"), solid(T + 5000, "#222222")),
                StateBuilder.add(previous, solid(T + 5000, "#222222"), T));
    }

    @Test
    void a_cue_is_inserted_in_effective_at_order() {
        List<Cue> previous = List.of(solid(T + 5, "#AAAAAA"), solid(T + 20, "#CCCCCC"));
        assertEquals(List.of(solid(T + 5, "#AAAAAA"), solid(T + 10, "#BBBBBB"), solid(T + 20, "#CCCCCC")),
                StateBuilder.add(previous, solid(T + 10, "#BBBBBB"), T));
    }

    @Test
    void of_two_cues_at_the_same_instant_the_later_published_comes_last_and_wins() {
        List<Cue> previous = List.of(solid(T - 1, "#000001"), solid(T + 10, "#AAAAAA"));
        assertEquals(List.of(solid(T - 1, "#000001"), solid(T + 10, "#AAAAAA"), solid(T + 10, "#BBBBBB")),
                StateBuilder.add(previous, solid(T + 10, "#BBBBBB"), T));
    }

    @Test
    void a_zoned_cue_in_force_does_not_prune_because_other_seats_still_need_the_cue_before_it() {
        List<Cue> previous = List.of(solid(T - 10, "#111111"));
        assertEquals(List.of(solid(T - 10, "#111111"), zoned(T, "#222222", 0, 99)),
                StateBuilder.add(previous, zoned(T, "#222222", 0, 99), T));
    }

    @Test
    void zoned_cues_before_the_newest_everywhere_cue_in_force_are_pruned_and_later_ones_kept() {
        List<Cue> cues = List.of(zoned(T - 20, "#111111", 0, 9), solid(T - 10, "#222222"), zoned(T - 5, "#333333", 0, 9),
                solid(T + 10, "#444444"));
        assertEquals(cues.subList(1, 4), StateBuilder.prune(cues, T));
    }

    @Test
    void without_an_everywhere_cue_in_force_nothing_is_pruned() {
        List<Cue> cues = List.of(zoned(T - 10, "#111111", 0, 9), solid(T + 10, "#222222"));
        assertEquals(cues, StateBuilder.prune(cues, T));
    }

    @Test
    void a_pending_cue_that_has_taken_effect_prunes_the_ones_before_it() {
        List<Cue> previous = List.of(solid(T - 10, "#111111"), solid(T + 5, "#222222"));
        assertEquals(List.of(solid(T + 5, "#222222"), solid(T + 20, "#333333")),
                StateBuilder.add(previous, solid(T + 20, "#333333"), T + 10));
    }

    @Test
    void a_cue_taking_effect_exactly_now_counts_as_in_force() {
        List<Cue> cues = List.of(solid(T - 10, "#111111"), solid(T, "#222222"));
        assertEquals(List.of(solid(T, "#222222")), StateBuilder.prune(cues, T));
    }

    @Test
    void blackout_drops_every_pending_cue() {
        assertEquals(List.of(Cue.off(T)), StateBuilder.blackout(T));
    }

    @Test
    void a_full_state_refuses_one_more_pending_cue_with_a_message_saying_what_to_do() {
        List<Cue> full = new ArrayList<>();
        full.add(solid(T - 10, "#111111"));
        for (int i = 1; i < Limits.MAX_CUES_PER_STATE; i++) {
            full.add(solid(T + i, "#222222"));
        }
        assertEquals(Limits.MAX_CUES_PER_STATE, StateBuilder.prune(full, T).size());
        InvalidCueException e = assertThrows(InvalidCueException.class,
                () -> StateBuilder.add(full, solid(T + 100_000, "#333333"), T));
        assertTrue(e.getMessage().contains("at most " + Limits.MAX_CUES_PER_STATE) && e.getMessage().contains("black out"),
                e.getMessage());
    }

    @Test
    void a_state_holds_at_least_1000_pending_cues() {
        List<Cue> cues = List.of(solid(T - 10, "#111111"));
        for (int i = 1; i <= 1000; i++) {
            cues = StateBuilder.add(cues, solid(T + i, "#222222"), T);
        }
        assertEquals(1001, cues.size());
    }

    @Test
    void a_cue_in_force_is_dropped_once_later_zoned_cues_in_force_cover_each_of_its_seats() {
        List<Cue> cues = List.of(zoned(T - 30, "#111111", 0, 99), zoned(T - 20, "#222222", 0, 49),
                zoned(T - 10, "#333333", 50, 99), zoned(T + 10, "#444444", 0, 99));
        assertEquals(cues.subList(1, 4), StateBuilder.prune(cues, T), "0..49 and 50..99 together cover 0..99");
    }

    @Test
    void a_cue_partly_covered_by_later_zoned_cues_is_kept_for_the_seats_still_showing_it() {
        List<Cue> cues = List.of(solid(T - 30, "#111111"), zoned(T - 20, "#222222", 0, 49), zoned(T - 10, "#333333", 60, 99));
        assertEquals(cues, StateBuilder.prune(cues, T), "seats 50..59 and 100.. still show the first cue");
    }

    @Test
    void a_long_show_of_zoned_cues_never_fills_the_state() {
        List<Cue> cues = List.of(solid(T, "#000000"));
        for (int i = 1; i <= 3 * Limits.MAX_CUES_PER_STATE; i++) {
            int half = i % 2;
            Cue next = new Cue(T + i * 1000L, Mode.SOLID, i % 3 == 0 ? "#FF0000" : "#0000FF", null, null, null,
                    new Zone(List.of(new SeatRange(half * 500_000, half * 500_000 + 499_999))), null);
            cues = StateBuilder.add(cues, next, T + i * 1000L);
        }
        assertTrue(cues.size() <= 3, "the newest cue of each half and the cue beneath them: " + cues.size());
    }
}
