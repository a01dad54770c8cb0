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

class PublisherTest {
    static final long T0 = 1_767_225_600_000L;
    static final Backoff NO_WAIT = new Backoff(5, 250, ms -> { }, bound -> 0);

    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock(T0);
    final CanonicalJson json = new CanonicalJson();

    Publisher publisher(ObjectStore store) {
        return Publisher.create(PublisherConfig.defaults(), store, clock, NO_WAIT);
    }

    @Test
    void first_publish_writes_state_1_and_a_pointer_naming_it() throws Exception {
        DirObjectStore store = new DirObjectStore(dir, false);
        Published published = publisher(store).publish(Cue.solid(T0 + 3000, "#ff0000"), "op");

        assertEquals(new Published(1, T0 + 3000, "states/1.json"), published);
        StoredObject pointer = store.get(Pointer.KEY).orElseThrow();
        assertEquals("{\"v\":1,\"version\":1,\"state\":\"states/1.json\",\"poll_ms\":1000,\"published_at\":" + T0 + "}",
                new String(pointer.body()));
        assertEquals(CachePolicy.POINTER.header(), pointer.cacheControl());
        State state = json.read(store.get("states/1.json").orElseThrow().body(), State.class);
        assertEquals(List.of(Cue.solid(T0 + 3000, "#FF0000")), state.cues());
    }

    @Test
    void effective_at_in_the_past_is_refused_and_nothing_is_written() {
        DirObjectStore store = new DirObjectStore(dir, false);
        InvalidCueException e = assertThrows(InvalidCueException.class,
                () -> publisher(store).publish(Cue.solid(T0 - 5000, "#FF0000"), "op"));
        assertTrue(e.getMessage().contains("5000 ms in the past"), e.getMessage());
        assertEquals(List.of(), store.list(""));
    }
}
