package dev.cuecast.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.State;
import dev.cuecast.json.CanonicalJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publishing protocol under crashes, races and lost responses, on a directory store. */
class PublishProtocolTest {
    static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock(T0);
    final CanonicalJson json = new CanonicalJson();
    final List<Long> pauses = Collections.synchronizedList(new ArrayList<>());
    final Backoff recordingBackoff = new Backoff(5, 250, pauses::add, bound -> bound - 1);

    Publisher publisher(ObjectStore store) {
        return Publisher.create(PublisherConfig.defaults(), store, clock, recordingBackoff);
    }

    Pointer pointer(ObjectStore store) throws Exception {
        return json.read(store.get(Pointer.KEY).orElseThrow().body(), Pointer.class);
    }

    State state(ObjectStore store, long version) throws Exception {
        return json.read(store.get(State.key(version)).orElseThrow().body(), State.class);
    }

    /** Every pointer write that succeeds is checked: it must name a state that exists, and move forward. */
    static final class PointerAuditingStore extends ForwardingObjectStore {
        final List<Long> pointerVersions = Collections.synchronizedList(new ArrayList<>());
        final CanonicalJson json = new CanonicalJson();

        PointerAuditingStore(ObjectStore delegate) {
            super(delegate);
        }

        @Override
        public String createOnly(String key, byte[] body, CachePolicy policy) throws VersionConflictException {
            String etag = super.createOnly(key, body, policy);
            audit(key, body);
            return etag;
        }

        @Override
        public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag)
                throws VersionConflictException {
            String newEtag = super.replaceIfMatch(key, body, policy, etag);
            audit(key, body);
            return newEtag;
        }

        private void audit(String key, byte[] body) {
            if (key.equals(Pointer.KEY)) {
                Pointer p = json.readUnchecked(body, Pointer.class);
                if (get(p.state()).isEmpty()) {
                    throw new AssertionError("pointer named missing " + p.state());
                }
                pointerVersions.add(p.version());
            }
        }
    }

    @Test
    void a_crash_between_state_and_pointer_writes_loses_nothing_and_the_next_publish_skips_the_taken_version()
            throws Exception {
        PointerAuditingStore store = new PointerAuditingStore(new DirObjectStore(dir, false));
        publisher(store).publish(Cue.solid(T0, "#111111"), "op");

        AtomicBoolean crashed = new AtomicBoolean();
        ObjectStore crashing = new ForwardingObjectStore(store) {
            @Override
            public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag)
                    throws VersionConflictException {
                if (key.equals(Pointer.KEY) && crashed.compareAndSet(false, true)) {
                    throw new Crash("process killed before the pointer write");
                }
                return super.replaceIfMatch(key, body, policy, etag);
            }
        };
        assertThrows(Crash.class, () -> publisher(crashing).publish(Cue.solid(T0, "#222222"), "op"));
        assertTrue(store.get("states/2.json").isPresent(), "the crashed publish wrote its state");
        assertEquals(1, pointer(store).version(), "the crashed publish was not acknowledged, the pointer did not move");
        assertEquals(List.of(Cue.solid(T0, "#111111")), state(store, 1).cues());

        // a restarted publisher (no local memory) reads the pointer, finds version 2 taken and uses 3
        Published next = publisher(store).publish(Cue.solid(T0, "#333333"), "op");
        assertEquals(3, next.version());
        assertEquals(3, pointer(store).version());
        assertEquals(List.of(1L, 3L), store.pointerVersions);
        assertEquals(List.of(3L, 1L), publisher(store).history(10).stream().map(HistoryEntry::version).toList());
    }

    @Test
    void a_publisher_that_lost_the_pointer_race_rebuilds_on_the_newer_state_and_never_moves_the_pointer_back()
            throws Exception {
        PointerAuditingStore store = new PointerAuditingStore(new DirObjectStore(dir, false));
        Publisher fast = publisher(store);
        fast.publish(Cue.solid(T0, "#111111"), "fast");

        AtomicBoolean raced = new AtomicBoolean();
        ObjectStore slowView = new ForwardingObjectStore(store) {
            @Override
            public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag)
                    throws VersionConflictException {
                if (key.equals(Pointer.KEY) && raced.compareAndSet(false, true)) {
                    // between the slow publisher's read and write, the fast one publishes
                    fast.publish(Cue.solid(T0 + 5000, "#222222"), "fast");
                }
                return super.replaceIfMatch(key, body, policy, etag);
            }
        };
        Published slow = publisher(slowView).publish(Cue.solid(T0 + 9000, "#333333"), "slow");

        // the slow publisher holds state 2 but lost the pointer to the fast one's 3, so it rebuilt as 4
        assertEquals(4, slow.version());
        assertEquals(List.of(1L, 3L, 4L), store.pointerVersions);
        assertEquals(List.of(Cue.solid(T0, "#111111"), Cue.solid(T0 + 5000, "#222222"), Cue.solid(T0 + 9000, "#333333")),
                state(store, 4).cues(), "both publishers' cues survive");
        assertEquals(List.of(5L), pauses, "one backoff before the retry");
    }

    @Test
    void a_stale_etag_never_overwrites_a_newer_pointer() throws Exception {
        DirObjectStore store = new DirObjectStore(dir, false);
        Publisher publisher = publisher(store);
        publisher.publish(Cue.solid(T0, "#111111"), "op");
        String staleEtag = store.get(Pointer.KEY).orElseThrow().etag();
        publisher.publish(Cue.solid(T0, "#222222"), "op");

        assertThrows(VersionConflictException.class, () -> store.replaceIfMatch(Pointer.KEY,
                json.write(Pointer.of(1, 1000, T0)), CachePolicy.POINTER, staleEtag));
        assertEquals(2, pointer(store).version());
    }

    @Test
    void our_own_pointer_write_reported_as_a_conflict_after_a_lost_response_is_acknowledged_once() throws Exception {
        PointerAuditingStore store = new PointerAuditingStore(new DirObjectStore(dir, false));
        publisher(store).publish(Cue.solid(T0, "#111111"), "op");

        AtomicBoolean lost = new AtomicBoolean();
        ObjectStore lossy = new ForwardingObjectStore(store) {
            @Override
            public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag)
                    throws VersionConflictException {
                String newEtag = super.replaceIfMatch(key, body, policy, etag);
                if (key.equals(Pointer.KEY) && lost.compareAndSet(false, true)) {
                    // the response was lost; the SDK retried with the old If-Match and got 412
                    return super.replaceIfMatch(key, body, policy, etag);
                }
                return newEtag;
            }
        };
        Published published = publisher(lossy).publish(Cue.solid(T0 + 1000, "#222222"), "op");

        assertEquals(2, published.version());
        assertEquals(List.of(1L, 2L), store.pointerVersions, "no duplicate version for the same cue");
        assertFalse(store.get("states/3.json").isPresent());
        assertEquals(List.of(2L, 1L), publisher(store).history(10).stream().map(HistoryEntry::version).toList());
        assertEquals(List.of(), pauses, "acknowledged without a retry");
    }

    @Test
    void our_own_state_write_reported_as_a_conflict_is_recognised_by_its_publish_id_and_publishes_once() throws Exception {
        PointerAuditingStore store = new PointerAuditingStore(new DirObjectStore(dir, false));
        AtomicBoolean lost = new AtomicBoolean();
        ObjectStore lossy = new ForwardingObjectStore(store) {
            @Override
            public String createOnly(String key, byte[] body, CachePolicy policy) throws VersionConflictException {
                String etag = super.createOnly(key, body, policy);
                if (key.startsWith("states/") && lost.compareAndSet(false, true)) {
                    return super.createOnly(key, body, policy);
                }
                return etag;
            }
        };
        Published published = publisher(lossy).publish(Cue.solid(T0, "#111111"), "op");

        assertEquals(1, published.version(), "states/1.json carries our publish id, so it is ours");
        assertEquals(List.of(1L), store.pointerVersions);
        assertEquals(1, publisher(store).history(10).size());
    }

    @Test
    void a_publisher_that_keeps_losing_gives_up_after_max_attempts_without_acknowledging() throws Exception {
        DirObjectStore dirStore = new DirObjectStore(dir, false);
        Publisher rival = publisher(dirStore);
        rival.publish(Cue.solid(T0, "#111111"), "rival");
        ObjectStore contested = new ForwardingObjectStore(dirStore) {
            @Override
            public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag)
                    throws VersionConflictException {
                if (key.equals(Pointer.KEY)) {
                    rival.publish(Cue.solid(T0, "#222222"), "rival");
                }
                return super.replaceIfMatch(key, body, policy, etag);
            }
        };
        Publisher loser = Publisher.create(new PublisherConfig(3, 1000, 1000, 86_400_000L), contested, clock,
                recordingBackoff);

        PublishFailedException e = assertThrows(PublishFailedException.class,
                () -> loser.publish(Cue.solid(T0 + 1000, "#333333"), "loser"));
        assertInstanceOf(ConflictsExhaustedException.class, e);
        assertInstanceOf(VersionConflictException.class, e.getCause());
        assertTrue(e.getMessage().contains("3 attempts"), e.getMessage());
        assertEquals(List.of(5L, 10L), pauses, "capped exponential backoff between the attempts");
        for (HistoryEntry entry : rival.history(100)) {
            assertEquals("rival", entry.actor(), "the loser's cue was never acknowledged");
        }
        assertFalse(rival.current().orElseThrow().state().cues().contains(Cue.solid(T0 + 1000, "#333333")));
    }

    @Test
    void one_publisher_shared_by_four_threads_publishes_every_cue_under_consecutive_versions() throws Exception {
        DirObjectStore store = new DirObjectStore(dir, false);
        Publisher shared = publisher(store);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<List<Long>>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<Long> versions = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        versions.add(shared.publish(Cue.solid(T0 + 1000 + 4L * i + thread, "#00000" + thread), "t").version());
                    }
                    return versions;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (var future : futures) {
                all.addAll(future.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            Collections.sort(all);
            assertEquals(java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList(), all,
                    "no conflicts inside one publisher, so no gaps");
            assertEquals(100, state(store, 100).cues().size());
            assertEquals(List.of(), pauses);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void two_publishers_with_200_cues_each_on_one_directory_lose_nothing() throws Exception {
        // two store instances on one directory, as two processes would have
        PointerAuditingStore storeA = new PointerAuditingStore(new DirObjectStore(dir, false));
        PointerAuditingStore storeB = new PointerAuditingStore(new DirObjectStore(dir, false));
        List<ConcurrentPublishing.Ack> acks = ConcurrentPublishing.run(storeA, storeB, 200, clock);
        assertEquals(400, acks.size());
        ConcurrentPublishing.verify(new DirObjectStore(dir, false), acks);
        List<Long> seen = new ArrayList<>(storeA.pointerVersions);
        seen.addAll(storeB.pointerVersions);
        assertEquals(400, seen.size(), "one successful pointer write per acknowledged cue");
    }

    /** A process dying mid-publish: an Error, which no publish code catches. */
    static final class Crash extends Error {
        Crash(String message) {
            super(message);
        }
    }
}
