package dev.cuecast.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogLinesTest {
    private static final String ID = "00ff00ff00ff00ff";
    private static final long PHONE = 0x00ff00ff00ff00ffL;

    @Test
    void an_edge_pointer_poll_names_the_phone_the_time_and_the_version_it_holds() {
        Optional<Sighting> s = LogLines.fromEdgeLine("1767225600.123 GET /live/pointer.json 200 HIT 0.000 99 p=" + ID + "&h=41");
        assertEquals(Optional.of(new Sighting(PHONE, 1767225600123L, 41)), s);
    }

    @Test
    void an_edge_state_fetch_shows_the_phone_holding_that_version() {
        assertEquals(Optional.of(new Sighting(PHONE, 1767225600500L, 42)),
                LogLines.fromEdgeLine("1767225600.500 GET /states/42.json 200 MISS 0.001 400 p=" + ID));
    }

    @Test
    void a_not_modified_poll_counts_as_a_poll() {
        assertEquals(Optional.of(new Sighting(PHONE, 1767225601000L, 42)),
                LogLines.fromEdgeLine("1767225601.000 GET /live/pointer.json 304 HIT 0.000 0 p=" + ID + "&h=42"));
    }

    @Test
    void a_failed_state_fetch_shows_the_phone_present_but_not_holding() {
        assertEquals(Optional.of(new Sighting(PHONE, 1767225600500L, -1)),
                LogLines.fromEdgeLine("1767225600.500 GET /states/42.json 502 - 0.001 0 p=" + ID));
    }

    @Test
    void a_cloudfront_real_time_record_line_is_read_the_same_way() {
        assertEquals(Optional.of(new Sighting(PHONE, 1767225600123L, 41)),
                LogLines.fromCloudFrontLine("1767225600.123\t200\t/live/pointer.json\tp=" + ID + "&h=41"));
        assertEquals(Optional.of(new Sighting(PHONE, 1767225600123L, 43)),
                LogLines.fromCloudFrontLine("1767225600.123\t200\t/states/43.json\tp=" + ID));
    }

    @Test
    void requests_without_a_phone_id_or_for_other_paths_are_not_phones() {
        assertTrue(LogLines.fromEdgeLine("1767225600.123 GET /live/pointer.json 200 HIT 0.000 99 -").isEmpty());
        assertTrue(LogLines.fromEdgeLine("1767225600.123 GET /time 200 - 0.000 20 p=" + ID).isEmpty());
        assertTrue(LogLines.fromEdgeLine("1767225600.123 GET /live/pointer.json 200 HIT 0.000 99").isEmpty(), "old format");
        assertTrue(LogLines.fromCloudFrontLine("1767225600.123\t200\t/live/pointer.json\t-").isEmpty());
    }

    @Test
    void malformed_ids_times_and_versions_are_skipped_not_guessed() {
        assertTrue(LogLines.fromEdgeLine("1767225600.123 GET /live/pointer.json 200 HIT 0 99 p=xyz").isEmpty());
        assertTrue(LogLines.fromEdgeLine("1767225600.123 GET /live/pointer.json 200 HIT 0 99 p=00ff").isEmpty(), "too short");
        assertTrue(LogLines.fromEdgeLine("yesterday GET /live/pointer.json 200 HIT 0 99 p=" + ID).isEmpty());
        assertEquals(-1, LogLines.fromEdgeLine("1767225600.123 GET /live/pointer.json 200 HIT 0 99 p=" + ID + "&h=4x")
                .orElseThrow().holds());
        assertTrue(LogLines.fromEdgeLine("x".repeat(5000)).isEmpty());
    }
}
