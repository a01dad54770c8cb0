package dev.cuecast.coverage;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Where the control API learns which phones hold which version: the local edge's access log, CloudFront
 * real-time logs in Kinesis, or nothing (then every answer says "coverage unknown" and carries no figure).
 * One reader thread feeds one {@link CoverageTracker}; {@link #close()} stops the reader (and the Kinesis client).
 */
public final class CoverageSource implements AutoCloseable {
    /** Ids kept at most: 2.5 × the 100,000 phones Cuecast is designed for (bench/coverage.md measures the memory). */
    public static final int MAX_PHONES = 250_000;
    /** Longer than 2 × the longest poll_ms (60 s), so an idle crowd is still counted. */
    public static final long RETENTION_MS = 120_000;
    static final long READ_EVERY_MS = 200;

    private final CoverageTracker tracker;
    private final AutoCloseable reader;
    private final Supplier<String> failure;

    private CoverageSource(CoverageTracker tracker, AutoCloseable reader, Supplier<String> failure) {
        this.tracker = tracker;
        this.reader = reader;
        this.failure = failure;
    }

    public static CoverageSource none() {
        return new CoverageSource(null, () -> { }, () -> null);
    }

    /** Tails the local edge's log (scripts/edge: logs/coverage.log or logs/access.log) at {@code sampling}. */
    public static CoverageSource edgeLog(Path log, double sampling) {
        CoverageTracker tracker = new CoverageTracker(sampling, "edge-log", MAX_PHONES, RETENTION_MS);
        EdgeLogTailer tailer = new EdgeLogTailer(log, line -> LogLines.fromEdgeLine(line).ifPresent(tracker::record),
                READ_EVERY_MS);
        tailer.start();
        return new CoverageSource(tracker, tailer, tailer::failure);
    }

    /** Reads CloudFront real-time log records from a Kinesis stream; owns and closes {@code kinesis}. */
    public static CoverageSource kinesis(KinesisClient kinesis, String stream, double sampling, Clock clock) {
        CoverageTracker tracker = new CoverageTracker(sampling, "kinesis", MAX_PHONES, RETENTION_MS);
        KinesisLogReader reader = new KinesisLogReader(kinesis, stream,
                line -> LogLines.fromCloudFrontLine(line).ifPresent(tracker::record), clock, READ_EVERY_MS);
        reader.start();
        return new CoverageSource(tracker, () -> {
            reader.close();
            kinesis.close();
        }, reader::failure);
    }

    /** Coverage of {@code version} of store epoch {@code epoch} (the pointer's; null for a store without epochs). */
    public Coverage coverage(long version, long pollMs, String epoch) {
        if (tracker == null) {
            return Coverage.unknown(version, "coverage unknown: no log source (start the control API with "
                    + "--coverage-log PATH for the local edge, or --coverage-stream NAME for CloudFront real-time logs)");
        }
        String failing = failure.get();
        if (failing != null) {
            // A reader that cannot read would otherwise show an ever older (or empty) crowd as if current.
            return tracker.coverage(version, pollMs, epoch).withdrawn("coverage unknown: " + failing);
        }
        return tracker.coverage(version, pollMs, epoch);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
