package dev.cuecast.cue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cuecast.TestData;
import dev.cuecast.json.CanonicalJson;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Winners go out in the smaller of bitset and seat list; the same vectors drive pwa/lib/winners.test.js. */
class WinnersEncodingTest {
    private final CanonicalJson json = new CanonicalJson();

    @Test
    void each_vector_is_encoded_as_the_smaller_form_and_answers_every_seat_like_the_pwa() throws Exception {
        for (JsonNode c : TestData.tree("winners-encoding.json").get("cases")) {
            List<Integer> seatsWon = new ArrayList<>();
            c.get("winners").forEach(n -> seatsWon.add(n.asInt()));
            int seats = c.get("seats").asInt();
            Winners w = Winners.compact("d1", seats, seatsWon, "#00FF00");
            JsonNode written = new ObjectMapper().readTree(json.write(w));
            JsonNode expected = c.get("encoded");
            String form = expected.has("list") ? "list" : "bits";
            assertEquals(expected.get(form), written.get(form), c.get("name").asText());
            assertFalse(written.has(form.equals("list") ? "bits" : "list"), c.get("name").asText());
            for (int seat : seatsWon) {
                assertTrue(w.isWinner(seat), c.get("name") + " seat " + seat);
            }
            c.get("not_winners").forEach(n -> assertFalse(w.isWinner(n.asInt()), c.get("name") + " seat " + n));
            assertEquals(w, json.read(json.write(w), Winners.class), "round trip");
            Winners fromBits = Winners.compact("d1", seats, WinnersBitset.encode(seats, seatsWon), "#00FF00");
            assertEquals(w, fromBits, "a draw's bitset re-encodes the same way");
        }
    }

    @Test
    void a_hundred_winners_among_a_million_seats_take_under_1_kb_gzip() throws Exception {
        JsonNode big = null;
        for (JsonNode c : TestData.tree("winners-encoding.json").get("cases")) {
            if (c.get("seats").asInt() == 1_000_000) {
                big = c;
            }
        }
        List<Integer> seatsWon = new ArrayList<>();
        big.get("winners").forEach(n -> seatsWon.add(n.asInt()));
        assertEquals(100, seatsWon.size());
        byte[] bytes = json.write(Winners.compact("d1", 1_000_000, seatsWon, "#00FF00"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(bytes);
        }
        assertTrue(gz.size() < 1_024, gz.size() + " bytes gzip (" + bytes.length + " plain)");
    }

    @Test
    void a_list_must_be_increasing_within_the_seats_and_exactly_one_form_is_given() {
        assertThrows(InvalidCueException.class, () -> new Winners("d1", 10, null, List.of(3, 2), "#00FF00"));
        assertThrows(InvalidCueException.class, () -> new Winners("d1", 10, null, List.of(10), "#00FF00"));
        assertThrows(InvalidCueException.class, () -> new Winners("d1", 10, null, null, "#00FF00"));
        assertThrows(InvalidCueException.class, () -> new Winners("d1", 8, "AQ", List.of(0), "#00FF00"));
    }
}
