package dev.cuecast.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.InvalidCueException;
import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.State;
import dev.cuecast.json.CanonicalJson;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's undo: back to what a version showed, a timeline's pending cues included. */
class UndoTest {
    static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock(T0);
    final CanonicalJson json = new CanonicalJson();

    DirObjectStore store() {
        return new DirObjectStore(dir, false);
    }

    Publisher publisher(ObjectStore store) {
        return Publisher.create(PublisherConfig.defaults(), store, clock, new Backoff(5, 250, ms -> { }, bound -> 0));
    }

    State state(ObjectStore store, long version) throws Exception {
        return json.read(store.get(State.key(version)).orElseThrow().body(), State.class);
    }

    long pointerVersion(ObjectStore store) throws Exception {
        return json.read(store.get(Pointer.KEY).orElseThrow().body(), Pointer.class).version();
    }

    @Test
    void undoing_a_timeline_drops_its_pending_cues_and_puts_back_the_cue_before_it() throws Exception {
        DirObjectStore store = store();
        Publisher p = publisher(store);
        p.publish(Cue.solid(T0, "#222222"), "op");                                  // v1, in force
        p.publishAll(List.of(Cue.solid(T0 + 5_000, "#FF0000"), Cue.solid(T0 + 10_000, "#00FF00"),
                Cue.solid(T0 + 15_000, "#0000FF")), "op");                           // v2, a timeline
        clock.advance(6_000);                                                        // its first cue has started
        long now = clock.millis();

        Published undo = p.undoTo(1, "op");

        assertEquals(3, undo.version());
        assertEquals(now, undo.effectiveAt());
        List<Cue> cues = state(store, 3).cues();
        assertEquals(Cue.solid(now, "#222222"), cues.get(cues.size() - 1), "v1's cue is back on screen now");
        assertTrue(cues.stream().noneMatch(c -> c.effectiveAt() > now), "no cue of the timeline is still pending: " + cues);
        HistoryEntry entry = p.history(1).get(0);
        assertEquals("undo", entry.action());
        assertEquals(Cue.solid(now, "#222222"), entry.cue());
        assertEquals("back to version 1", entry.note());
    }

    @Test
    void the_version_gone_back_to_keeps_its_own_pending_cues_and_later_ones_are_dropped() throws Exception {
        DirObjectStore store = store();
        Publisher p = publisher(store);
        p.publish(Cue.solid(T0, "#111111"), "op");                  // v1
        p.publish(Cue.solid(T0 + 20_000, "#AAAAAA"), "op");         // v2: pending at 20 s
        p.publish(Cue.solid(T0 + 30_000, "#BBBBBB"), "op");         // v3: pending at 30 s
        clock.advance(1_000);
        long now = clock.millis();

        p.undoTo(2, "op");

        List<Cue> cues = state(store, 4).cues();
        assertEquals(List.of(Cue.solid(now, "#111111"), Cue.solid(T0 + 20_000, "#AAAAAA")), cues);
    }

    @Test
    void the_preview_is_the_state_the_undo_then_writes() throws Exception {
        DirObjectStore store = store();
        Publisher p = publisher(store);
        p.publish(Cue.solid(T0, "#111111"), "op");
        p.publishAll(List.of(Cue.solid(T0 + 5_000, "#FF0000"), Cue.solid(T0 + 9_000, "#00FF00")), "op");
        clock.advance(2_000);

        State preview = p.previewUndo(1);
        assertEquals(2, pointerVersion(store), "a preview writes nothing");
        p.undoTo(1, "op");

        assertEquals(preview.cues(), state(store, 3).cues());
        assertEquals(3, preview.version());
    }

    @Test
    void a_version_never_published_or_gone_from_the_store_is_refused_and_nothing_is_written() throws Exception {
        DirObjectStore store = store();
        Publisher p = publisher(store);
        p.publish(Cue.solid(T0, "#111111"), "op");
        p.publish(Cue.solid(T0, "#222222"), "op");

        InvalidCueException ahead = assertThrows(InvalidCueException.class, () -> p.undoTo(3, "op"));
        assertTrue(ahead.getMessage().contains("between 1 and 2"), ahead.getMessage());
        assertThrows(InvalidCueException.class, () -> p.undoTo(0, "op"));
        store.delete(State.key(1));
        InvalidCueException gone = assertThrows(InvalidCueException.class, () -> p.undoTo(1, "op"));
        assertTrue(gone.getMessage().contains("states/1.json is missing"), gone.getMessage());
        assertEquals(2, pointerVersion(store));
    }

    @Test
    void undo_to_a_version_that_showed_nothing_in_force_goes_dark_now() throws Exception {
        DirObjectStore store = store();
        Publisher p = publisher(store);
        p.publish(Cue.solid(T0 + 60_000, "#FF0000"), "op");   // v1: only a pending cue
        p.publish(Cue.solid(T0, "#00FF00"), "op");            // v2: green now
        clock.advance(1_000);
        long now = clock.millis();

        p.undoTo(1, "op");

        assertEquals(List.of(Cue.off(now), Cue.solid(T0 + 60_000, "#FF0000")), state(store, 3).cues());
    }
}
