package dev.cuecast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.publish.CloudFrontInvalidator;
import dev.cuecast.publish.FakeClock;
import dev.cuecast.publish.MotoServer;
import dev.cuecast.publish.PublisherConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The production wiring (default credential chain, S3 and CloudFront clients built by the CLI) against
 * moto_server: credentials come from the {@code aws.accessKeyId} system properties, the first link of the chain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliAwsTest {
    static final long T0 = 1_767_225_600_000L;

    private MotoServer moto;
    private String distributionId;

    @BeforeAll
    void startMoto() throws Exception {
        moto = MotoServer.startOrSkip();
        try (CloudFrontClient cloudFront = CloudFrontInvalidator.client(moto.endpoint(), moto.credentials())) {
            distributionId = MotoServer.createDistribution(cloudFront, "cuecast-cli-test");
        }
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    @AfterAll
    void stopMoto() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (moto != null) {
            moto.close();
        }
    }

    record Run(int exit, String out, String err) {
    }

    Run run(String... args) {
        Context production = Context.production();
        Context context = new Context(new FakeClock(T0), PublisherConfig.defaults(), production.stores(),
                production.invalidations());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cuecast.commandLine(context).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void invalidate_creates_a_cloudfront_invalidation_for_the_pointer() {
        Run run = run("invalidate", "--distribution-id", distributionId,
                "--cloudfront-endpoint", moto.endpoint().toString());
        assertEquals(0, run.exit(), run.err());
        String id = run.out().split(" ")[1];
        try (CloudFrontClient cloudFront = CloudFrontInvalidator.client(moto.endpoint(), moto.credentials())) {
            assertEquals(List.of("/live/pointer.json"), cloudFront.getInvalidation(r -> r.distributionId(distributionId)
                    .id(id)).invalidation().invalidationBatch().paths().items());
        }
    }

    @Test
    void invalidating_an_unknown_distribution_fails_in_one_line() {
        Run run = run("invalidate", "--distribution-id", "E0000NOSUCHDIST",
                "--cloudfront-endpoint", moto.endpoint().toString());
        assertEquals(4, run.exit(), run.err());
        assertTrue(run.err().startsWith("cuecast invalidate: ") && run.err().strip().lines().count() == 1, run.err());
    }

    @Test
    void publish_and_status_reach_s3_through_the_default_credential_chain() {
        String bucket;
        try (S3Client s3 = moto.client()) {
            bucket = moto.createBucket(s3);
        }
        Run publish = run("publish", "--bucket", bucket, "--endpoint", moto.endpoint().toString(), "--region", "us-east-1",
                "--mode", "solid", "--color", "#FF0000");
        assertEquals(0, publish.exit(), publish.err());
        Run status = run("status", "--bucket", bucket, "--endpoint", moto.endpoint().toString(), "--region", "us-east-1");
        assertEquals(0, status.exit(), status.err());
        assertTrue(status.out().contains("version    1 (states/1.json)"), status.out());
    }
}
