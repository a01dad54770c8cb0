package dev.cuecast.cue;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The tiny file phones poll: which state is newest and how often to poll.
 *
 * @param epoch  random id chosen when a store is first written (or rebuilt after its pointer was lost): versions
 *               never repeat within an epoch, so a phone accepts a lower version only from a new epoch. Absent
 *               in pointers written before epochs existed.
 * @param inline the state itself, when its canonical bytes fit in {@link Limits#POINTER_INLINE_MAX_BYTES}: a phone
 *               that polls the pointer then holds a new cue after one round trip instead of two. The state file is
 *               written all the same (late joiners, large states, older phones); absent when the state is larger.
 */
@JsonPropertyOrder({"v", "version", "state", "poll_ms", "published_at", "epoch", "inline"})
public record Pointer(int v, long version, String state, int pollMs, long publishedAt, String epoch, State inline) {
    public static final String KEY = "live/pointer.json";

    public Pointer {
        Limits.require(v == State.WIRE_VERSION, "pointer v must be " + State.WIRE_VERSION);
        Limits.require(version >= 1 && version <= Limits.MAX_SAFE_INTEGER, "pointer version must be between 1 and 2^53-1");
        Limits.require(publishedAt >= 0, "pointer published_at must be epoch milliseconds, got " + publishedAt);
        Limits.require(State.key(version).equals(state), "pointer state must be " + State.key(version));
        Limits.require(pollMs >= Limits.MIN_POLL_MS && pollMs <= Limits.MAX_POLL_MS,
                "poll_ms must be between " + Limits.MIN_POLL_MS + " and " + Limits.MAX_POLL_MS + ", got " + pollMs);
        Limits.require(epoch == null || EPOCH.matcher(epoch).matches(), "pointer epoch must be 1 to 32 of [A-Za-z0-9_-]");
        Limits.require(inline == null || inline.version() == version,
                "pointer inline must be the state of version " + version + ", got version " + (inline == null ? 0 : inline.version()));
    }

    public Pointer(int v, long version, String state, int pollMs, long publishedAt, String epoch) {
        this(v, version, state, pollMs, publishedAt, epoch, null);
    }

    private static final java.util.regex.Pattern EPOCH = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public static Pointer of(long version, int pollMs, long publishedAt) {
        return of(version, pollMs, publishedAt, null);
    }

    public static Pointer of(long version, int pollMs, long publishedAt, String epoch) {
        return new Pointer(State.WIRE_VERSION, version, State.key(version), pollMs, publishedAt, epoch);
    }

    /**
     * This pointer carrying {@code state} inline when its canonical bytes ({@code bytes}, exactly what
     * {@code states/<version>.json} holds) fit in {@link Limits#POINTER_INLINE_MAX_BYTES}; else this pointer unchanged.
     */
    public Pointer inlining(State state, byte[] bytes) {
        if (bytes.length > Limits.POINTER_INLINE_MAX_BYTES) {
            return inline == null ? this : new Pointer(v, version, this.state, pollMs, publishedAt, epoch, null);
        }
        return new Pointer(v, version, this.state, pollMs, publishedAt, epoch, state);
    }
}
