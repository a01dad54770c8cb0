package dev.cuecast.timebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EstimatorTest {
    private static double num(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }

    @Test
    void java_and_the_phones_agree_on_every_shared_vector() throws Exception {
        JsonNode root = new ObjectMapper().readTree(Path.of("..", "testdata", "clock", "estimates.json").toFile());
        int checked = 0;
        for (JsonNode c : root.get("cases")) {
            List<Sample> samples = new ArrayList<>();
            for (JsonNode s : c.get("samples")) {
                samples.add(new Sample(num(s.get("offset")), num(s.get("rtt")), num(s.get("at"))));
            }
            Optional<Estimate> e = Estimator.estimate(samples, c.has("at") ? c.get("at").asDouble() : Double.NaN,
                    c.get("driftPpm").asDouble());
            JsonNode x = c.get("expected");
            String name = c.get("name").asText();
            if (x.isNull()) {
                assertTrue(e.isEmpty(), name);
            } else {
                Estimate got = e.orElseThrow();
                assertEquals(x.get("offset").asDouble(), got.offset(), 1e-9, name);
                assertEquals(x.get("spread").asDouble(), got.spread(), 1e-9, name);
                assertEquals(x.get("rtt").asDouble(), got.rtt(), 1e-9, name);
                assertEquals(x.get("count").asInt(), got.count(), name);
                assertEquals(x.get("used").asInt(), got.used(), name);
                // JSON has no infinity: a lone sample's missing runner-up edge is null there.
                assertEquals(x.get("low_gap").isNull() ? Double.POSITIVE_INFINITY : x.get("low_gap").asDouble(), got.lowGap(), 1e-9, name);
                assertEquals(x.get("high_gap").isNull() ? Double.POSITIVE_INFINITY : x.get("high_gap").asDouble(), got.highGap(), 1e-9, name);
                assertEquals(x.get("queue").asDouble(), got.queue(), 1e-9, name);
            }
            checked++;
        }
        assertTrue(checked >= 5, "vectors read: " + checked);
    }
}
