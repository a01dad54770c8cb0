package dev.cuecast.cue;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One immutable published state: the cue in force at publish time plus every pending cue, by effective_at.
 *
 * @param base      the version this state was built on (its cues carried forward): a publisher whose pointer write
 *                  lost its answer learns from a later state's lineage whether its version was live; absent for a
 *                  blackout (built on nothing) and in states written before it existed
 * @param publishId random id of the publish that wrote it, so a publisher reading back after an ambiguous write
 *                  knows exactly whether the object is its own; absent in states written before it existed
 */
@JsonPropertyOrder({"v", "version", "published_at", "publish_id", "base", "cues"})
public record State(int v, long version, long publishedAt, String publishId, Long base, List<Cue> cues) {
    public static final int WIRE_VERSION = 1;

    public State {
        Limits.require(v == WIRE_VERSION, "state v must be " + WIRE_VERSION);
        Limits.require(version >= 1 && version <= Limits.MAX_SAFE_INTEGER, "state version must be between 1 and 2^53-1");
        Limits.require(publishedAt >= 0, "state published_at must be epoch milliseconds, got " + publishedAt);
        Limits.require(cues != null && !cues.isEmpty(), "a state holds at least one cue");
        Limits.require(cues.size() <= Limits.MAX_CUES_PER_STATE,
                "too many pending cues: " + cues.size() + " (at most " + Limits.MAX_CUES_PER_STATE + ")");
        for (int i = 1; i < cues.size(); i++) {
            Limits.require(cues.get(i - 1).effectiveAt() <= cues.get(i).effectiveAt(), "cues must be ordered by effective_at");
        }
        cues = List.copyOf(cues);
        Limits.require(base == null || base >= 1 && base < version, "state base must be a version below " + version);
        Limits.require(publishId == null || publishId.matches("[A-Za-z0-9_-]{1,64}"),
                "state publish_id must be 1 to 64 of [A-Za-z0-9_-]");
    }

    public State(int v, long version, long publishedAt, String publishId, List<Cue> cues) {
        this(v, version, publishedAt, publishId, null, cues);
    }

    public State(int v, long version, long publishedAt, List<Cue> cues) {
        this(v, version, publishedAt, null, null, cues);
    }

    public static String key(long version) {
        return "states/" + version + ".json";
    }
}
