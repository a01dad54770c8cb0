package dev.cuecast.timebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The traces pwa/lib/clock.js recorded (testdata/clock/record.js, README.md there) replayed in Java twice: every
 * answer fed to the {@link Discipline} (the same gate, jump, slew and re-anchor decisions and offsets), and the whole
 * {@link TimeSync} run on virtual time against the recorded network (the same requests at the same instants, the
 * same timeouts, trickles, bursts and re-syncs, so the same answers reach the discipline).
 */
class ClockTracesTest {
    static final Path TRACES = Path.of("..", "testdata", "clock", "traces");
    /** Both sides do the same double arithmetic; this only absorbs a last-bit difference (Math.pow against **). */
    static final double TOLERANCE_MS = 1e-6;
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<JsonNode> traces() throws IOException {
        List<JsonNode> traces = new ArrayList<>();
        try (Stream<Path> files = Files.list(TRACES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                traces.add(JSON.readTree(f.toFile()));
            }
        }
        assertTrue(traces.size() >= 8, "traces read: " + traces.size());
        return traces;
    }

    /** The defaults with the trace's overrides, by name. */
    static SyncOptions options(JsonNode overrides) throws ReflectiveOperationException {
        Map<String, Double> values = SyncOptionsTest.byName(SyncOptions.defaults());
        overrides.fields().forEachRemaining(f -> {
            if (!values.containsKey(f.getKey())) {
                throw new IllegalArgumentException("no such option: " + f.getKey());
            }
            values.put(f.getKey(), f.getValue().asDouble());
        });
        var components = SyncOptions.class.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            double v = values.get(components[i].getName());
            args[i] = types[i] == int.class ? (Object) (int) v : (Object) v;
        }
        return SyncOptions.class.getDeclaredConstructor(types).newInstance(args);
    }

    /** A decision as clock.js writes it: lower-case names, null where it has null. */
    static ObjectNode recorded(Discipline.Decision d) {
        ObjectNode m = JSON.createObjectNode();
        m.put("gate", d.gate() == null ? null : d.gate().name().toLowerCase(Locale.ROOT));
        m.put("action", d.action().name().toLowerCase(Locale.ROOT));
        m.put("step", d.step());
        m.put("offset", d.offset());
        m.put("target", d.target());
        m.put("ready", d.ready());
        m.put("used", d.used());
        m.put("uncertainty", d.uncertainty());
        return m;
    }

    static ObjectNode check(double t, Double offset, Double uncertainty, boolean ready) {
        ObjectNode e = JSON.createObjectNode().put("check", t);
        e.putObject("expect").put("offset", offset).put("uncertainty", uncertainty).put("ready", ready);
        return e;
    }

    /** Same shape, same strings and flags, numbers within the tolerance. */
    static void assertMatches(JsonNode want, JsonNode got, String where) {
        if (want.isNumber() && got.isNumber()) {
            assertEquals(want.asDouble(), got.asDouble(), TOLERANCE_MS, where + ": Java " + got + ", clock.js " + want);
        } else if (want.isContainerNode()) {
            assertEquals(want.getNodeType(), got.getNodeType(), where);
            assertEquals(want.size(), got.size(), where + ": Java " + got + ", clock.js " + want);
            if (want.isArray()) {
                for (int i = 0; i < want.size(); i++) {
                    assertMatches(want.get(i), got.get(i), where + "[" + i + "]");
                }
            } else {
                want.fields().forEachRemaining(f -> {
                    assertTrue(got.has(f.getKey()), where + ": Java has no " + f.getKey() + " in " + got);
                    assertMatches(f.getValue(), got.get(f.getKey()), where + "." + f.getKey());
                });
            }
        } else {
            assertEquals(want, got, where);
        }
    }

    @Test
    void the_discipline_makes_every_decision_clock_js_recorded() throws Exception {
        int decisions = 0;
        for (JsonNode trace : traces()) {
            Discipline d = new Discipline(options(trace.get("options")));
            int i = 0;
            for (JsonNode e : trace.get("events")) {
                String where = trace.get("name").asText() + " event " + i++ + " " + e;
                if (e.has("anchor")) {
                    d.anchor(e.get("anchor").asDouble());
                } else if (e.has("sample")) {
                    JsonNode s = e.get("sample");
                    double t1 = s.get(2).asDouble();
                    Sample sample = Sample.of(s.get(0).asDouble(), s.get(1).asDouble(), t1);
                    assertMatches(e.get("expect"), recorded(d.observe(sample, t1)), where);
                    decisions++;
                } else if (e.has("lost")) {
                    assertMatches(e.get("expect"), recorded(d.observe(null, e.get("lost").asDouble())), where);
                    decisions++;
                } else if (e.has("check")) {
                    double t = e.get("check").asDouble();
                    assertMatches(e, check(t, d.offset(t), d.uncertainty(t), d.ready()), where);
                }
            }
        }
        assertTrue(decisions > 300, "decisions replayed: " + decisions);
    }

    @Test
    void time_sync_on_the_recorded_network_sends_what_clock_js_sent_and_decides_what_it_decided() throws Exception {
        for (JsonNode trace : traces()) {
            String name = trace.get("name").asText();
            List<JsonNode> got = replayShell(trace);
            JsonNode want = trace.get("events");
            for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
                assertMatches(want.get(i), got.get(i), name + " event " + i);
            }
            assertEquals(want.size(), got.size(), name + ": events");
        }
    }

    /** Runs TimeSync as record.js ran clock.js: the same phone clock, network script, random draws and marks. */
    private static List<JsonNode> replayShell(JsonNode trace) throws Exception {
        String name = trace.get("name").asText();
        double start = trace.get("start").asDouble();
        double skew = trace.get("device").get("skew").asDouble();
        double drift = trace.get("device").get("drift").asDouble();
        VirtualTime time = new VirtualTime(start);
        double[] stepped = {0};
        DoubleSupplier now = () -> start + (time.now() - start) * (1 + drift / 1e6) + skew + stepped[0];

        Iterator<JsonNode> network = trace.get("network").iterator();
        int[] sent = {0};
        Supplier<CompletableFuture<Double>> fetch = () -> {
            assertTrue(network.hasNext(), name + ": Java sent more requests than clock.js");
            JsonNode call = network.next();
            assertEquals(call.get(0).asDouble(), time.now(), TOLERANCE_MS, name + ": request " + sent[0]++ + " sent then");
            CompletableFuture<Double> answer = new CompletableFuture<>();
            if (!call.get(1).isNull()) {
                time.at(call.get(1).asDouble(), () -> answer.complete(call.get(2).asDouble()));
            }
            return answer; // lost: never settles, as a dropped packet
        };
        Iterator<JsonNode> draws = trace.get("random").iterator();
        RandomGenerator random = new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException("clock.js draws doubles only");
            }

            @Override
            public double nextDouble() {
                assertTrue(draws.hasNext(), name + ": Java drew more random numbers than clock.js");
                return draws.next().asDouble();
            }
        };

        List<JsonNode> events = new ArrayList<>();
        TimeSync.Observer observer = new TimeSync.Observer() {
            @Override
            public void anchored(double t, String why) {
                events.add(JSON.createObjectNode().put("anchor", t).put("why", why));
            }

            @Override
            public void settled(double[] reply, double t, Discipline.Decision decision) {
                ObjectNode e = JSON.createObjectNode();
                if (reply == null) {
                    e.put("lost", t);
                } else {
                    ArrayNode s = e.putArray("sample");
                    for (double v : reply) {
                        s.add(v);
                    }
                }
                e.set("expect", recorded(decision));
                events.add(e);
            }
        };
        try (TimeSync sync = new TimeSync(name, new TimeSync.Environment(now, fetch, time, random),
                options(trace.get("options")), observer)) {
            sync.begin("start");
            Iterator<JsonNode> marks = trace.get("marks").iterator();
            JsonNode mark = marks.hasNext() ? marks.next() : null;
            double duration = trace.get("durationMs").asDouble();
            double every = trace.get("checkEveryMs").isNull() ? Double.POSITIVE_INFINITY : trace.get("checkEveryMs").asDouble();
            for (double t = 0; t < duration; ) {
                double next = Math.min(duration, Math.min(mark == null ? Double.POSITIVE_INFINITY : mark.get("at").asDouble(),
                        (Math.floor(t / every) + 1) * every));
                time.runUntil(start + next);
                t = next;
                if (mark != null && mark.get("at").asDouble() == t) {
                    stepped[0] = mark.get("stepped").asDouble();
                    if (mark.path("resync").asBoolean()) {
                        sync.begin("resync");
                    }
                    events.add(JSON.createObjectNode().put("note", mark.get("note").asText()).put("at", now.getAsDouble()));
                    mark = marks.hasNext() ? marks.next() : null;
                }
                if (Double.isFinite(every) && t % every == 0) {
                    TimeBase.Status s = sync.status();
                    double at = now.getAsDouble();
                    events.add(check(at, Double.isNaN(s.offsetMs()) ? null : s.offsetMs(),
                            Double.isNaN(s.uncertaintyMs()) ? null : s.uncertaintyMs(), sync.ready()));
                }
            }
        }
        assertFalse(network.hasNext(), name + ": Java sent fewer requests than clock.js");
        assertFalse(draws.hasNext(), name + ": Java drew fewer random numbers than clock.js");
        return events;
    }
}
