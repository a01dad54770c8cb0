package dev.cuecast.cue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cuecast.TestData;
import dev.cuecast.json.CanonicalJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CueValidationTest {
    static final long T = 1_767_225_600_000L;
    final CanonicalJson json = new CanonicalJson();

    static Stream<Arguments> invalidCues() {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : TestData.tree("invalid-cues.json").get("cases")) {
            cases.add(Arguments.of(c.get("name").asText(), c.get("cue").toString(), c.get("error").asText()));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCues")
    void every_invalid_cue_vector_is_refused_with_a_message_saying_what_to_fix(String name, String cue, String error) {
        try {
            Cue parsed = json.read(cue.getBytes(java.nio.charset.StandardCharsets.UTF_8), Cue.class);
            fail(name + ": accepted as " + parsed);
        } catch (Exception e) {
            assertTrue(e.getMessage().contains(error), name + ": message lacks \"" + error + "\": " + e.getMessage());
        }
    }

    @Test
    void a_period_of_exactly_600_ms_is_the_fastest_strobe_allowed_and_the_old_334_ms_limit_is_refused() {
        assertEquals(600, new Cue(T, Mode.STROBE, "#FFFFFF", 600, null, null, null, null).periodMs());
        assertThrows(InvalidCueException.class, () -> new Cue(T, Mode.STROBE, "#FFFFFF", 599, null, null, null, null));
        assertThrows(InvalidCueException.class, () -> new Cue(T, Mode.STROBE, "#FFFFFF", 334, null, null, null, null));
    }

    @Test
    void colours_are_normalised_to_upper_case() {
        assertEquals("#ABCDEF", Cue.solid(T, "#abcdef").color());
        assertEquals("#ABCDEF", new Step(0, "#abcdef").color());
    }

    @Test
    void a_sequence_holds_at_most_max_steps() {
        List<Step> steps = IntStream.rangeClosed(0, Limits.MAX_STEPS).mapToObj(i -> new Step(i * 334L, "#FFFFFF")).toList();
        InvalidCueException e = assertThrows(InvalidCueException.class,
                () -> new Cue(T, Mode.SEQUENCE, null, null, null, steps, null, null));
        assertTrue(e.getMessage().contains("at most " + Limits.MAX_STEPS), e.getMessage());
        new Cue(T, Mode.SEQUENCE, null, null, null, steps.subList(0, Limits.MAX_STEPS), null, null);
    }

    @Test
    void a_zone_holds_at_most_max_zone_ranges() {
        List<SeatRange> ranges = IntStream.rangeClosed(0, Limits.MAX_ZONE_RANGES)
                .mapToObj(i -> new SeatRange(i * 10, i * 10 + 5)).toList();
        assertThrows(InvalidCueException.class, () -> new Zone(ranges));
        assertEquals(Limits.MAX_ZONE_RANGES, new Zone(ranges.subList(0, Limits.MAX_ZONE_RANGES)).seats().size());
    }

    @Test
    void zone_contains_only_its_inclusive_ranges() {
        Zone zone = new Zone(List.of(new SeatRange(0, 4), new SeatRange(10, 10)));
        assertTrue(zone.contains(0) && zone.contains(4) && zone.contains(10));
        assertTrue(!zone.contains(5) && !zone.contains(9) && !zone.contains(11));
    }

    @Test
    void a_state_refuses_more_than_max_cues() {
        List<Cue> cues = Collections.nCopies(Limits.MAX_CUES_PER_STATE + 1, Cue.off(T));
        InvalidCueException e = assertThrows(InvalidCueException.class, () -> new State(1, 1, T, cues));
        assertTrue(e.getMessage().contains("too many pending cues"), e.getMessage());
        assertEquals(Limits.MAX_CUES_PER_STATE, new State(1, 1, T, cues.subList(1, cues.size())).cues().size());
    }

    @Test
    void a_state_refuses_unordered_cues_no_cues_version_zero_and_another_wire_version() {
        assertThrows(InvalidCueException.class, () -> new State(1, 1, T, List.of(Cue.off(T + 1), Cue.off(T))));
        assertThrows(InvalidCueException.class, () -> new State(1, 1, T, List.of()));
        assertThrows(InvalidCueException.class, () -> new State(1, 0, T, List.of(Cue.off(T))));
        assertThrows(InvalidCueException.class, () -> new State(2, 1, T, List.of(Cue.off(T))));
    }

    @Test
    void a_pointer_must_name_its_own_state_key_and_a_poll_hint_within_bounds() {
        assertThrows(InvalidCueException.class, () -> new Pointer(1, 42, "states/41.json", 1000, T, null));
        assertThrows(InvalidCueException.class, () -> Pointer.of(42, 499, T));
        assertThrows(InvalidCueException.class, () -> Pointer.of(42, 60_001, T));
        assertThrows(InvalidCueException.class, () -> Pointer.of(0, 1000, T));
        assertEquals("states/42.json", Pointer.of(42, 500, T).state());
    }
}
