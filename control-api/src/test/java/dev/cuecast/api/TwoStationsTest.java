package dev.cuecast.api;

import static dev.cuecast.api.TestServer.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cuecast.api.operations.Station;
import dev.cuecast.cue.Pointer;
import dev.cuecast.publish.DirObjectStore;
import dev.cuecast.publish.ShowStore;
import dev.cuecast.timebase.TimeBase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hot standby is a second control API on the same store. With both stations publishing at once (cues from several
 * operators each, and a BLACKOUT from each), acks stay exact: every 201 names a version no other answer named, that
 * the pointer showed when it was answered, with its state and its history entry (recorded with the station); every
 * refusal left nothing of its cue anywhere in the store.
 */
class TwoStationsTest {
    private static final int THREADS_PER_STATION = 3;
    private static final int CUES_PER_THREAD = 8;
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private record Outcome(String station, String color, int status, long version, long pointerAfter) {
    }

    private long pointerVersion(DirObjectStore store) {
        return store.get(Pointer.KEY).map(o -> {
            try {
                return json.readTree(o.body()).path("version").asLong();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }).orElse(0L);
    }

    @Test
    void two_stations_on_one_directory_publishing_at_once_ack_exactly_and_never_repeat_a_version() throws Exception {
        TimeBase time = TimeBase.local(Clock.systemUTC());
        DirObjectStore view = new DirObjectStore(dir, false);
        try (TestServer main = new TestServer(ApiConfig.of(TestServer.TOKEN).withStation(Station.MAIN), time,
                new DirObjectStore(dir, false));
             TestServer standby = new TestServer(ApiConfig.of(TestServer.TOKEN).withStation(Station.of(true, null)), time,
                     new DirObjectStore(dir, false))) {
            ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_STATION);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 2 * THREADS_PER_STATION; t++) {
                TestServer station = t % 2 == 0 ? main : standby;
                String name = t % 2 == 0 ? "main" : "standby";
                int thread = t;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < CUES_PER_THREAD; i++) {
                        if (i == CUES_PER_THREAD / 2 && thread < 2) {
                            HttpResponse<String> b = station.post("/api/blackout", null, r -> r.header(ControlApi.ACTOR_HEADER, "op" + thread));
                            outcomes.add(new Outcome(name, null, b.statusCode(), b.statusCode() == 201 ? body(b).path("version").asLong() : -1,
                                    pointerVersion(view)));
                        }
                        // one grey per request, told apart by the blue channel: far below any flash threshold. Pending
                        // (3 s lead), so each acked state holds its cue: a cue due "now" that reaches the store after one
                        // stamped later is superseded on arrival (the newest effective_at is in force), see the report
                        String color = String.format("#8080%02X", 0x40 + thread * CUES_PER_THREAD + i);
                        HttpResponse<String> res = station.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"" + color
                                        + "\",\"lead_ms\":3000}",
                                r -> r.header(ControlApi.ACTOR_HEADER, "op" + thread));
                        long version = res.statusCode() == 201 ? body(res).path("version").asLong() : -1;
                        outcomes.add(new Outcome(name, color, res.statusCode(), version, pointerVersion(view)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();

            // What was ever live: the pointer's state and, through each state's base (the pointer its write
            // replaced), every version before it. States written but never named (a write that lost) are not on it.
            List<Long> live = new ArrayList<>();
            StringBuilder liveStates = new StringBuilder();
            for (long v = pointerVersion(view); v > 0; ) {
                JsonNode state = json.readTree(view.get(ShowStore.stateKey(v)).orElseThrow().body());
                live.add(v);
                liveStates.append(state);
                v = state.path("base").asLong(0);
                assertTrue(v < live.get(live.size() - 1), "versions only grow along what was live: " + live);
            }
            Set<Long> acked = new HashSet<>();
            int ok = 0;
            for (Outcome o : outcomes) {
                if (o.status() == 201) {
                    ok++;
                    assertTrue(acked.add(o.version()), "version " + o.version() + " acknowledged twice: " + outcomes);
                    assertTrue(o.pointerAfter() >= o.version(), "acked " + o + " before the pointer named it");
                    assertTrue(live.contains(o.version()), "acked " + o + " was live: " + live);
                    JsonNode entry = json.readTree(view.get(ShowStore.historyKey(o.version())).orElseThrow(
                            () -> new AssertionError("no history entry for acked " + o)).body());
                    assertTrue(entry.path("actor").asText().endsWith(" @ " + o.station()), entry.toString());
                    JsonNode state = json.readTree(view.get(ShowStore.stateKey(o.version())).orElseThrow().body());
                    assertTrue(state.toString().contains(o.color() == null ? "\"mode\":\"off\"" : o.color()),
                            "state " + o.version() + " holds what was acked (" + o + "): " + state);
                } else {
                    assertTrue(List.of(409, 503, 504).contains(o.status()), "only refusals that publish nothing: " + o);
                    if (o.color() != null) {
                        assertFalse(liveStates.toString().contains(o.color()), "refused " + o + " was never live");
                    }
                }
            }
            assertTrue(ok >= outcomes.size() / 2, "most writes went through: " + ok + " of " + outcomes.size());
            for (long v : live) {
                assertTrue(view.get(ShowStore.historyKey(v)).isPresent(), "live version " + v + " has its history entry");
            }
            assertEquals(live.size(), view.list(ShowStore.HISTORY).size(), "one history entry per live version, and no other");
        }
    }
}
