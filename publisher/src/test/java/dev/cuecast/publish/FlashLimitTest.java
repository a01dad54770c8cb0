package dev.cuecast.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.InvalidCueException;
import dev.cuecast.cue.Limits;
import dev.cuecast.cue.Mode;
import dev.cuecast.cue.SeatRange;
import dev.cuecast.cue.State;
import dev.cuecast.cue.Zone;
import dev.cuecast.flash.FlashLimitException;
import dev.cuecast.flash.FlashProbe;
import dev.cuecast.json.CanonicalJson;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit cases of issue 11, through the real publisher: what a cue sequence does to the phones decides. */
class FlashLimitTest {
    static final long T0 = 1_767_225_600_000L;
    static final String WHITE = "#FFFFFF";

    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock(T0);
    final CanonicalJson json = new CanonicalJson();
    DirObjectStore store;
    Publisher publisher;

    Publisher publisher() {
        store = new DirObjectStore(dir, false);
        publisher = Publisher.create(PublisherConfig.defaults(), store, clock, PublisherTest.NO_WAIT);
        return publisher;
    }

    static Cue strobe(long at, int period) {
        return new Cue(at, Mode.STROBE, WHITE, period, null, null, null, null);
    }

    static Cue strobe(long at, int period, Zone zone) {
        return new Cue(at, Mode.STROBE, WHITE, period, null, null, zone, null);
    }

    List<Cue> published() throws Exception {
        long v = publisher.current().orElseThrow().pointer().version();
        return json.read(store.get(State.key(v)).orElseThrow().body(), State.class).cues();
    }

    @Test
    void ten_cues_50_ms_apart_alternating_white_and_black_are_refused_once_a_seat_would_see_a_fourth_flash() throws Exception {
        Publisher p = publisher();
        long start = T0 + 5_000;
        int accepted = 0;
        FlashLimitException refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            Cue cue = i % 2 == 0 ? Cue.solid(start + i * 50L, WHITE) : Cue.off(start + i * 50L);
            try {
                p.publish(cue, "op");
                accepted++;
            } catch (FlashLimitException e) {
                refused = e;
            }
        }
        assertNotNull(refused, "all ten were accepted");
        assertEquals(6, accepted, "black→white→black… six changes are three flashes; the seventh change is refused");
        assertEquals(List.of("[0, 999999]"), refused.seats().stream().map(java.util.Arrays::toString).toList());
        long earliest = refused.earliestEffectiveAt();
        assertTrue(earliest > start + 300, "earliest " + (earliest - start));
        assertTrue(refused.getMessage().contains("earliest effective_at that fits is " + earliest), refused.getMessage());
        // The operator takes the offered time: accepted, and no phone needs its governor.
        p.publish(Cue.solid(earliest, WHITE), "op");
        assertEquals(0, FlashProbe.governorInterventions(published(), 0));
    }

    @Test
    void strobe_restarted_every_340_ms_is_refused_and_every_phone_stays_within_three_flashes() throws Exception {
        Publisher p = publisher();
        int refusals = 0;
        for (int i = 0; i < 8; i++) {
            try {
                p.publish(strobe(T0 + 5_000 + i * 340L, Limits.MIN_FLASH_PERIOD_MS), "op");
            } catch (FlashLimitException e) {
                refusals++;
                assertTrue(e.earliestEffectiveAt() > T0 + 5_000 + i * 340L);
            }
        }
        assertTrue(refusals > 0, "every restart accepted");
        assertTrue(FlashProbe.worstPhoneWindow(published(), 7) <= Limits.MAX_FLASH_TRANSITIONS);
        assertEquals(0, FlashProbe.governorInterventions(published(), 7));
    }

    @Test
    void strobe_restarted_every_521_ms_at_the_old_334_ms_limit_is_refused_and_at_600_ms_every_phone_stays_within_three_flashes() throws Exception {
        Publisher p = publisher();
        assertThrows(InvalidCueException.class, () -> strobe(T0 + 5_000, 334));
        for (int i = 0; i < 8; i++) {
            p.publish(strobe(T0 + 5_000 + i * 521L, Limits.MIN_FLASH_PERIOD_MS), "op");
        }
        assertTrue(FlashProbe.worstPhoneWindow(published(), 7) <= 4 + 1, "a restart adds at most one change");
        assertEquals(0, FlashProbe.governorInterventions(published(), 7));
    }

    @Test
    void a_strobe_at_the_limit_plus_one_restart_at_any_phase_is_accepted_and_stays_within_three_flashes() throws Exception {
        for (int phase = 0; phase < Limits.MIN_FLASH_PERIOD_MS; phase += 13) {
            clock.advance(60_000);
            Publisher p = publisher();
            long start = clock.millis() + 5_000;
            p.publish(strobe(start, Limits.MIN_FLASH_PERIOD_MS), "op");
            p.publish(strobe(start + 3 * Limits.MIN_FLASH_PERIOD_MS + phase, Limits.MIN_FLASH_PERIOD_MS), "op");
            List<Cue> cues = published();
            assertTrue(FlashProbe.worstPhoneWindow(cues, 7) <= Limits.MAX_FLASH_TRANSITIONS, "phase " + phase);
            assertEquals(0, FlashProbe.governorInterventions(cues, 7), "phase " + phase);
        }
    }

    @Test
    void a_refusal_inside_a_zone_names_only_the_zone_seats_and_blackout_is_always_accepted() throws Exception {
        Publisher p = publisher();
        Zone zone = new Zone(List.of(new SeatRange(100, 199)));
        long start = T0 + 5_000;
        p.publish(strobe(start, Limits.MIN_FLASH_PERIOD_MS), "op");
        FlashLimitException refused = null;
        for (int i = 1; i < 10 && refused == null; i++) {
            try {
                p.publish(strobe(start + 2_000 + i * 350L, Limits.MIN_FLASH_PERIOD_MS, zone), "op");
            } catch (FlashLimitException e) {
                refused = e;
            }
        }
        assertNotNull(refused);
        assertEquals(List.of("[100, 199]"), refused.seats().stream().map(java.util.Arrays::toString).toList());
        Published blackout = p.blackout("op");
        assertEquals(List.of(Cue.off(T0)), published());
        assertTrue(blackout.version() > 1);
    }
}
