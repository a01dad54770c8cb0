package dev.cuecast.publish;

import dev.cuecast.cue.Pointer;
import dev.cuecast.cue.State;
import dev.cuecast.json.CanonicalJson;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The show's objects in one {@link ObjectStore}: the one place that spells their keys (pointer, states, history,
 * draws) and reads them back as values, every call bounded in time. A damaged object reads as a problem, never as
 * an exception, so blackout and recovery can work over it.
 */
public final class ShowStore {
    public static final String POINTER = Pointer.KEY;
    public static final String STATES = "states/";
    public static final String HISTORY = "private/history/";
    public static final String DRAWS = "private/draws/";
    private static final Pattern STATE_KEY = Pattern.compile("states/([1-9][0-9]{0,18})\\.json");
    private static final Pattern HISTORY_KEY = Pattern.compile("private/history/([0-9]{19})\\.json");

    private final ObjectStore store;
    private final Clock clock;
    private final StoreCalls calls;
    private final CanonicalJson json = new CanonicalJson();

    ShowStore(ObjectStore store, Clock clock, StoreCalls calls) {
        this.store = store;
        this.clock = clock;
        this.calls = calls;
    }

    public static String stateKey(long version) {
        return State.key(version);
    }

    /** Zero-padded so that listing the keys in lexicographic order lists versions in numeric order. */
    public static String historyKey(long version) {
        return HISTORY + String.format("%019d", version) + ".json";
    }

    public static String drawKey(String id) {
        return DRAWS + id + ".json";
    }

    /** The version a {@code states/<v>.json} or history key names, or -1 for any other key. */
    static long versionOf(String key) {
        Matcher m = STATE_KEY.matcher(key);
        if (m.matches()) {
            return Long.parseLong(m.group(1));
        }
        m = HISTORY_KEY.matcher(key);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    ObjectStore objects() {
        return store;
    }

    /**
     * How long store calls may take: none past {@code deadline} (server clock), each at most {@code capMs}, a second
     * copy sent after {@code hedgeMs} (0: never).
     */
    record Budget(long deadline, long capMs, long hedgeMs) {
        long timeoutMs(long now) {
            return Math.min(capMs, deadline - now);
        }
    }

    /** The pointer as read: absent, unreadable (with its ETag, so it can still be replaced), or a value. */
    record PointerRead(String etag, Pointer pointer, byte[] body, String problem) {
        boolean present() {
            return etag != null;
        }

        long version() {
            return pointer == null ? 0 : pointer.version();
        }
    }

    /** A state as read: a value, or what is wrong with it (missing, unreadable). */
    record StateRead(String key, State state, String problem) {
        boolean missing() {
            return state == null && problem.endsWith(" is missing");
        }
    }

    PointerRead readPointer(Budget budget) {
        Optional<StoredObject> object = get(POINTER, budget);
        if (object.isEmpty()) {
            return new PointerRead(null, null, null, POINTER + " is missing");
        }
        StoredObject o = object.get();
        try {
            return new PointerRead(o.etag(), json.read(o.body(), Pointer.class), o.body(), null);
        } catch (IOException | IllegalArgumentException e) {
            return new PointerRead(o.etag(), null, o.body(), POINTER + " is unreadable (" + firstLine(e.getMessage()) + ")");
        }
    }

    StateRead readState(long version, Budget budget) {
        String key = stateKey(version);
        Optional<StoredObject> object = get(key, budget);
        if (object.isEmpty()) {
            return new StateRead(key, null, key + " is missing");
        }
        try {
            return new StateRead(key, json.read(object.get().body(), State.class), null);
        } catch (IOException | IllegalArgumentException e) {
            return new StateRead(key, null, key + " is unreadable (" + firstLine(e.getMessage()) + ")");
        }
    }

    <T> Optional<T> read(String key, Class<T> type, Budget budget) {
        return get(key, budget).map(o -> {
            try {
                return json.read(o.body(), type);
            } catch (IOException | IllegalArgumentException e) {
                throw new StoreUnavailableException(key + " in " + store + " is not a valid " + type.getSimpleName()
                        + ": " + firstLine(e.getMessage()), e);
            }
        });
    }

    Optional<StoredObject> get(String key, Budget budget) {
        return unconditional("read " + key, budget, () -> store.get(key));
    }

    List<String> list(String prefix, Budget budget) {
        return unconditional("list " + prefix, budget, () -> store.list(prefix));
    }

    void delete(String key, Budget budget) {
        unconditional("delete " + key, budget, () -> {
            store.delete(key);
            return null;
        });
    }

    /** The highest version among {@code states/} keys and history entries (0 when there are none). */
    long newestListedVersion(Budget budget) {
        long newest = 0;
        for (String prefix : List.of(STATES, HISTORY)) {
            List<String> keys = list(prefix, budget);
            for (String key : keys) {
                newest = Math.max(newest, versionOf(key));
            }
        }
        return newest;
    }

    String createOnly(String key, byte[] body, CachePolicy policy, Budget budget) throws VersionConflictException {
        return calls.run("create " + key, budget.timeoutMs(clock.millis()), budget.hedgeMs(),
                () -> store.createOnly(key, body, policy));
    }

    String writePointer(byte[] body, String etag, Budget budget) throws VersionConflictException {
        if (etag == null) {
            return createOnly(POINTER, body, CachePolicy.POINTER, budget);
        }
        return calls.run("replace " + POINTER, budget.timeoutMs(clock.millis()), budget.hedgeMs(),
                () -> store.replaceIfMatch(POINTER, body, CachePolicy.POINTER, etag));
    }

    byte[] write(Object value) {
        return json.write(value);
    }

    private interface Read<T> {
        T call();
    }

    private <T> T unconditional(String what, Budget budget, Read<T> read) {
        try {
            return calls.run(what, budget.timeoutMs(clock.millis()), budget.hedgeMs(), read::call);
        } catch (VersionConflictException e) {
            throw new IllegalStateException("an unconditional call cannot conflict", e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
