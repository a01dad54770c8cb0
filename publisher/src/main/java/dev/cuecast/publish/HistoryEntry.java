package dev.cuecast.publish;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cuecast.cue.Cue;

/**
 * Audit record of one published version (stored under private/, never served by the CDN).
 *
 * @param action "cue", "blackout" or "settings"
 * @param cue       the cue published (null for settings)
 * @param publishId the id written into the state (null in entries written before it existed)
 * @param note      what was recovered while publishing (a missing or unreadable pointer or state), else null
 */
@JsonPropertyOrder({"version", "published_at", "actor", "action", "cue", "poll_ms", "publish_id", "note"})
public record HistoryEntry(long version, long publishedAt, String actor, String action, Cue cue, int pollMs,
                           String publishId, String note) {
    public HistoryEntry(long version, long publishedAt, String actor, String action, Cue cue, int pollMs) {
        this(version, publishedAt, actor, action, cue, pollMs, null, null);
    }
}
