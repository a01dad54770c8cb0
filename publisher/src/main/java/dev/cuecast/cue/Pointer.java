package dev.cuecast.cue;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The tiny file phones poll: which state is newest and how often to poll. */
@JsonPropertyOrder({"v", "version", "state", "poll_ms", "published_at"})
public record Pointer(int v, long version, String state, int pollMs, long publishedAt) {
    public static final String KEY = "live/pointer.json";

    public Pointer {
        Limits.require(v == State.WIRE_VERSION, "pointer v must be " + State.WIRE_VERSION);
        Limits.require(version >= 1 && version <= Limits.MAX_SAFE_INTEGER, "pointer version must be between 1 and 2^53-1");
        Limits.require(publishedAt >= 0, "pointer published_at must be epoch milliseconds, got " + publishedAt);
        Limits.require(State.key(version).equals(state), "pointer state must be " + State.key(version));
        Limits.require(pollMs >= Limits.MIN_POLL_MS && pollMs <= Limits.MAX_POLL_MS,
                "poll_ms must be between " + Limits.MIN_POLL_MS + " and " + Limits.MAX_POLL_MS + ", got " + pollMs);
    }

    public static Pointer of(long version, int pollMs, long publishedAt) {
        return new Pointer(State.WIRE_VERSION, version, State.key(version), pollMs, publishedAt);
    }
}
