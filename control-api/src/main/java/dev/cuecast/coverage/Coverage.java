package dev.cuecast.coverage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What {@code GET /api/coverage?version=N} answers: how many phones are polling, and what share of them already
 * holds version N (or a later one of the same store epoch). Figures are estimates from a sampled log; they are
 * null when no log source is configured ({@code source} null) or it fails, never a made-up number.
 *
 * @param version  the version asked about
 * @param active   phones polling in the last 2 × poll_ms (distinct ids seen there, scaled by the sampling rate)
 * @param holding  active × share
 * @param share    of the ids seen in the last {@code windowMs}, the part whose newest request shows them holding
 *                 version or later (0..1; null while no phone was seen)
 * @param margin   the share's expected error: two binomial standard errors (0..1), 0 when every request is logged
 * @param windowMs the window the share is taken over: 2 × poll_ms, longer when the log is sampled and the crowd is
 *                 small (see {@link CoverageTracker}); how far back a phone's newest request may be
 * @param sampling the share of requests the log records, 0..1
 * @param asOf     the edge time of the newest log record read, epoch ms (null before the first)
 * @param source   "edge-log" (local nginx access log) or "kinesis" (CloudFront real-time logs); null: none
 * @param seen     distinct ids actually seen in the share's window (its sample size)
 * @param message  why figures are missing, when they are
 */
// Nulls are written: a missing figure is an explicit null, never an absent key a client might default to 0.
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"version", "active", "holding", "share", "margin", "window_ms", "sampling", "as_of", "source", "seen",
        "message"})
public record Coverage(long version, Long active, Long holding, Double share, Double margin, Long windowMs,
                       Double sampling, Long asOf, String source, Long seen, String message) {

    static Coverage unknown(long version, String message) {
        return new Coverage(version, null, null, null, null, null, null, null, null, null, message);
    }

    /** The same reading with every figure withdrawn (a reader that fails): what is left says where and when. */
    Coverage withdrawn(String why) {
        return new Coverage(version, null, null, null, null, null, sampling, asOf, source, null, why);
    }
}
