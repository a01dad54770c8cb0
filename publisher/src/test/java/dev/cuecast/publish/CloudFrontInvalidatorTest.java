package dev.cuecast.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.Invalidation;
import software.amazon.awssdk.services.cloudfront.model.NoSuchDistributionException;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;

/** CloudFrontInvalidator against moto_server's CloudFront: a distribution created there, invalidated, read back. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudFrontInvalidatorTest {
    private MotoServer moto;
    private CloudFrontClient cloudFront;
    private String distributionId;

    @BeforeAll
    void startMotoWithADistribution() throws Exception {
        Optional<Path> executable = MotoServer.executable();
        if (System.getenv("CI") == null) {
            assumeTrue(executable.isPresent(), "moto_server not on PATH (pip install 'moto[server]')");
        }
        moto = MotoServer.start(executable.orElseThrow(() -> new IllegalStateException("CI needs moto_server on PATH")));
        cloudFront = CloudFrontInvalidator.client(moto.endpoint(), moto.credentials());
        distributionId = cloudFront.createDistribution(r -> r.distributionConfig(c -> c
                .callerReference("cuecast-test")
                .comment("cuecast test")
                .enabled(true)
                .origins(o -> o.quantity(1).items(origin -> origin
                        .id("origin")
                        .domainName("cuecast-test.s3.amazonaws.com")
                        .s3OriginConfig(s3 -> s3.originAccessIdentity(""))))
                .defaultCacheBehavior(b -> b
                        .targetOriginId("origin")
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6"))))
                .distribution().id();
    }

    @AfterAll
    void stop() {
        if (cloudFront != null) {
            cloudFront.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void invalidating_the_pointer_creates_an_invalidation_for_its_path() {
        String id = new CloudFrontInvalidator(cloudFront, distributionId).invalidatePointer();

        Invalidation invalidation = cloudFront.getInvalidation(r -> r.distributionId(distributionId).id(id)).invalidation();
        assertEquals(List.of("/live/pointer.json"), invalidation.invalidationBatch().paths().items());
    }

    @Test
    void each_call_is_a_new_invalidation_with_its_own_caller_reference() {
        CloudFrontInvalidator invalidator = new CloudFrontInvalidator(cloudFront, distributionId);

        String first = invalidator.invalidate(List.of("/live/pointer.json", "/states/*"));
        String second = invalidator.invalidate(List.of("/live/pointer.json", "/states/*"));

        assertNotEquals(first, second);
        Invalidation a = cloudFront.getInvalidation(r -> r.distributionId(distributionId).id(first)).invalidation();
        Invalidation b = cloudFront.getInvalidation(r -> r.distributionId(distributionId).id(second)).invalidation();
        assertNotEquals(a.invalidationBatch().callerReference(), b.invalidationBatch().callerReference());
        assertEquals(List.of("/live/pointer.json", "/states/*"), b.invalidationBatch().paths().items());
    }

    @Test
    void an_unknown_distribution_propagates() {
        CloudFrontInvalidator invalidator = new CloudFrontInvalidator(cloudFront, "E0000NOSUCHDIST");

        assertThrows(NoSuchDistributionException.class, invalidator::invalidatePointer);
    }

    @Test
    void paths_must_be_absolute() {
        CloudFrontInvalidator invalidator = new CloudFrontInvalidator(cloudFront, distributionId);

        assertThrows(IllegalArgumentException.class, () -> invalidator.invalidate(List.of("live/pointer.json")));
        assertThrows(IllegalArgumentException.class, () -> invalidator.invalidate(List.of()));
    }
}
