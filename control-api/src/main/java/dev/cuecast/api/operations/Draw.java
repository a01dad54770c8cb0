package dev.cuecast.api.operations;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A recorded draw (audit: who drew it and when). Stored under {@code private/draws/}, never served to phones;
 * a cue that names the draw publishes only its bitset.
 */
@JsonPropertyOrder({"draw", "seats", "count", "bits", "created_by", "created_at"})
record Draw(String draw, int seats, int count, String bits, String createdBy, long createdAt) {
}
