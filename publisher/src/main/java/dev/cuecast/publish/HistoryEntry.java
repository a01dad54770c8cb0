package dev.cuecast.publish;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cuecast.cue.Cue;

/**
 * Audit record of one published version (stored under private/, never served by the CDN).
 *
 * @param action "cue", "blackout" or "settings"
 * @param cue    the cue published (null for settings)
 */
@JsonPropertyOrder({"version", "published_at", "actor", "action", "cue", "poll_ms"})
public record HistoryEntry(long version, long publishedAt, String actor, String action, Cue cue, int pollMs) {
    public static final String PREFIX = "private/history/";

    /** Zero-padded so that listing the keys in lexicographic order lists versions in numeric order. */
    public static String key(long version) {
        return PREFIX + String.format("%019d", version) + ".json";
    }
}
