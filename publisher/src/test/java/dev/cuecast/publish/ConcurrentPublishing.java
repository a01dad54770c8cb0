package dev.cuecast.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.State;
import dev.cuecast.json.CanonicalJson;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Two publishers, each on its own store instance and thread, publish {@code n} pending cues each to one shared
 * store; then every acknowledged cue must be in the final state and in the history, under strictly increasing,
 * distinct versions. Shared by the directory and S3-emulator protocol tests.
 */
final class ConcurrentPublishing {
    static final long T0 = 1_767_225_600_000L;

    record Ack(Cue cue, Published published) {
    }

    private ConcurrentPublishing() {
    }

    /** Runs both publishers to completion (bounded by a timeout) and checks each one's acks; returns all acks. */
    static List<Ack> run(ObjectStore storeA, ObjectStore storeB, int n, Clock clock) throws Exception {
        // contention is the point here, so allow many attempts; yielding keeps the test free of sleeps
        PublisherConfig config = new PublisherConfig(1_000, 1_000, 1_000, 86_400_000L);
        Backoff yielding = new Backoff(1, 8, ms -> Thread.yield(), bound -> ThreadLocalRandom.current().nextLong(bound));
        List<Publisher> publishers = List.of(
                Publisher.create(config, storeA, clock, yielding), Publisher.create(config, storeB, clock, yielding));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Ack>>> futures = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                int who = p;
                futures.add(pool.submit(() -> {
                    List<Ack> acks = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        // distinct instants in the future, so every cue stays pending in the final state
                        Cue cue = Cue.solid(T0 + 10_000 + 2L * i + who, String.format("#%02X%04X", who, i));
                        acks.add(new Ack(cue, publishers.get(who).publish(cue, "publisher-" + who)));
                    }
                    return acks;
                }));
            }
            List<Ack> all = new ArrayList<>();
            for (Future<List<Ack>> future : futures) {
                List<Ack> acks = future.get(120, TimeUnit.SECONDS);
                for (int i = 1; i < acks.size(); i++) {
                    assertTrue(acks.get(i).published().version() > acks.get(i - 1).published().version(),
                            "versions strictly increase for one publisher");
                }
                all.addAll(acks);
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    static void verify(ObjectStore store, List<Ack> acks) throws Exception {
        CanonicalJson json = new CanonicalJson();
        Set<Long> versions = new HashSet<>();
        acks.forEach(a -> versions.add(a.published().version()));
        assertEquals(acks.size(), versions.size(), "no version acknowledged twice");

        Pointer pointer = json.read(store.get(Pointer.KEY).orElseThrow().body(), Pointer.class);
        assertEquals(versions.stream().mapToLong(Long::longValue).max().orElseThrow(), pointer.version(),
                "the pointer names the newest acknowledged version");
        State last = json.read(store.get(pointer.state()).orElseThrow().body(), State.class);
        assertTrue(last.cues().containsAll(acks.stream().map(Ack::cue).toList()),
                "every acknowledged cue is in the final state");
        assertEquals(acks.size(), last.cues().size());

        Map<Long, Cue> history = new HashMap<>();
        for (String key : store.list(ShowStore.HISTORY)) {
            HistoryEntry entry = json.read(store.get(key).orElseThrow().body(), HistoryEntry.class);
            history.put(entry.version(), entry.cue());
        }
        Map<Long, Cue> acknowledged = new HashMap<>();
        acks.forEach(a -> acknowledged.put(a.published().version(), a.cue()));
        assertEquals(acknowledged, history, "the history holds exactly the acknowledged versions and cues");
        for (Ack ack : acks) {
            State state = json.read(store.get(ack.published().state()).orElseThrow().body(), State.class);
            assertTrue(state.cues().contains(ack.cue()), "each acknowledged state holds its cue");
        }
    }
}
