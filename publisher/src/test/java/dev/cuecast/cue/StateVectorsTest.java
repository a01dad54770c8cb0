package dev.cuecast.cue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cuecast.TestData;
import dev.cuecast.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The state and pointer vectors in testdata/states/ that the phone's validator (pwa/lib/validate.js) is held to:
 * the publisher's model must agree on every one, so "valid" means the same thing on both sides of the wire.
 */
class StateVectorsTest {
    private final CanonicalJson json = new CanonicalJson();

    static Stream<Arguments> validStates() {
        return cases("valid.json", "states", "state");
    }

    static Stream<Arguments> invalidStates() {
        return cases("invalid.json", "states", "state");
    }

    static Stream<Arguments> validPointers() {
        return cases("valid.json", "pointers", "pointer");
    }

    static Stream<Arguments> invalidPointers() {
        return cases("invalid.json", "pointers", "pointer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validStates")
    void the_publisher_reads_every_valid_state_vector(String name, byte[] doc) throws Exception {
        State state = json.read(doc, State.class);
        assertEquals(state, json.read(json.write(state), State.class), name + ": survives a round trip");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidStates")
    void the_publisher_refuses_every_invalid_state_vector(String name, byte[] doc) {
        assertThrows(Exception.class, () -> json.read(doc, State.class), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPointers")
    void the_publisher_reads_every_valid_pointer_vector(String name, byte[] doc) throws Exception {
        json.read(doc, Pointer.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPointers")
    void the_publisher_refuses_every_invalid_pointer_vector(String name, byte[] doc) {
        assertThrows(Exception.class, () -> json.read(doc, Pointer.class), name);
    }

    private static Stream<Arguments> cases(String file, String list, String field) {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : TestData.tree("states/" + file).get(list)) {
            out.add(Arguments.of(c.get("name").asText(), c.get(field).toString().getBytes(StandardCharsets.UTF_8)));
        }
        return out.stream();
    }
}
