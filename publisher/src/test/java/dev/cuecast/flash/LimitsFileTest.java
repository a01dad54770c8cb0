package dev.cuecast.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cuecast.TestData;
import dev.cuecast.cue.Limits;
import dev.cuecast.cue.Mode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** testdata/limits.json holds the wire constants once; the PWA's tests check the same file. */
class LimitsFileTest {
    @Test
    void java_limits_equal_testdata_limits_json() {
        JsonNode l = TestData.tree("limits.json");
        assertEquals(l.get("min_flash_period_ms").asInt(), Limits.MIN_FLASH_PERIOD_MS);
        assertEquals(l.get("min_step_gap_ms").asInt(), Limits.MIN_STEP_GAP_MS);
        assertEquals(l.get("max_period_ms").asInt(), Limits.MAX_PERIOD_MS);
        assertEquals(l.get("max_seats").asInt(), Limits.MAX_SEATS);
        assertEquals(l.get("max_steps").asInt(), Limits.MAX_STEPS);
        assertEquals(l.get("max_zone_ranges").asInt(), Limits.MAX_ZONE_RANGES);
        assertEquals(l.get("max_cues_per_state").asInt(), Limits.MAX_CUES_PER_STATE);
        assertEquals(l.get("min_poll_ms").asInt(), Limits.MIN_POLL_MS);
        assertEquals(l.get("max_poll_ms").asInt(), Limits.MAX_POLL_MS);
        assertEquals(l.get("pointer_inline_max_bytes").asInt(), Limits.POINTER_INLINE_MAX_BYTES);
        List<String> modes = new ArrayList<>();
        l.get("modes").forEach(m -> modes.add(m.asText()));
        assertEquals(modes, Arrays.stream(Mode.values()).map(Mode::wireName).toList());
        JsonNode f = l.get("flash");
        assertEquals(f.get("max_transitions_per_window").asInt(), Limits.MAX_FLASH_TRANSITIONS);
        assertEquals(f.get("window_ms").asInt(), Limits.FLASH_WINDOW_MS);
        assertEquals(f.get("min_cue_shown_ms").asInt(), Limits.MIN_CUE_SHOWN_MS);
        assertEquals(f.get("server_window_ms").asInt(), Limits.FLASH_SERVER_WINDOW_MS);
        assertEquals(f.get("governor_window_ms").asInt(), Limits.FLASH_GOVERNOR_WINDOW_MS);
        assertEquals(Math.round(f.get("luminance_change").asDouble() * Light.LUMINANCE_MAX), Light.LUMINANCE_CHANGE);
        assertEquals(Math.round(f.get("darker_below").asDouble() * Light.LUMINANCE_MAX), Light.DARKER_BELOW);
        assertEquals(Math.round(f.get("red_change").asDouble() / 320 * 1e7), Light.RED_CHANGE);
    }
}
