package dev.cuecast.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cuecast.TestData;
import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Limits;
import dev.cuecast.json.CanonicalJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** testdata/flash pins the flash definition; the PWA's flash.test.js reads the same files. */
class FlashVectorsTest {
    private static final CanonicalJson JSON = new CanonicalJson();

    @Test
    void linear_light_table_and_colour_measures_match_the_shared_vectors() {
        JsonNode colors = TestData.tree("flash/colors.json");
        for (int v = 0; v < 256; v++) {
            assertEquals(colors.get("linear").get(v).asLong(), Light.linear(v), "linear[" + v + "]");
        }
        for (JsonNode c : colors.get("colors")) {
            String color = c.get("color").asText();
            assertEquals(c.get("luminance").asLong(), Light.luminance(color), color + " luminance");
            assertEquals(c.get("red").asLong(), Light.red(color), color + " red");
        }
    }

    static Stream<Arguments> sequences() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode v : TestData.tree("flash/sequences.json")) {
            out.add(Arguments.of(v.get("name").asText(), v));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void the_server_renders_and_counts_each_vector_as_the_phone_does(String name, JsonNode v) throws IOException {
        List<Cue> cues = new ArrayList<>();
        for (JsonNode c : v.get("cues")) {
            cues.add(JSON.read(c, Cue.class));
        }
        int seat = v.get("seat").asInt();
        List<SeatShow.Change> changes = new SeatShow(cues, seat).changes(v.get("from").asDouble(), v.get("to").asDouble(), 0, 100_000);
        List<String> expected = new ArrayList<>();
        v.get("changes").forEach(c -> expected.add(String.format("%.3f %s", c.get(0).asDouble(), c.get(1).asText())));
        assertEquals(expected, changes.stream().map(c -> String.format("%.3f %s", c.t(), c.color())).toList(), name);

        FlashDetector detector = new FlashDetector(changes.get(0).color());
        List<Transition> transitions = new ArrayList<>();
        for (SeatShow.Change c : changes.subList(1, changes.size())) {
            transitions.addAll(detector.show(c.t(), c.color()));
        }
        List<String> expectedTransitions = new ArrayList<>();
        v.get("transitions").forEach(t -> expectedTransitions.add(String.format("%.3f %s %s", t.get(0).asDouble(), t.get(1).asText(), t.get(2).asText())));
        assertEquals(expectedTransitions, transitions.stream().map(t -> String.format("%.3f %s %s", t.t(),
                t.channel() == Transition.Channel.LUMINANCE ? "luminance" : "red", t.up() ? "up" : "down")).toList(), name);

        JsonNode worst = v.get("worst_load_in_window_ms");
        assertEquals(worst.get(String.valueOf(Limits.FLASH_WINDOW_MS)).asInt(),
                FlashGuard.worstWindow(transitions, Limits.FLASH_WINDOW_MS, Long.MIN_VALUE).count(), name);
        int server = FlashGuard.worstWindow(FlashGuard.transitions(cues, seat), Limits.FLASH_SERVER_WINDOW_MS, Long.MIN_VALUE).count();
        assertEquals(worst.get(String.valueOf(Limits.FLASH_SERVER_WINDOW_MS)).asInt(), server, name);
        assertEquals(v.get("verdict").asText(), server > Limits.MAX_FLASH_TRANSITIONS ? "flash_limit" : "ok", name);
    }
}
