package dev.cuecast.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.State;
import dev.cuecast.json.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safety invariants under injected store faults, on a real directory store (the same faults through a real
 * HTTP proxy in front of S3 emulators: {@link FaultProxyTest}).
 */
class FaultSafetyTest {
    static final long T0 = 1_767_225_600_000L;
    static final Backoff NO_WAIT = new Backoff(5, 250, ms -> { }, bound -> 0);

    @TempDir
    Path dir;

    final CanonicalJson json = new CanonicalJson();

    Pointer pointer(ObjectStore store) throws IOException {
        return json.read(store.get(Pointer.KEY).orElseThrow().body(), Pointer.class);
    }

    State state(ObjectStore store, long version) throws IOException {
        return json.read(store.get(State.key(version)).orElseThrow().body(), State.class);
    }

    static boolean lit(String key, byte[] body) {
        return key.startsWith("states/") && new String(body).replace("\"mode\":\"off\"", "").contains("\"mode\":");
    }

    @Test
    void blackout_lands_while_a_cue_hangs_on_the_store_and_the_cue_is_then_refused_not_landed_after_it() throws Exception {
        DirObjectStore dirStore = new DirObjectStore(dir, false);
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ObjectStore store = new ForwardingObjectStore(dirStore) {
            @Override
            public String createOnly(String key, byte[] body, CachePolicy policy) throws VersionConflictException {
                if (lit(key, body) && new String(body).contains("#222222")) {
                    stuck.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.createOnly(key, body, policy);
            }
        };
        Clock clock = Clock.systemUTC();
        Publisher publisher = Publisher.create(PublisherConfig.defaults(), store, clock, NO_WAIT);
        publisher.publish(Cue.solid(clock.millis(), "#111111"), "op");

        CompletableFuture<Published> go = CompletableFuture.supplyAsync(
                () -> publisher.publish(Cue.solid(clock.millis() + 20_000, "#222222"), "op"));
        assertTrue(stuck.await(10, TimeUnit.SECONDS), "the GO is stuck in its state write");

        Published blackout = publisher.blackout("op");
        assertEquals(blackout.version(), pointer(dirStore).version(), "blackout is live while the GO still hangs");
        assertEquals(List.of(Cue.off(blackout.effectiveAt())), state(dirStore, blackout.version()).cues());

        release.countDown();
        Exception refused = assertThrows(Exception.class, () -> go.get(30, TimeUnit.SECONDS));
        assertTrue(refused.getCause() instanceof BlackedOutException, String.valueOf(refused.getCause()));
        assertEquals(blackout.version(), pointer(dirStore).version(), "the GO never lands after the blackout");
        assertEquals(List.of("blackout", "cue"), publisher.history(10).stream().map(HistoryEntry::action).toList());
    }

    @Test
    void a_cue_in_flight_whose_pointer_write_loses_to_another_process_blackout_is_refused() throws Exception {
        DirObjectStore dirStore = new DirObjectStore(dir, false);
        Clock clock = Clock.systemUTC();
        Publisher other = Publisher.create(PublisherConfig.defaults(), dirStore, clock, NO_WAIT);
        other.publish(Cue.solid(clock.millis(), "#111111"), "op");
        AtomicBoolean pressed = new AtomicBoolean();
        ObjectStore store = new ForwardingObjectStore(dirStore) {
            @Override
            public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag)
                    throws VersionConflictException {
                if (key.equals(Pointer.KEY) && pressed.compareAndSet(false, true)) {
                    other.blackout("other console");
                }
                return super.replaceIfMatch(key, body, policy, etag);
            }
        };
        Publisher publisher = Publisher.create(PublisherConfig.defaults(), store, clock, NO_WAIT);
        assertThrows(BlackedOutException.class,
                () -> publisher.publish(Cue.solid(clock.millis() + 10_000, "#222222"), "op"));
        assertEquals(List.of(Cue.off(pointer(dirStore).publishedAt())), state(dirStore, pointer(dirStore).version()).cues());
    }

    @Test
    void with_every_store_call_slow_a_cue_is_refused_at_its_deadline_and_nothing_of_it_is_ever_visible() throws Exception {
        DirObjectStore dirStore = new DirObjectStore(dir, false);
        FakeClock clock = new FakeClock(T0);
        Publisher.create(PublisherConfig.defaults(), dirStore, clock, NO_WAIT).publish(Cue.solid(T0, "#111111"), "op");
        ObjectStore slow = new ForwardingObjectStore(dirStore) {
            @Override
            public Optional<StoredObject> get(String key) {
                clock.advance(2_800);
                return super.get(key);
            }

            @Override
            public String createOnly(String key, byte[] body, CachePolicy policy) throws VersionConflictException {
                clock.advance(2_800);
                return super.createOnly(key, body, policy);
            }

            @Override
            public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag)
                    throws VersionConflictException {
                clock.advance(2_800);
                return super.replaceIfMatch(key, body, policy, etag);
            }

            @Override
            public List<String> list(String prefix) {
                clock.advance(2_800);
                return super.list(prefix);
            }
        };
        Publisher publisher = Publisher.create(PublisherConfig.defaults(), slow, clock, NO_WAIT);
        DeadlineExceededException e = assertThrows(DeadlineExceededException.class,
                () -> publisher.publish(Cue.solid(T0 + 8_000, "#222222"), "op"));
        assertTrue(e.getMessage().contains("nothing of it is visible"), e.getMessage());
        assertEquals(1, pointer(dirStore).version(), "the late cue was never published");
    }

    @Test
    void a_pointer_write_that_landed_but_answered_with_a_reset_is_acknowledged_once_with_its_history() throws Exception {
        DirObjectStore dirStore = new DirObjectStore(dir, false);
        FakeClock clock = new FakeClock(T0);
        AtomicBoolean reset = new AtomicBoolean();
        ObjectStore store = new ForwardingObjectStore(dirStore) {
            @Override
            public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag)
                    throws VersionConflictException {
                String written = super.replaceIfMatch(key, body, policy, etag);
                if (key.equals(Pointer.KEY) && reset.compareAndSet(false, true)) {
                    throw new UncheckedIOException(new IOException("Connection reset"));
                }
                return written;
            }
        };
        Publisher publisher = Publisher.create(PublisherConfig.defaults(), store, clock, NO_WAIT);
        publisher.publish(Cue.solid(T0, "#111111"), "op");
        Published second = publisher.publish(Cue.solid(T0 + 5_000, "#222222"), "op");

        assertTrue(reset.get());
        assertEquals(2, second.version());
        assertEquals(2, pointer(dirStore).version(), "201 means visible now");
        assertEquals(List.of(2L, 1L), publisher.history(10).stream().map(HistoryEntry::version).toList(),
                "and it has exactly one history entry");
    }

    @Test
    void a_pointer_write_still_in_flight_at_the_deadline_is_fenced_so_it_can_never_land_later() throws Exception {
        DirObjectStore dirStore = new DirObjectStore(dir, false);
        FakeClock clock = new FakeClock(T0);
        Publisher.create(PublisherConfig.defaults(), dirStore, clock, NO_WAIT).publish(Cue.solid(T0, "#111111"), "op");
        AtomicReference<Object[]> inFlight = new AtomicReference<>();
        ObjectStore store = new ForwardingObjectStore(dirStore) {
            @Override
            public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag)
                    throws VersionConflictException {
                if (key.equals(Pointer.KEY) && inFlight.compareAndSet(null, new Object[] {body, etag})) {
                    clock.advance(10_000);
                    throw new UncheckedIOException(new IOException("Read timed out"));
                }
                return super.replaceIfMatch(key, body, policy, etag);
            }
        };
        Publisher publisher = Publisher.create(PublisherConfig.defaults(), store, clock, NO_WAIT);
        assertThrows(DeadlineExceededException.class, () -> publisher.publish(Cue.solid(T0 + 5_000, "#222222"), "op"));
        assertEquals(1, pointer(dirStore).version());

        // the stuck request finally reaches the store: its If-Match no longer matches the fenced pointer
        Object[] late = inFlight.get();
        assertThrows(VersionConflictException.class,
                () -> dirStore.replaceIfMatch(Pointer.KEY, (byte[]) late[0], CachePolicy.POINTER, (String) late[1]));
        assertEquals(1, pointer(dirStore).version(), "nothing of the refused cue ever becomes visible");
    }
}
