package dev.cuecast.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.cuecast.TestData;
import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Mode;
import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.SeatRange;
import dev.cuecast.cue.State;
import dev.cuecast.cue.Step;
import dev.cuecast.cue.Winners;
import dev.cuecast.cue.WinnersBitset;
import dev.cuecast.cue.Zone;
import dev.cuecast.publish.HistoryEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonTest {
    static final long T = 1_767_225_600_000L;
    final CanonicalJson json = new CanonicalJson();

    static State everyMode() {
        return new State(1, 42, T + 123, List.of(
                Cue.solid(T - 10_000, "#102040"),
                new Cue(T + 1000, Mode.STROBE, "#ffffff", 600, null, null,
                        new Zone(List.of(new SeatRange(0, 4999), new SeatRange(20_000, 24_999))), null),
                new Cue(T + 2000, Mode.PULSE, "#00FF00", 2000, null, null, null, null),
                new Cue(T + 3000, Mode.WAVE, "#0000FF", 1000, 100, null, null, null),
                new Cue(T + 4000, Mode.SEQUENCE, null, null, null,
                        List.of(new Step(0, "#FF0000"), new Step(500, "#00ff00")), null, null),
                new Cue(T + 5000, Mode.SOLID, "#FFFFFF", null, null, null, null,
                        new Winners("d7", 16, WinnersBitset.encode(16, List.of(1, 2, 9, 15)), "#00FF00")),
                Cue.off(T + 6000)));
    }

    @Test
    void pointer_serialises_to_the_golden_bytes() {
        assertArrayEquals(TestData.bytes("canonical/pointer.json"), json.write(Pointer.of(42, 1000, T + 123)));
    }

    @Test
    void pointer_with_an_inline_state_serialises_to_the_golden_bytes_the_phones_test_too() {
        State small = new State(1, 42, T + 123, "p0aBc", List.of(Cue.solid(T - 10_000, "#102040"), Cue.solid(T + 3123, "#ff0000")));
        byte[] stateBytes = json.write(small);
        Pointer pointer = Pointer.of(42, 1000, T + 123, "e7Kq2").inlining(small, stateBytes);
        assertArrayEquals(TestData.bytes("canonical/pointer-inline.json"), json.write(pointer));
        assertTrue(json.writeString(pointer).endsWith(",\"inline\":" + new String(stateBytes, StandardCharsets.UTF_8) + "}"),
                "the inline state is byte for byte the state file");
        assertEquals(Pointer.of(42, 1000, T + 123, "e7Kq2"), Pointer.of(42, 1000, T + 123, "e7Kq2").inlining(small, new byte[1025]),
                "a state over the limit is not inlined");
    }

    @Test
    void a_pointer_naming_its_publish_id_and_the_newest_blackout_serialises_to_the_golden_bytes_the_phones_test_too() {
        State blackout = new State(1, 43, T + 1_500, "q9Zx-2", 42L, List.of(Cue.off(T + 1_500)));
        Pointer pointer = Pointer.of(43, 1000, T + 1_500, "e7Kq2").naming("q9Zx-2", 43L)
                .inlining(blackout, json.write(blackout));
        assertArrayEquals(TestData.bytes("canonical/pointer-blackout.json"), json.write(pointer));
    }

    @Test
    void a_pointer_whose_inline_state_is_another_version_is_refused() {
        State other = new State(1, 41, T, List.of(Cue.off(T)));
        assertThrows(IllegalArgumentException.class, () -> Pointer.of(42, 1000, T).inlining(other, new byte[10]));
    }

    @Test
    void state_with_every_mode_serialises_to_the_golden_bytes() {
        assertEquals(new String(TestData.bytes("canonical/state.json"), StandardCharsets.UTF_8),
                json.writeString(everyMode()));
    }

    @Test
    void history_entry_serialises_to_the_golden_bytes() {
        HistoryEntry entry = new HistoryEntry(42, T + 123, "operator", "cue",
                new Cue(T + 3123, Mode.STROBE, "#FFFFFF", 600, null, null, null, null), 1000);
        assertArrayEquals(TestData.bytes("canonical/history-entry.json"), json.write(entry));
    }

    @Test
    void golden_files_read_back_and_write_the_same_bytes() throws Exception {
        for (var entry : List.of(
                new Object[] {"canonical/pointer.json", Pointer.class},
                new Object[] {"canonical/pointer-inline.json", Pointer.class},
                new Object[] {"canonical/pointer-blackout.json", Pointer.class},
                new Object[] {"canonical/state.json", State.class},
                new Object[] {"canonical/history-entry.json", HistoryEntry.class})) {
            byte[] golden = TestData.bytes((String) entry[0]);
            assertArrayEquals(golden, json.write(json.read(golden, (Class<?>) entry[1])), (String) entry[0]);
        }
    }

    @Test
    void non_canonical_input_is_written_canonically() throws Exception {
        String loose = "{ \"mode\" : \"solid\",\n \"color\" : \"#ff00aa\", \"effective_at\" : 1767225600000 }";
        Cue cue = json.read(loose.getBytes(StandardCharsets.UTF_8), Cue.class);
        assertEquals("{\"effective_at\":1767225600000,\"mode\":\"solid\",\"color\":\"#FF00AA\"}", json.writeString(cue));
    }

    @Test
    void pointer_stays_within_200_bytes_even_with_the_largest_values() {
        byte[] bytes = json.write(Pointer.of(dev.cuecast.cue.Limits.MAX_SAFE_INTEGER, 60_000, Long.MAX_VALUE));
        assertTrue(bytes.length <= 200, bytes.length + " bytes: " + new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void a_pointer_with_every_field_but_inline_stays_within_200_bytes_for_a_billion_versions() {
        long v = 999_999_999L;
        Pointer pointer = Pointer.of(v, 60_000, 9_999_999_999_999L, "A".repeat(16)).naming("B".repeat(22), v);
        byte[] bytes = json.write(pointer);
        assertTrue(bytes.length <= 200, bytes.length + " bytes: " + new String(bytes, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"v\":1,\"version\":42,\"state\":\"states/42.json\",\"poll_ms\":1000,\"published_at\":1,\"ttl\":5}",
        "{\"v\":1,\"version\":42,\"published_at\":1,\"cues\":[{\"effective_at\":1,\"mode\":\"off\"}],\"extra\":true}"})
    void unknown_fields_are_rejected_on_read(String input) {
        Class<?> type = input.contains("cues") ? State.class : Pointer.class;
        assertThrows(UnrecognizedPropertyException.class, () -> json.read(input.getBytes(StandardCharsets.UTF_8), type));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"effective_at\":1,\"mode\":\"off\",\"mode\":\"solid\",\"color\":\"#FFFFFF\"}",
        "{\"effective_at\":1,\"mode\":\"off\"} {}",
        "{\"effective_at\":1,\"mode\":\"off\"",
        "[]"})
    void duplicate_keys_trailing_tokens_and_malformed_json_are_rejected(String input) {
        assertThrows(JsonProcessingException.class, () -> json.read(input.getBytes(StandardCharsets.UTF_8), Cue.class));
    }

    @Test
    void absent_fields_are_omitted_never_null() {
        assertEquals("{\"effective_at\":5,\"mode\":\"off\"}", json.writeString(Cue.off(5)));
    }

    @Test
    void equal_states_have_equal_bytes() {
        assertArrayEquals(json.write(everyMode()), json.write(everyMode()));
    }
}
