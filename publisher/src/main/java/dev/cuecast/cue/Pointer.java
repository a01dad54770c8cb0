package dev.cuecast.cue;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The tiny file phones poll: which state is newest and how often to poll.
 *
 * @param epoch  random id chosen when a store is first written (or rebuilt after its pointer was lost): versions
 *               never repeat within an epoch, so a phone accepts a lower version only from a new epoch. Absent
 *               in pointers written before epochs existed.
 * @param publishId the publish id of the state it names ({@link State#publishId()}): a phone adopts a fetched state
 *                  only when the two match, so a CDN copy of another epoch's {@code states/<v>.json} is never shown;
 *                  absent in pointers written before it existed
 * @param blackout  the version of the newest BLACKOUT in this store, carried forward by every publish: a write built
 *                  on an older version than it is refused, so a cue pressed before a BLACKOUT never lands after it
 *                  (decided by versions, never by comparing clocks); absent while there has been none
 * @param inline the state itself, when its canonical bytes fit in {@link Limits#POINTER_INLINE_MAX_BYTES}: a phone
 *               that polls the pointer then holds a new cue after one round trip instead of two. The state file is
 *               written all the same (late joiners, large states, older phones); absent when the state is larger.
 */
@JsonPropertyOrder({"v", "version", "state", "poll_ms", "published_at", "epoch", "publish_id", "blackout", "inline"})
public record Pointer(int v, long version, String state, int pollMs, long publishedAt, String epoch, String publishId,
                      Long blackout, State inline) {
    public static final String KEY = "live/pointer.json";

    public Pointer {
        Limits.require(v == State.WIRE_VERSION, "pointer v must be " + State.WIRE_VERSION);
        Limits.require(version >= 1 && version <= Limits.MAX_SAFE_INTEGER, "pointer version must be between 1 and 2^53-1");
        Limits.require(publishedAt >= 0, "pointer published_at must be epoch milliseconds, got " + publishedAt);
        Limits.require(State.key(version).equals(state), "pointer state must be " + State.key(version));
        Limits.require(pollMs >= Limits.MIN_POLL_MS && pollMs <= Limits.MAX_POLL_MS,
                "poll_ms must be between " + Limits.MIN_POLL_MS + " and " + Limits.MAX_POLL_MS + ", got " + pollMs);
        Limits.require(epoch == null || EPOCH.matcher(epoch).matches(), "pointer epoch must be 1 to 32 of [A-Za-z0-9_-]");
        Limits.require(publishId == null || publishId.matches("[A-Za-z0-9_-]{1,64}"),
                "pointer publish_id must be 1 to 64 of [A-Za-z0-9_-]");
        Limits.require(blackout == null || blackout >= 1 && blackout <= version,
                "pointer blackout must be a version between 1 and " + version + ", got " + blackout);
        Limits.require(inline == null || publishId == null || publishId.equals(inline.publishId()),
                "pointer inline must be the state with publish_id " + publishId);
        Limits.require(inline == null || inline.version() == version,
                "pointer inline must be the state of version " + version + ", got version " + (inline == null ? 0 : inline.version()));
    }

    public Pointer(int v, long version, String state, int pollMs, long publishedAt, String epoch) {
        this(v, version, state, pollMs, publishedAt, epoch, null, null, null);
    }

    private static final java.util.regex.Pattern EPOCH = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public static Pointer of(long version, int pollMs, long publishedAt) {
        return of(version, pollMs, publishedAt, null);
    }

    public static Pointer of(long version, int pollMs, long publishedAt, String epoch) {
        return new Pointer(State.WIRE_VERSION, version, State.key(version), pollMs, publishedAt, epoch);
    }

    /** This pointer naming the state with {@code publishId}, the newest BLACKOUT being version {@code blackout}. */
    public Pointer naming(String publishId, Long blackout) {
        return new Pointer(v, version, state, pollMs, publishedAt, epoch, publishId, blackout, inline);
    }

    /** The same news with a new {@code published_at} (a new ETag): how a late write is fenced off. */
    public Pointer restamped(long at) {
        return new Pointer(v, version, state, pollMs, at, epoch, publishId, blackout, inline);
    }

    /**
     * This pointer carrying {@code state} inline when its canonical bytes ({@code bytes}, exactly what
     * {@code states/<version>.json} holds) fit in {@link Limits#POINTER_INLINE_MAX_BYTES}; else this pointer unchanged.
     */
    public Pointer inlining(State state, byte[] bytes) {
        if (bytes.length > Limits.POINTER_INLINE_MAX_BYTES) {
            return inline == null ? this : new Pointer(v, version, this.state, pollMs, publishedAt, epoch, publishId, blackout, null);
        }
        return new Pointer(v, version, this.state, pollMs, publishedAt, epoch, publishId, blackout, state);
    }
}
