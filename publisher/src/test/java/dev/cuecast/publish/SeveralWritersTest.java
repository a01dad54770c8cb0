package dev.cuecast.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Mode;
import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.State;
import dev.cuecast.flash.FlashLimitException;
import dev.cuecast.json.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The defects of several writers and unreliable paths, each as the scenario that showed it (the protocol
 * simulation, {@code dev.cuecast.sim}, explores them at random; these pin each one by name).
 */
class SeveralWritersTest {
    static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path dir;

    final CanonicalJson json = new CanonicalJson();

    Pointer pointer(ObjectStore store) throws IOException {
        return json.read(store.get(Pointer.KEY).orElseThrow().body(), Pointer.class);
    }

    State state(ObjectStore store, long version) throws IOException {
        return json.read(store.get(State.key(version)).orElseThrow().body(), State.class);
    }

    Publisher publisher(ObjectStore store, FakeClock clock) {
        return Publisher.create(PublisherConfig.defaults(), store, clock, FaultSafetyTest.NO_WAIT);
    }

    /** Item 1: GO says what the operator saw; a BLACKOUT newer than that drops it, however late the GO arrives. */
    @Test
    void a_go_previewed_before_a_blackout_is_refused_when_it_arrives_after_it() throws Exception {
        DirObjectStore store = new DirObjectStore(dir, false);
        FakeClock clock = new FakeClock(T0);
        Publisher station = publisher(store, clock);
        long seen = station.publish(Cue.solid(T0, "#FF0000"), "op").version();
        station.blackout("op");
        clock.advance(10_000); // the GO was held in the venue network
        assertThrows(BlackedOutException.class,
                () -> station.publish(Cue.solid(clock.millis() + 3_000, "#00FF00"), "op", OptionalLong.of(seen)));
        assertEquals(Mode.OFF, state(store, pointer(store).version()).cues().get(state(store, pointer(store).version()).cues().size() - 1).mode());
        // a GO that saw the blackout goes out
        assertEquals(3, station.publish(Cue.solid(clock.millis() + 3_000, "#00FF00"), "op", OptionalLong.of(2)).version());
    }

    /** Item 2: our pointer write landed, its answer was lost, another writer published on top before the read-back. */
    @Test
    void a_lost_ack_under_another_writers_version_is_acknowledged_once_as_our_version() throws Exception {
        DirObjectStore dirStore = new DirObjectStore(dir, false);
        FakeClock clock = new FakeClock(T0);
        Publisher other = publisher(dirStore, clock);
        other.publish(Cue.solid(T0, "#111111"), "other");
        AtomicBoolean lost = new AtomicBoolean();
        ObjectStore store = new ForwardingObjectStore(dirStore) {
            @Override
            public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag)
                    throws VersionConflictException {
                String written = super.replaceIfMatch(key, body, policy, etag);
                if (key.equals(Pointer.KEY) && lost.compareAndSet(false, true)) {
                    other.publish(Cue.solid(T0 + 20_000, "#333333"), "other"); // lands on top of ours
                    throw new UncheckedIOException(new IOException("Connection reset"));
                }
                return written;
            }
        };
        Published ours = publisher(store, clock).publish(Cue.solid(T0 + 10_000, "#222222"), "op");

        assertEquals(2, ours.version(), "ours landed as version 2 (version 3 is built on it)");
        assertEquals(3, pointer(dirStore).version(), "nothing was published a second time");
        assertEquals(1, state(dirStore, 3).cues().stream().filter(c -> "#222222".equals(c.color())).count());
    }

    /** Item 3: red, green pending, BLACKOUT, then the BLACKOUT's state is damaged: the repair keeps the show dark. */
    @Test
    void doctor_repair_of_a_damaged_blackout_keeps_the_show_dark() throws Exception {
        DirObjectStore store = new DirObjectStore(dir, false);
        FakeClock clock = new FakeClock(T0);
        Publisher publisher = publisher(store, clock);
        publisher.publish(Cue.solid(T0, "#FF0000"), "op");
        publisher.publish(Cue.solid(T0 + 60_000, "#00FF00"), "op");
        publisher.blackout("op");
        clock.advance(5_000);
        Files.corrupt(dir, "states/3.json");

        List<String> done = new Doctor(publisher).repair("doctor");
        assertFalse(done.isEmpty(), "the damaged state is repaired");
        State repaired = state(store, pointer(store).version());
        assertTrue(repaired.cues().stream().noneMatch(c -> c.mode() != Mode.OFF), "no colour comes back: " + repaired.cues());
    }

    /** Item 3: a repair racing a BLACKOUT: the BLACKOUT lands between the doctor's look and its write. */
    @Test
    void a_repair_racing_a_blackout_never_lands_after_it() throws Exception {
        DirObjectStore dirStore = new DirObjectStore(dir, false);
        FakeClock clock = new FakeClock(T0);
        Publisher console = publisher(dirStore, clock);
        console.publish(Cue.solid(T0, "#FF0000"), "op");
        console.publish(Cue.solid(T0 + 60_000, "#00FF00"), "op");
        Files.corrupt(dir, "states/2.json");
        AtomicBoolean pressed = new AtomicBoolean();
        ObjectStore store = new ForwardingObjectStore(dirStore) {
            @Override
            public String createOnly(String key, byte[] body, CachePolicy policy) throws VersionConflictException {
                if (key.startsWith("states/") && pressed.compareAndSet(false, true)) {
                    console.blackout("op"); // pressed while the repair is being written
                }
                return super.createOnly(key, body, policy);
            }
        };
        Publisher doctorHost = publisher(store, clock);
        assertThrows(PublishFailedException.class, () -> new Doctor(doctorHost).repair("doctor"));
        State live = state(dirStore, pointer(dirStore).version());
        assertEquals(Mode.OFF, live.cues().get(live.cues().size() - 1).mode());
        assertTrue(live.cues().stream().noneMatch(c -> c.effectiveAt() > T0 + 1_000 && c.mode() != Mode.OFF));
    }

    /** Item 4: a pointer write sent before the deadline, landed before the fence, confirmed after the deadline. */
    @Test
    void a_version_confirmed_only_after_its_deadline_is_reported_late_not_acknowledged() throws Exception {
        DirObjectStore dirStore = new DirObjectStore(dir, false);
        FakeClock clock = new FakeClock(T0);
        publisher(dirStore, clock).publish(Cue.solid(T0, "#111111"), "op");
        AtomicBoolean slow = new AtomicBoolean();
        ObjectStore store = new ForwardingObjectStore(dirStore) {
            @Override
            public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag)
                    throws VersionConflictException {
                String written = super.replaceIfMatch(key, body, policy, etag);
                if (key.equals(Pointer.KEY) && slow.compareAndSet(false, true)) {
                    clock.advance(3_200); // landed in time, but the answer only came after the deadline
                    throw new UncheckedIOException(new IOException("Read timed out"));
                }
                return written;
            }
        };
        LandedLateException late = assertThrows(LandedLateException.class,
                () -> publisher(store, clock).publish(Cue.solid(T0 + 3_000, "#222222"), "op"));
        assertEquals(2, late.published().version());
        assertEquals(2, pointer(dirStore).version(), "it is live, and the answer says so instead of a 201");
    }

    /** Item 5: another process's BLACKOUT, stamped by a clock 5 s behind, lands while our cue is in flight. */
    @Test
    void a_blackout_from_a_host_whose_clock_is_behind_still_drops_a_cue_in_flight() throws Exception {
        DirObjectStore dirStore = new DirObjectStore(dir, false);
        FakeClock clock = new FakeClock(T0);
        FakeClock behind = new FakeClock(T0 - 5_000);
        Publisher cli = publisher(dirStore, behind);
        cli.publish(Cue.solid(behind.millis(), "#111111"), "cli");
        AtomicBoolean pressed = new AtomicBoolean();
        ObjectStore store = new ForwardingObjectStore(dirStore) {
            @Override
            public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag)
                    throws VersionConflictException {
                if (key.equals(Pointer.KEY) && pressed.compareAndSet(false, true)) {
                    cli.blackout("cli");
                }
                return super.replaceIfMatch(key, body, policy, etag);
            }
        };
        assertThrows(BlackedOutException.class, () -> publisher(store, clock).publish(Cue.solid(T0 + 10_000, "#222222"), "op"));
        State live = state(dirStore, pointer(dirStore).version());
        assertEquals(Mode.OFF, live.cues().get(live.cues().size() - 1).mode());
    }

    /** Item 8: the first BLACKOUT after a restart does not list the store (a season of versions, a slow LIST). */
    @Test
    void the_first_blackout_after_a_restart_never_lists_the_store() throws Exception {
        DirObjectStore dirStore = new DirObjectStore(dir, false);
        FakeClock clock = new FakeClock(T0);
        publisher(dirStore, clock).publish(Cue.solid(T0, "#111111"), "op");
        ObjectStore store = new ForwardingObjectStore(dirStore) {
            @Override
            public List<String> list(String prefix) {
                throw new UncheckedIOException(new IOException("LIST timed out: 20,000 keys"));
            }
        };
        Publisher restarted = publisher(store, clock);
        assertEquals(2, restarted.blackout("op").version());
        assertEquals(3, restarted.publish(Cue.solid(T0 + 3_000, "#222222"), "op").version(), "nor does the first cue");
    }

    /** Item 11: eight alternating white and black "now" cues 150 ms apart: the check sees the phones' last second. */
    @Test
    void rapid_now_cues_across_versions_are_refused_past_three_flashes_a_second() throws Exception {
        DirObjectStore store = new DirObjectStore(dir, false);
        FakeClock clock = new FakeClock(T0);
        Publisher publisher = publisher(store, clock);
        List<String> shown = new java.util.ArrayList<>(List.of("#000000")); // phones start dark
        int refused = 0;
        for (int i = 0; i < 8; i++) {
            String color = i % 2 == 0 ? "#FFFFFF" : "#000000";
            try {
                publisher.publish(Cue.solid(clock.millis(), color), "op");
                shown.add(color);
            } catch (FlashLimitException e) {
                refused++;
            }
            clock.advance(150);
        }
        long changes = java.util.stream.IntStream.range(1, shown.size()).filter(i -> !shown.get(i).equals(shown.get(i - 1))).count();
        assertTrue(refused > 0, "eight alternating cues in 1.2 s are not all accepted");
        assertTrue(changes <= 6, "phones see at most 6 changes (3 flashes) in that time, saw " + changes + ": " + shown);
    }

    /** Item 11: a BLACKOUT between flashes hides nothing from the next cue's check. */
    @Test
    void blackouts_between_white_cues_do_not_reset_the_flash_count() throws Exception {
        DirObjectStore store = new DirObjectStore(dir, false);
        FakeClock clock = new FakeClock(T0);
        Publisher publisher = publisher(store, clock);
        int refused = 0;
        for (int i = 0; i < 5; i++) {
            try {
                publisher.publish(Cue.solid(clock.millis(), "#FFFFFF"), "op");
            } catch (FlashLimitException e) {
                refused++;
            }
            clock.advance(100);
            publisher.blackout("op"); // always lands
            clock.advance(100);
        }
        assertTrue(refused > 0, "white, off, white, off ... five times in a second must not all be accepted");
    }

    /** Damages an object in place, as a bad disk would. */
    static final class Files {
        static void corrupt(Path dir, String key) throws IOException {
            java.nio.file.Files.writeString(dir.resolve(key), "{\"v\":1,\"versi", StandardCharsets.UTF_8);
        }
    }
}
