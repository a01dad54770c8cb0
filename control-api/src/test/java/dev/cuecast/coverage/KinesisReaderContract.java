package dev.cuecast.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamMode;

/**
 * The coverage reader through the real AWS SDK against a Kinesis emulator: an on-demand stream receives
 * CloudFront-format real-time log records (tab-separated, several lines per record, spread over shards) and the
 * coverage figures come out of them. Run against moto (no Docker) and LocalStack (Docker, CI).
 */
abstract class KinesisReaderContract {
    static final Duration WAIT = Duration.ofSeconds(60);

    abstract java.net.URI endpoint();

    String region() {
        return "us-east-1";
    }

    AwsBasicCredentials credentials() {
        return AwsBasicCredentials.create("testing", "testing");
    }

    KinesisClient client() {
        return KinesisClient.builder().endpointOverride(endpoint()).region(Region.of(region()))
                .credentialsProvider(StaticCredentialsProvider.create(credentials())).build();
    }

    private String createStream(KinesisClient kinesis) throws InterruptedException {
        String stream = "cuecast-rt-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(r -> r.streamName(stream).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!kinesis.describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary()
                .streamStatusAsString().equals("ACTIVE")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stream not ACTIVE within " + WAIT);
            }
            Thread.sleep(200);
        }
        return stream;
    }

    @Test
    void real_time_log_records_in_kinesis_become_the_coverage_figure() throws InterruptedException {
        try (KinesisClient kinesis = client()) {
            String stream = createStream(kinesis);
            long t = System.currentTimeMillis();
            // 20 phones poll holding v7; 15 of them then fetch v8.
            List<String> lines = new ArrayList<>();
            for (int phone = 0; phone < 20; phone++) {
                String id = String.format("%016x", 0xfeed0000L + phone);
                String ts = String.format("%d.%03d", (t + phone) / 1000, (t + phone) % 1000);
                lines.add(ts + "\t200\t/live/pointer.json\tp=" + id + "&h=7");
                if (phone < 15) {
                    lines.add(ts + "\t200\t/states/8.json\tp=" + id);
                }
            }
            for (int i = 0; i < lines.size(); i += 5) {
                String data = String.join("\n", lines.subList(i, Math.min(lines.size(), i + 5))) + "\n";
                String key = "edge-" + i;
                kinesis.putRecord(r -> r.streamName(stream).partitionKey(key).data(SdkBytes.fromString(data, StandardCharsets.UTF_8)));
            }

            try (CoverageSource source = CoverageSource.kinesis(client(), stream, 1.0, Clock.systemUTC())) {
                Coverage c = source.coverage(8, 1000, null);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (c.active() < 20 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    c = source.coverage(8, 1000, null);
                }
                assertEquals(20, c.active(), c.toString());
                assertEquals(15, c.holding());
                assertEquals(0.75, c.share(), 1e-9);
                assertEquals("kinesis", c.source());
            }
        }
    }
}
