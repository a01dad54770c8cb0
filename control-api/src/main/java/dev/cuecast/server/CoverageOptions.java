package dev.cuecast.server;

import dev.cuecast.coverage.CoverageSource;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/** Where the coverage figures come from: the local edge's log, CloudFront real-time logs in Kinesis, or nothing. */
final class CoverageOptions {
    @Option(names = "--coverage-log", paramLabel = "PATH", defaultValue = "${env:CUECAST_COVERAGE_LOG}",
            description = "Count the phones from the local edge's log (scripts/edge: <prefix>/logs/coverage.log). "
                    + "Env: CUECAST_COVERAGE_LOG.")
    Path log;

    @Option(names = "--coverage-stream", paramLabel = "NAME", defaultValue = "${env:CUECAST_COVERAGE_STREAM}",
            description = "Count the phones from CloudFront real-time logs in this Kinesis stream (the stack output "
                    + "CoverageStreamName; its region is --region). Env: CUECAST_COVERAGE_STREAM.")
    String stream;

    @Option(names = "--coverage-sampling", paramLabel = "PERCENT",
            description = "Share of requests the coverage log records, 1-100. Default: 100 for --coverage-log, 10 for "
                    + "--coverage-stream (the template's default).")
    Integer sampling;

    @Option(names = "--coverage-endpoint", paramLabel = "URL", hidden = true,
            description = "Kinesis endpoint instead of AWS (LocalStack), for tests.")
    URI endpoint;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Whether the figures come from Kinesis, which also needs --region. */
    boolean fromStream() {
        return stream != null && !stream.isBlank();
    }

    /** The source, reading; {@code region} is the Kinesis stream's (null: the AWS default region chain). */
    CoverageSource open(String region, Clock clock) {
        if (log != null && fromStream()) {
            throw new ParameterException(spec.commandLine(), "use --coverage-log or --coverage-stream, not both");
        }
        if (sampling != null && (sampling < 1 || sampling > 100)) {
            throw new ParameterException(spec.commandLine(), "--coverage-sampling must be a percentage 1..100, got "
                    + sampling);
        }
        if (log != null) {
            return CoverageSource.edgeLog(log, (sampling == null ? 100 : sampling) / 100.0);
        }
        if (fromStream()) {
            KinesisClientBuilder kinesis = KinesisClient.builder().overrideConfiguration(c -> c
                    .apiCallTimeout(Duration.ofSeconds(10)).apiCallAttemptTimeout(Duration.ofSeconds(4)));
            if (region != null) {
                kinesis.region(Region.of(region));
            }
            if (endpoint != null) {
                kinesis.endpointOverride(endpoint);
            }
            // its access-log timestamps are this host's
            return CoverageSource.kinesis(kinesis.build(), stream.strip(), (sampling == null ? 10 : sampling) / 100.0, clock);
        }
        return CoverageSource.none();
    }
}
