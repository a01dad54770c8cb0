package dev.cuecast.coverage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What {@code GET /api/coverage?version=N} answers: how many phones are polling, and how many of them already
 * hold version N (or a later one). Figures are estimates scaled by the log's sampling rate; they are null when
 * no log source is configured ({@code source} null), never a made-up number.
 *
 * @param version  the version asked about
 * @param active   distinct phones seen in the last 2 × poll_ms (scaled by the sampling rate)
 * @param holding  of those, how many hold version or later
 * @param share    holding / active, 0..1 (null while no phone was seen)
 * @param sampling the share of requests the log records, 0..1
 * @param asOf     the edge time of the newest log record read, epoch ms (null before the first)
 * @param source   "edge-log" (local nginx access log) or "kinesis" (CloudFront real-time logs); null: none
 * @param seen     distinct ids actually seen in the window, before scaling (the sample size)
 * @param message  why figures are missing, when they are
 */
// Nulls are written: a missing figure is an explicit null, never an absent key a client might default to 0.
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"version", "active", "holding", "share", "sampling", "as_of", "source", "seen", "message"})
public record Coverage(long version, Long active, Long holding, Double share, Double sampling, Long asOf,
                       String source, Long seen, String message) {

    static Coverage unknown(long version, String message) {
        return new Coverage(version, null, null, null, null, null, null, null, message);
    }
}
