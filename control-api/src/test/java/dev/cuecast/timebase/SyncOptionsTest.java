package dev.cuecast.timebase;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SyncOptionsTest {
    /** Every option by name, as numbers: the file's, or the record's. */
    static Map<String, Double> byName(SyncOptions options) throws ReflectiveOperationException {
        Map<String, Double> values = new TreeMap<>();
        for (RecordComponent c : SyncOptions.class.getRecordComponents()) {
            values.put(c.getName(), ((Number) c.getAccessor().invoke(options)).doubleValue());
        }
        return values;
    }

    @Test
    void the_defaults_are_testdata_clock_defaults_json_which_the_phones_pin_too() throws Exception {
        JsonNode shared = new ObjectMapper().readTree(Path.of("..", "testdata", "clock", "defaults.json").toFile());
        Map<String, Double> expected = new TreeMap<>();
        for (String section : new String[] {"clock", "controlApi"}) {
            shared.get(section).fields().forEachRemaining(f -> expected.put(f.getKey(), f.getValue().asDouble()));
        }
        assertEquals(expected, byName(SyncOptions.defaults()), "no option missing, none extra, every value the same");
    }

    @Test
    void the_builder_changes_only_the_options_it_names() throws Exception {
        Map<String, Double> expected = byName(SyncOptions.defaults());
        expected.put("stepMs", 50.0);
        expected.put("maxInFlight", 2.0);
        assertEquals(expected, byName(SyncOptions.builder().stepMs(50).maxInFlight(2).build()));
    }
}
