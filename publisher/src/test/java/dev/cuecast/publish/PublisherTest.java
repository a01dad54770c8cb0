package dev.cuecast.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.InvalidCueException;
import dev.cuecast.cue.Limits;
import dev.cuecast.cue.Mode;
import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.State;
import dev.cuecast.json.CanonicalJson;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher against a real directory store: behaviour, validation, history and gc (races: {@link PublishProtocolTest}). */
class PublisherTest {
    static final long T0 = 1_767_225_600_000L;
    static final Backoff NO_WAIT = new Backoff(5, 250, ms -> { }, bound -> 0);

    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock(T0);
    final CanonicalJson json = new CanonicalJson();

    DirObjectStore store() {
        return new DirObjectStore(dir, false);
    }

    Publisher publisher(ObjectStore store) {
        return Publisher.create(PublisherConfig.defaults(), store, clock, NO_WAIT);
    }

    State state(ObjectStore store, long version) throws Exception {
        return json.read(store.get(State.key(version)).orElseThrow().body(), State.class);
    }

    Pointer pointer(ObjectStore store) throws Exception {
        return json.read(store.get(Pointer.KEY).orElseThrow().body(), Pointer.class);
    }

    @Test
    void first_publish_writes_state_1_and_a_pointer_naming_it_with_the_cdn_headers() throws Exception {
        DirObjectStore store = store();
        Published published = publisher(store).publish(Cue.solid(T0 + 3000, "#ff0000"), "op");

        assertEquals(new Published(1, T0 + 3000, "states/1.json"), published);
        StoredObject pointer = store.get(Pointer.KEY).orElseThrow();
        StoredObject state = store.get("states/1.json").orElseThrow();
        // a small state rides inline too, byte for byte what states/1.json holds
        String inline = java.util.regex.Pattern.quote(new String(state.body()));
        assertTrue(new String(pointer.body()).matches("\\{\"v\":1,\"version\":1,\"state\":\"states/1.json\",\"poll_ms\":1000,"
                + "\"published_at\":" + T0 + ",\"epoch\":\"[A-Za-z0-9_-]{16}\",\"publish_id\":\"[A-Za-z0-9_-]{22}\",\"inline\":"
                + inline + "}"), new String(pointer.body()));
        assertEquals(CachePolicy.POINTER.header(), pointer.cacheControl());
        assertEquals("application/json", pointer.contentType());
        assertEquals(CachePolicy.STATE.header(), state.cacheControl());
        assertEquals(List.of(Cue.solid(T0 + 3000, "#FF0000")), state(store, 1).cues());
    }

    @Test
    void a_state_up_to_the_inline_limit_rides_in_the_pointer_and_a_larger_one_only_in_its_file() throws Exception {
        DirObjectStore store = store();
        Publisher publisher = publisher(store);
        publisher.publish(Cue.solid(T0 + 60_000, "#FF0000"), "op");
        assertEquals(state(store, 1), pointer(store).inline(), "small: inline, the same value as states/1.json");
        long version = 1;
        while (store.get(State.key(version)).orElseThrow().body().length <= Limits.POINTER_INLINE_MAX_BYTES) {
            version = publisher.publish(Cue.solid(T0 + 60_000 + version * 1000L, "#00FF00"), "op").version();
            Pointer p = pointer(store);
            byte[] bytes = store.get(State.key(version)).orElseThrow().body();
            assertEquals(bytes.length <= Limits.POINTER_INLINE_MAX_BYTES ? state(store, version) : null, p.inline(),
                    "version " + version + " of " + bytes.length + " bytes");
        }
        assertEquals(null, pointer(store).inline(), "over " + Limits.POINTER_INLINE_MAX_BYTES + " bytes the pointer only names the state");
        assertTrue(store.get(Pointer.KEY).orElseThrow().body().length < 200, "and keeps the design's 200-byte target");
        publisher.blackout("op");
        assertEquals(Cue.off(T0), pointer(store).inline().cues().get(0), "a blackout is small: inline");
    }

    @Test
    void a_new_publisher_on_an_existing_store_continues_after_the_pointer_version() throws Exception {
        DirObjectStore store = store();
        publisher(store).publish(Cue.solid(T0, "#FF0000"), "op");
        publisher(store).publish(Cue.solid(T0, "#00FF00"), "op");
        Published third = publisher(store).publish(Cue.solid(T0, "#0000FF"), "op");
        assertEquals(3, third.version());
        assertEquals(3, pointer(store).version());
    }

    @Test
    void pending_cues_carry_over_into_the_next_state() throws Exception {
        DirObjectStore store = store();
        Publisher publisher = publisher(store);
        publisher.publish(Cue.solid(T0, "#111111"), "op");
        publisher.publish(Cue.solid(T0 + 5000, "#222222"), "op");
        publisher.publish(Cue.solid(T0 + 2000, "#333333"), "op");
        assertEquals(List.of(Cue.solid(T0, "#111111"), Cue.solid(T0 + 2000, "#333333"), Cue.solid(T0 + 5000, "#222222")),
                state(store, 3).cues());
    }

    @Test
    void effective_at_beyond_the_past_grace_is_refused_with_what_to_fix_and_nothing_is_written() {
        DirObjectStore store = store();
        InvalidCueException e = assertThrows(InvalidCueException.class,
                () -> publisher(store).publish(Cue.solid(T0 - 1001, "#FF0000"), "op"));
        assertTrue(e.getMessage().contains("1001 ms in the past") && e.getMessage().contains("lead_ms"), e.getMessage());
        assertEquals(List.of(), store.list(""));
    }

    @Test
    void effective_at_within_the_past_grace_is_accepted() {
        assertEquals(1, publisher(store()).publish(Cue.solid(T0 - 1000, "#FF0000"), "op").version());
    }

    @Test
    void effective_at_more_than_a_day_ahead_is_refused_and_exactly_a_day_is_accepted() {
        DirObjectStore store = store();
        Publisher publisher = publisher(store);
        InvalidCueException e = assertThrows(InvalidCueException.class,
                () -> publisher.publish(Cue.solid(T0 + 86_400_001L, "#FF0000"), "op"));
        assertTrue(e.getMessage().contains("ahead"), e.getMessage());
        assertEquals(List.of(), store.list(""));
        assertEquals(1, publisher.publish(Cue.solid(T0 + 86_400_000L, "#FF0000"), "op").version());
    }

    @Test
    void a_publish_without_an_actor_is_refused() {
        assertThrows(InvalidCueException.class, () -> publisher(store()).publish(Cue.off(T0), " "));
    }

    @Test
    void a_cue_beyond_the_pending_limit_is_refused_and_the_pointer_does_not_move() throws Exception {
        DirObjectStore store = store();
        List<Cue> full = new ArrayList<>();
        for (int i = 1; i <= Limits.MAX_CUES_PER_STATE; i++) {
            full.add(Cue.solid(T0 + i, "#222222"));
        }
        store.createOnly("states/7.json", json.write(new State(1, 7, T0, full)), CachePolicy.STATE);
        store.createOnly(Pointer.KEY, json.write(Pointer.of(7, 1000, T0)), CachePolicy.POINTER);

        InvalidCueException e = assertThrows(InvalidCueException.class,
                () -> publisher(store).publish(Cue.solid(T0 + 50_000, "#333333"), "op"));
        assertTrue(e.getMessage().contains("too many pending cues"), e.getMessage());
        assertEquals(7, pointer(store).version());
        assertEquals(List.of("states/7.json"), store.list("states/"));
    }

    @Test
    void blackout_is_effective_now_and_drops_every_pending_cue() throws Exception {
        DirObjectStore store = store();
        Publisher publisher = publisher(store);
        publisher.publish(Cue.solid(T0, "#111111"), "op");
        publisher.publish(Cue.solid(T0 + 5000, "#222222"), "op");
        clock.advance(100);
        Published off = publisher.blackout("op");
        assertEquals(new Published(3, T0 + 100, "states/3.json"), off);
        assertEquals(List.of(Cue.off(T0 + 100)), state(store, 3).cues());
    }

    @Test
    void poll_ms_is_kept_by_later_publishes_until_changed() throws Exception {
        DirObjectStore store = store();
        Publisher publisher = publisher(store);
        publisher.publish(Cue.solid(T0, "#111111"), "op");
        publisher.setPollMs(20_000, "op");
        assertEquals(20_000, pointer(store).pollMs());
        assertEquals(List.of(Cue.solid(T0, "#111111")), state(store, 2).cues());
        publisher.publish(Cue.solid(T0, "#222222"), "op");
        assertEquals(20_000, pointer(store).pollMs());
        publisher.blackout("op");
        assertEquals(20_000, pointer(store).pollMs());
    }

    @Test
    void poll_ms_out_of_range_is_refused() {
        DirObjectStore store = store();
        assertThrows(InvalidCueException.class, () -> publisher(store).setPollMs(499, "op"));
        assertThrows(InvalidCueException.class, () -> publisher(store).setPollMs(60_001, "op"));
        assertEquals(List.of(), store.list(""));
    }

    @Test
    void setting_poll_ms_before_any_cue_publishes_a_dark_state() throws Exception {
        DirObjectStore store = store();
        publisher(store).setPollMs(20_000, "op");
        assertEquals(List.of(Cue.off(T0)), state(store, 1).cues());
    }

    @Test
    void current_is_empty_before_the_first_publish_then_names_the_newest_state() {
        DirObjectStore store = store();
        Publisher publisher = publisher(store);
        assertEquals(Optional.empty(), publisher.current());
        publisher.publish(Cue.solid(T0, "#111111"), "op");
        publisher.publish(Cue.solid(T0, "#222222"), "op");
        Snapshot snapshot = publisher.current().orElseThrow();
        assertEquals(2, snapshot.pointer().version());
        assertEquals(2, snapshot.state().version());
        assertEquals(List.of(Cue.solid(T0, "#222222")), snapshot.state().cues());
    }

    @Test
    void history_lists_versions_newest_first_with_who_what_and_when() throws Exception {
        DirObjectStore store = store();
        Publisher publisher = publisher(store);
        Cue strobe = new Cue(T0 + 3000, Mode.STROBE, "#FFFFFF", 600, null, null, null, null);
        publisher.publish(strobe, "alice");
        clock.advance(10);
        publisher.setPollMs(20_000, "bob");
        clock.advance(10);
        publisher.blackout("carol");

        assertEquals(List.of(
                new HistoryEntry(3, T0 + 20, "carol", "blackout", Cue.off(T0 + 20), 20_000),
                new HistoryEntry(2, T0 + 10, "bob", "settings", null, 20_000),
                new HistoryEntry(1, T0, "alice", "cue", strobe, 1000)), publisher.history(10).stream()
                .map(e -> new HistoryEntry(e.version(), e.publishedAt(), e.actor(), e.action(), e.cue(), e.pollMs()))
                .toList());
        for (HistoryEntry e : publisher.history(10)) {
            assertEquals(state(store, e.version()).publishId(), e.publishId(), "history names the publish id of its state");
        }
        assertEquals(List.of(3L, 2L), publisher.history(2).stream().map(HistoryEntry::version).toList());
        StoredObject audit = store.get("private/history/0000000000000000001.json").orElseThrow();
        assertEquals(CachePolicy.PRIVATE.header(), audit.cacheControl());
    }

    @Test
    void history_orders_versions_numerically_beyond_nine() {
        Publisher publisher = publisher(store());
        for (int i = 0; i < 11; i++) {
            publisher.publish(Cue.solid(T0, "#111111"), "op");
        }
        assertEquals(List.of(11L, 10L, 9L), publisher.history(3).stream().map(HistoryEntry::version).toList());
    }

    @Test
    void a_version_live_without_its_history_entry_is_not_acknowledged_and_the_next_publish_records_it() throws Exception {
        DirObjectStore dirStore = store();
        java.util.concurrent.atomic.AtomicBoolean full = new java.util.concurrent.atomic.AtomicBoolean(true);
        ObjectStore store = new ForwardingObjectStore(dirStore) {
            @Override
            public String createOnly(String key, byte[] body, CachePolicy policy) throws VersionConflictException {
                if (key.startsWith("private/") && full.get()) {
                    throw new UncheckedIOException(new java.io.IOException("disk full"));
                }
                return super.createOnly(key, body, policy);
            }
        };
        Publisher publisher = publisher(store);
        UnrecordedException e = assertThrows(UnrecordedException.class, () -> publisher.publish(Cue.solid(T0, "#111111"), "op"));
        assertEquals(1, e.published().version());
        assertTrue(e.getMessage().contains("Do not send it again"), e.getMessage());
        assertEquals(1, pointer(dirStore).version(), "it is live: the answer says so instead of a 201");

        full.set(false);
        assertEquals(2, publisher.publish(Cue.solid(T0 + 5_000, "#222222"), "op").version());
        assertEquals(List.of(2L, 1L), publisher.history(10).stream().map(HistoryEntry::version).toList(),
                "the next publish writes the missing entry");
    }

    @Test
    void an_unreachable_store_fails_the_publish_as_store_unavailable() {
        ObjectStore down = new ForwardingObjectStore(store()) {
            @Override
            public Optional<StoredObject> get(String key) {
                throw new UncheckedIOException(new java.io.IOException("connection refused"));
            }
        };
        PublishFailedException e = assertThrows(PublishFailedException.class,
                () -> publisher(down).publish(Cue.solid(T0, "#111111"), "op"));
        assertInstanceOf(StoreUnavailableException.class, e);
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
    }

    @Test
    void a_cue_over_a_missing_current_state_is_published_dark_until_it_and_the_history_says_what_was_recovered()
            throws Exception {
        DirObjectStore store = store();
        Publisher publisher = publisher(store);
        publisher.publish(Cue.solid(T0 + 5_000, "#111111"), "op");
        store.delete("states/1.json");

        Published next = publisher.publish(Cue.solid(T0 + 3_000, "#222222"), "op");
        assertEquals(2, next.version());
        assertEquals(List.of(Cue.off(T0), Cue.solid(T0 + 3_000, "#222222")), state(store, 2).cues(),
                "the lost pending cue is not guessed back: dark until the new cue");
        HistoryEntry entry = publisher.history(1).get(0);
        assertTrue(entry.note().contains("states/1.json") && entry.note().contains("missing"), entry.note());
    }

    @Test
    void a_cue_over_a_corrupt_current_state_and_a_blackout_over_a_corrupt_pointer_both_publish() throws Exception {
        DirObjectStore store = store();
        Publisher publisher = publisher(store);
        publisher.publish(Cue.solid(T0, "#111111"), "op");
        java.nio.file.Files.writeString(dir.resolve("states/1.json"), "{\"v\":1,\"vers");
        assertEquals(2, publisher.publish(Cue.solid(T0, "#222222"), "op").version());
        assertTrue(publisher.history(1).get(0).note().contains("unreadable"));

        java.nio.file.Files.writeString(dir.resolve("live/pointer.json"), "garbage");
        Published blackout = publisher(store).blackout("op");
        assertEquals(3, blackout.version(), "a fresh publisher continues after the newest state and history entry");
        assertEquals(3, pointer(store).version());
        assertEquals(List.of(Cue.off(T0)), state(store, 3).cues());
        assertTrue(publisher.history(1).get(0).note().contains("unreadable"));
    }

    @Test
    void a_lost_pointer_does_not_restart_numbering_and_starts_a_new_epoch() throws Exception {
        DirObjectStore store = store();
        publisher(store).publish(Cue.solid(T0, "#111111"), "op");
        publisher(store).publish(Cue.solid(T0, "#222222"), "op");
        String epoch = pointer(store).epoch();
        store.delete(Pointer.KEY);
        store.delete("states/2.json");

        Published next = publisher(store).publish(Cue.solid(T0, "#333333"), "op");
        assertEquals(3, next.version(), "1 + the newest of states/ and history, never 1 again");
        assertFalse(epoch.equals(pointer(store).epoch()), "a rebuilt pointer starts a new epoch");
        assertTrue(publisher(store).history(1).get(0).note().contains("missing"));
        Published after = publisher(store).publish(Cue.solid(T0, "#444444"), "op");
        assertEquals(4, after.version());
        assertEquals(pointer(store).epoch(), json.read(store.get(Pointer.KEY).orElseThrow().body(), Pointer.class).epoch());
    }

    @Test
    void a_state_deleted_by_gc_between_reading_the_pointer_and_the_state_is_read_again_from_the_newer_pointer()
            throws Exception {
        DirObjectStore dirStore = store();
        Publisher other = publisher(dirStore);
        other.publish(Cue.solid(T0, "#111111"), "other");
        AtomicBoolean raced = new AtomicBoolean();
        ObjectStore racing = new ForwardingObjectStore(dirStore) {
            @Override
            public Optional<StoredObject> get(String key) {
                if (key.equals("states/1.json") && raced.compareAndSet(false, true)) {
                    other.publish(Cue.solid(T0, "#222222"), "other");
                    other.collectGarbage(0, Duration.ZERO, false);
                }
                return super.get(key);
            }
        };
        assertEquals(3, publisher(racing).publish(Cue.solid(T0, "#333333"), "op").version());
        assertTrue(raced.get());
    }

    @Test
    void gc_deletes_old_states_but_keeps_the_current_the_newest_few_and_the_recent_ones() throws Exception {
        DirObjectStore store = store();
        Publisher publisher = publisher(store);
        for (int i = 0; i < 6; i++) {
            publisher.publish(Cue.solid(clock.millis(), "#111111"), "op");
            clock.advance(60_000);
        }
        // states 1..6 published a minute apart; now is T0 + 6 min
        List<String> planned = publisher.collectGarbage(2, Duration.ofMinutes(3), true);
        assertEquals(List.of("states/1.json", "states/2.json", "states/3.json"), planned);
        assertEquals(6, store.list("states/").size());

        assertEquals(planned, publisher.collectGarbage(2, Duration.ofMinutes(3), false));
        assertEquals(List.of("states/4.json", "states/5.json", "states/6.json"), store.list("states/"));
        assertEquals(6, publisher.history(100).size());
    }

    @Test
    void gc_never_deletes_the_current_state_nor_a_state_newer_than_the_pointer() throws Exception {
        DirObjectStore store = store();
        Publisher publisher = publisher(store);
        publisher.publish(Cue.solid(T0, "#111111"), "op");
        publisher.publish(Cue.solid(T0, "#222222"), "op");
        // a publisher that crashed (or is about to write the pointer) left states/3.json
        store.createOnly("states/3.json", json.write(new State(1, 3, T0, List.of(Cue.off(T0)))), CachePolicy.STATE);
        clock.advance(3_600_000);
        assertEquals(List.of("states/1.json"), publisher.collectGarbage(0, Duration.ZERO, false));
        assertEquals(List.of("states/2.json", "states/3.json"), store.list("states/"));
    }

    @Test
    void the_same_state_written_twice_differs_only_in_its_publish_id() throws Exception {
        DirObjectStore a = new DirObjectStore(dir.resolve("a"), false);
        DirObjectStore b = new DirObjectStore(dir.resolve("b"), false);
        publisher(a).publish(Cue.solid(T0, "#111111"), "op");
        publisher(b).publish(Cue.solid(T0, "#111111"), "op");
        String sa = new String(a.get("states/1.json").orElseThrow().body());
        String sb = new String(b.get("states/1.json").orElseThrow().body());
        assertFalse(sa.equals(sb), "each publish has its own id, so a read-back can tell whose state it finds");
        String noId = "\"publish_id\":\"[A-Za-z0-9_-]+\",";
        assertEquals(sa.replaceAll(noId, ""), sb.replaceAll(noId, ""));
    }

    @Test
    void backoff_grows_exponentially_up_to_its_cap_with_full_jitter() {
        List<Long> bounds = new ArrayList<>();
        Backoff backoff = new Backoff(5, 250, ms -> { }, bound -> {
            bounds.add(bound);
            return bound - 1;
        });
        List<Long> delays = new ArrayList<>();
        for (int attempt = 1; attempt <= 8; attempt++) {
            delays.add(backoff.delayMs(attempt));
        }
        assertEquals(List.of(5L, 10L, 20L, 40L, 80L, 160L, 250L, 250L), delays);
        assertEquals(List.of(6L, 11L, 21L, 41L, 81L, 161L, 251L, 251L), bounds);
        assertEquals(0, new Backoff(5, 250, ms -> { }, bound -> 0).delayMs(40));
    }

    @Test
    void a_cue_that_would_make_the_state_larger_than_64_kib_is_refused_with_the_size_and_what_to_do() throws Exception {
        DirObjectStore store = store();
        Publisher publisher = publisher(store);
        List<dev.cuecast.cue.Step> steps = new ArrayList<>();
        for (int i = 0; i < Limits.MAX_STEPS; i++) {
            steps.add(new dev.cuecast.cue.Step(i * 400L, i % 2 == 0 ? "#FF0000" : "#0000FF"));
        }
        Published first = publisher.publish(new Cue(T0 + 10_000, Mode.SEQUENCE, null, null, null, steps, null, null), "op");
        dev.cuecast.cue.StateTooLargeException e = assertThrows(dev.cuecast.cue.StateTooLargeException.class,
                () -> publisher.publish(new Cue(T0 + 20_000, Mode.SEQUENCE, null, null, null, steps, null, null), "op"));
        assertTrue(e.getMessage().contains("bytes") && e.getMessage().contains("65536") && e.getMessage().contains("black out"),
                e.getMessage());
        assertEquals(first.version(), pointer(store).version(), "nothing was published");
    }

    /** The operator's undo: back to what a version showed, a timeline's pending cues included. */
    @org.junit.jupiter.api.Nested
    class Undo {

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
            assertEquals(2, pointer(store).version(), "a preview writes nothing");
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
            assertEquals(2, pointer(store).version());
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
}
