package dev.cuecast.publish;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} must do for the publishing protocol to hold. A store joins by subclassing and
 * returning a fresh, empty store from {@link #newStore()} (called before each test, closed after it).
 *
 * <p>The racing tests prove that a store refuses the second of two concurrent conditional writes; only a store
 * that passes them may be trusted by the publisher's concurrency tests.
 */
public abstract class ObjectStoreContract {
    /** Writers racing for one key per round; bounded so a 2-core machine is not swamped. */
    protected static final int RACERS = 8;
    protected static final int RACE_ROUNDS = 10;
    private static final long RACE_TIMEOUT_SECONDS = 30;

    protected ObjectStore store;

    /** A fresh, empty store; it is closed after each test. */
    protected abstract ObjectStore newStore() throws Exception;

    /**
     * Why this store's create-only is known not to be atomic against a concurrent writer, or empty when it is.
     * A known gap skips the racing test with this reason (never faked), and marks the store unfit for racing
     * publishers.
     */
    protected Optional<String> knownNonAtomicCreateOnly() {
        return Optional.empty();
    }

    /** As {@link #knownNonAtomicCreateOnly()}, for If-Match. */
    protected Optional<String> knownNonAtomicReplace() {
        return Optional.empty();
    }

    /** Enough keys to need more than one page of {@link ObjectStore#list}; stores with a small test page lower it. */
    protected int keysForPagingTest() {
        return 1_001;
    }

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void create_only_writes_a_new_key_and_returns_its_etag() throws Exception {
        String etag = store.createOnly("states/1.json", bytes("{\"version\":1}"), CachePolicy.STATE);

        StoredObject read = store.get("states/1.json").orElseThrow();
        assertNotNull(etag);
        assertEquals(etag, read.etag());
        assertEquals("states/1.json", read.key());
        assertArrayEquals(bytes("{\"version\":1}"), read.body());
    }

    @Test
    void second_create_only_loses_and_keeps_the_first_body() throws Exception {
        store.createOnly("states/1.json", bytes("first"), CachePolicy.STATE);

        assertThrows(VersionConflictException.class,
                () -> store.createOnly("states/1.json", bytes("second"), CachePolicy.STATE));
        assertArrayEquals(bytes("first"), store.get("states/1.json").orElseThrow().body());
    }

    @Test
    void replace_with_the_current_etag_wins_and_changes_the_etag() throws Exception {
        String first = store.createOnly("live/pointer.json", bytes("{\"version\":1}"), CachePolicy.POINTER);

        String second = store.replaceIfMatch("live/pointer.json", bytes("{\"version\":2}"), CachePolicy.POINTER, first);

        StoredObject read = store.get("live/pointer.json").orElseThrow();
        assertNotEquals(first, second);
        assertEquals(second, read.etag());
        assertArrayEquals(bytes("{\"version\":2}"), read.body());
    }

    @Test
    void replace_with_a_stale_etag_loses_and_keeps_the_newer_body() throws Exception {
        String v1 = store.createOnly("live/pointer.json", bytes("{\"version\":1}"), CachePolicy.POINTER);
        store.replaceIfMatch("live/pointer.json", bytes("{\"version\":2}"), CachePolicy.POINTER, v1);

        assertThrows(VersionConflictException.class,
                () -> store.replaceIfMatch("live/pointer.json", bytes("{\"version\":3}"), CachePolicy.POINTER, v1));
        assertArrayEquals(bytes("{\"version\":2}"), store.get("live/pointer.json").orElseThrow().body());
    }

    @Test
    void replace_of_a_missing_key_is_a_conflict_and_writes_nothing() throws Exception {
        String etagOfSomethingElse = store.createOnly("states/1.json", bytes("x"), CachePolicy.STATE);

        assertThrows(VersionConflictException.class,
                () -> store.replaceIfMatch("live/pointer.json", bytes("{}"), CachePolicy.POINTER, etagOfSomethingElse));
        assertTrue(store.get("live/pointer.json").isEmpty());
    }

    @Test
    void get_of_a_missing_key_is_empty() {
        assertTrue(store.get("live/pointer.json").isEmpty());
    }

    @Test
    void cache_control_and_content_type_are_stored_and_returned() throws Exception {
        store.createOnly("live/pointer.json", bytes("{}"), CachePolicy.POINTER);
        store.createOnly("states/7.json", bytes("{}"), CachePolicy.STATE);

        StoredObject pointer = store.get("live/pointer.json").orElseThrow();
        StoredObject state = store.get("states/7.json").orElseThrow();
        assertEquals(CachePolicy.POINTER.header(), pointer.cacheControl());
        assertEquals(CachePolicy.STATE.header(), state.cacheControl());
        assertTrue(pointer.contentType().startsWith("application/json"), pointer.contentType());
        assertTrue(state.contentType().startsWith("application/json"), state.contentType());
    }

    @Test
    void replace_stores_the_new_cache_control() throws Exception {
        String etag = store.createOnly("live/pointer.json", bytes("{}"), CachePolicy.NO_STORE);

        store.replaceIfMatch("live/pointer.json", bytes("{\"v\":1}"), CachePolicy.POINTER, etag);

        assertEquals(CachePolicy.POINTER.header(), store.get("live/pointer.json").orElseThrow().cacheControl());
    }

    @Test
    void list_returns_only_keys_under_the_prefix_in_order() throws Exception {
        for (String key : List.of("states/2.json", "live/pointer.json", "states/10.json", "states/1.json",
                "private/history/0000000000000000001.json")) {
            store.createOnly(key, bytes(key), CachePolicy.STATE);
        }

        assertEquals(List.of("states/1.json", "states/10.json", "states/2.json"), store.list("states/"));
        assertEquals(List.of("live/pointer.json"), store.list("live/"));
        assertEquals(5, store.list("").size());
        assertEquals(List.of(), store.list("draws/"));
    }

    @Test
    void list_returns_every_key_across_pages() throws Exception {
        int count = keysForPagingTest();
        for (int i = 0; i < count; i++) {
            store.createOnly("states/%04d.json".formatted(i), bytes("{}"), CachePolicy.STATE);
        }

        List<String> keys = store.list("states/");

        assertEquals(count, keys.size());
        assertEquals("states/0000.json", keys.get(0));
        assertEquals("states/%04d.json".formatted(count - 1), keys.get(count - 1));
        assertEquals(keys.stream().distinct().sorted().toList(), keys);
    }

    @Test
    void delete_removes_the_key_and_a_missing_key_is_not_an_error() throws Exception {
        store.createOnly("states/1.json", bytes("x"), CachePolicy.STATE);
        store.createOnly("states/2.json", bytes("y"), CachePolicy.STATE);

        store.delete("states/1.json");
        store.delete("states/1.json");
        store.delete("states/never.json");

        assertTrue(store.get("states/1.json").isEmpty());
        assertEquals(List.of("states/2.json"), store.list("states/"));
    }

    @Test
    void create_only_succeeds_again_after_delete() throws Exception {
        store.createOnly("states/1.json", bytes("old"), CachePolicy.STATE);
        store.delete("states/1.json");

        store.createOnly("states/1.json", bytes("new"), CachePolicy.STATE);

        assertArrayEquals(bytes("new"), store.get("states/1.json").orElseThrow().body());
    }

    @Test
    void racing_create_only_writes_have_exactly_one_winner() throws Exception {
        assumeTrue(knownNonAtomicCreateOnly().isEmpty(), () -> knownNonAtomicCreateOnly().orElseThrow());
        for (int round = 0; round < RACE_ROUNDS; round++) {
            String key = "states/" + round + ".json";
            List<Outcome> outcomes = race(racer -> () -> store.createOnly(key, bytes("racer " + racer), CachePolicy.STATE));

            assertOneWinnerWhoseBodyIsStored(key, outcomes);
        }
    }

    @Test
    void racing_replaces_with_the_same_etag_have_exactly_one_winner() throws Exception {
        assumeTrue(knownNonAtomicReplace().isEmpty(), () -> knownNonAtomicReplace().orElseThrow());
        String key = "live/pointer.json";
        String etag = store.createOnly(key, bytes("round -1"), CachePolicy.POINTER);
        for (int round = 0; round < RACE_ROUNDS; round++) {
            String current = etag;
            String base = "round " + round + " racer ";
            List<Outcome> outcomes = race(racer -> () ->
                    store.replaceIfMatch(key, bytes(base + racer), CachePolicy.POINTER, current));

            assertOneWinnerWhoseBodyIsStored(key, outcomes);
            etag = store.get(key).orElseThrow().etag();
        }
    }

    private record Outcome(int racer, String etag, Throwable failure) {
    }

    private interface RacerTask {
        Callable<String> forRacer(int racer);
    }

    /** Starts RACERS writers at once (behind a latch) and collects who won and who lost. */
    private List<Outcome> race(RacerTask task) throws InterruptedException, TimeoutException {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch ready = new CountDownLatch(RACERS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> futures = new ArrayList<>();
            for (int racer = 0; racer < RACERS; racer++) {
                Callable<String> write = task.forRacer(racer);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return write.call();
                }));
            }
            assertTrue(ready.await(RACE_TIMEOUT_SECONDS, TimeUnit.SECONDS), "racers did not start");
            go.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (int racer = 0; racer < RACERS; racer++) {
                try {
                    outcomes.add(new Outcome(racer, futures.get(racer).get(RACE_TIMEOUT_SECONDS, TimeUnit.SECONDS), null));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome(racer, null, e.getCause()));
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(RACE_TIMEOUT_SECONDS, TimeUnit.SECONDS), "racers did not stop");
        }
    }

    private void assertOneWinnerWhoseBodyIsStored(String key, List<Outcome> outcomes) {
        List<Outcome> winners = outcomes.stream().filter(o -> o.failure() == null).toList();
        for (Outcome o : outcomes) {
            if (o.failure() != null) {
                assertTrue(o.failure() instanceof VersionConflictException,
                        () -> "racer " + o.racer() + " failed with something other than a conflict: " + o.failure());
            }
        }
        assertEquals(1, winners.size(), () -> "winners of " + key + ": " + winners);
        StoredObject stored = store.get(key).orElseThrow();
        String body = new String(stored.body(), UTF_8);
        assertTrue(body.endsWith("racer " + winners.get(0).racer()),
                () -> "stored body '" + body + "' is not the winner's (racer " + winners.get(0).racer() + ")");
        assertEquals(winners.get(0).etag(), stored.etag());
        assertFalse(stored.etag().isBlank());
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
