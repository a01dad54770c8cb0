package dev.cuecast.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Limits;
import dev.cuecast.cue.Mode;
import dev.cuecast.cue.SeatRange;
import dev.cuecast.cue.Step;
import dev.cuecast.cue.Winners;
import dev.cuecast.cue.WinnersBitset;
import dev.cuecast.cue.Zone;
import dev.cuecast.flash.FlashGuard;
import dev.cuecast.flash.FlashLimitException;
import dev.cuecast.flash.FlashProbe;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random operator sessions (all modes, zones, winners, restarts, undo, blackout; time moving on between actions)
 * through the server's real state building and flash check: whatever it accepts, every seat we then look at —
 * not only the ones the check evaluated — shows at most 3 flashes a second and never needs the phone's governor.
 */
class FlashGuardPropertyTest {
    static final long T0 = 1_767_225_600_000L;
    static final List<String> PALETTE = List.of("#FFFFFF", "#000000", "#FF0000", "#C80000", "#808080", "#E0E0E0",
            "#00FF00", "#0000FF", "#FF8000", "#202020");

    /** One operator action: a cue {@code leadMs} ahead, the same or an earlier cue again (restart/undo), or blackout. */
    record Action(String kind, Cue cue, int pick, int leadMs, int waitMs) {
    }

    @Property(tries = 120)
    void whatever_the_server_accepts_no_seat_shows_more_than_three_flashes_a_second_or_needs_the_governor(
            @ForAll("sessions") List<Action> session, @ForAll @IntRange(min = 0, max = 330) int seat) {
        long now = T0;
        List<Cue> cues = List.of(Cue.off(T0));
        List<Cue> sent = new ArrayList<>();
        int refused = 0;
        for (Action a : session) {
            now += a.waitMs();
            final long at = now;
            final List<Cue> previous = cues;
            switch (a.kind()) {
                case "blackout" -> cues = StateBuilder.blackout(now);
                case "cue", "again" -> {
                    if (a.kind().equals("again") && sent.isEmpty()) {
                        continue;
                    }
                    Cue template = a.kind().equals("again") ? sent.get(a.pick() % sent.size()) : a.cue();
                    Cue cue = FlashGuard.at(template, now + a.leadMs());
                    try {
                        cues = FlashGuard.checked(previous, cue, at, x -> StateBuilder.add(previous, FlashGuard.at(cue, x), at));
                        sent.add(cue);
                    } catch (FlashLimitException e) {
                        refused++;
                        assertTrue(e.earliestEffectiveAt() == null || e.earliestEffectiveAt() > cue.effectiveAt());
                        assertTrue(!e.seats().isEmpty());
                    }
                }
                default -> throw new IllegalStateException(a.kind());
            }
        }
        for (Integer s : new Integer[] {seat, null, 0, 150, 999_999}) {
            assertTrue(FlashProbe.worstPhoneWindow(cues, s) <= Limits.MAX_FLASH_TRANSITIONS, "seat " + s + " " + cues);
            assertEquals(0, FlashProbe.governorInterventions(cues, s), "seat " + s + " " + cues + " refused " + refused);
        }
    }

    @Provide
    Arbitrary<List<Action>> sessions() {
        Arbitrary<Action> cue = Combinators.combine(cues(), Arbitraries.integers().between(0, 3_000),
                Arbitraries.integers().between(0, 1_200)).as((c, lead, wait) -> new Action("cue", c, 0, lead, wait));
        Arbitrary<Action> again = Combinators.combine(Arbitraries.integers().between(0, 20),
                Arbitraries.integers().between(0, 1_500), Arbitraries.integers().between(0, 800))
                .as((pick, lead, wait) -> new Action("again", null, pick, lead, wait));
        Arbitrary<Action> blackout = Arbitraries.integers().between(0, 2_000).map(wait -> new Action("blackout", null, 0, 0, wait));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, cue), net.jqwik.api.Tuple.of(3, again), net.jqwik.api.Tuple.of(1, blackout))
                .list().ofMinSize(1).ofMaxSize(14);
    }

    Arbitrary<Cue> cues() {
        Arbitrary<String> color = Arbitraries.oneOf(Arbitraries.of(PALETTE),
                Arbitraries.integers().between(0, 0xFFFFFF).map(n -> String.format("#%06X", n)));
        Arbitrary<Integer> period = Arbitraries.integers().between(Limits.MIN_FLASH_PERIOD_MS, 3_000);
        Arbitrary<Zone> zone = Arbitraries.integers().between(0, 300).list().ofMinSize(1).ofMaxSize(3)
                .map(starts -> new Zone(starts.stream().map(a -> new SeatRange(a, a + 40)).toList()))
                .injectNull(0.5);
        Arbitrary<Winners> winners = Arbitraries.integers().between(0, 319).set().ofMaxSize(60)
                .map(w -> new Winners("d1", 320, WinnersBitset.encode(320, w), "#00FF00")).injectNull(0.8);
        Arbitrary<List<Step>> steps = Combinators.combine(Arbitraries.integers().between(Limits.MIN_STEP_GAP_MS, 1_200), color)
                .as((gap, c) -> new long[] {gap, Long.parseLong(c.substring(1), 16)}).list().ofMinSize(1).ofMaxSize(6)
                .map(raw -> {
                    List<Step> out = new ArrayList<>();
                    long offset = 0;
                    for (int i = 0; i < raw.size(); i++) {
                        offset += i == 0 ? 0 : raw.get(i)[0];
                        out.add(new Step(offset, String.format("#%06X", raw.get(i)[1])));
                    }
                    return out;
                });
        return Combinators.combine(Arbitraries.of(Mode.values()), color, period, Arbitraries.integers().between(1, 64),
                steps, zone, winners).as((mode, c, p, span, st, z, w) -> switch (mode) {
                    case OFF -> new Cue(T0, mode, null, null, null, null, z, null);
                    case SOLID -> new Cue(T0, mode, c, null, null, null, z, w);
                    case STROBE, PULSE -> new Cue(T0, mode, c, p, null, null, z, w);
                    case WAVE -> new Cue(T0, mode, c, p, span, null, z, w);
                    case SEQUENCE -> new Cue(T0, mode, null, null, null, st, z, w);
                });
    }
}
