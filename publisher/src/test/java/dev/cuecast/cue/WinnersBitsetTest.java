package dev.cuecast.cue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cuecast.TestData;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class WinnersBitsetTest {
    static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    @Test
    void every_shared_vector_encodes_decodes_and_answers_seat_checks() {
        JsonNode cases = TestData.tree("winners-vectors.json").get("cases");
        assertTrue(cases.size() >= 5, "vectors missing");
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            int seats = c.get("seats").asInt();
            List<Integer> winners = ints(c.get("winners"));
            String bits = c.get("bits").asText();

            assertEquals(bits, WinnersBitset.encode(seats, winners), name);
            BitSet decoded = WinnersBitset.decode(bits);
            assertEquals(winners.size(), decoded.cardinality(), name);
            for (int seat : winners) {
                assertTrue(decoded.get(seat) && WinnersBitset.isWinner(bits, seat), name + ": seat " + seat);
            }
            for (int seat : ints(c.get("not_winners"))) {
                assertFalse(WinnersBitset.isWinner(bits, seat), name + ": seat " + seat);
            }
            assertEquals(bits, new Winners("d1", seats, bits, "#00FF00").bits(), name);
        }
    }

    @Test
    void a_winner_outside_the_seat_count_is_refused() {
        assertThrows(InvalidCueException.class, () -> WinnersBitset.encode(8, List.of(8)));
        assertThrows(InvalidCueException.class, () -> WinnersBitset.encode(8, List.of(-1)));
    }

    @Test
    void seats_beyond_the_bitset_are_not_winners() {
        assertFalse(WinnersBitset.isWinner("gQ", 8));
        assertFalse(WinnersBitset.isWinner("gQ", -1));
    }
}
