package dev.cuecast.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.Invalidation;
import software.amazon.awssdk.services.cloudfront.model.NoSuchDistributionException;

/** CloudFrontInvalidator against moto_server's CloudFront: a distribution created there, invalidated, read back. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudFrontInvalidatorTest {
    private MotoServer moto;
    private CloudFrontClient cloudFront;
    private String distributionId;

    @BeforeAll
    void startMotoWithADistribution() throws Exception {
        moto = MotoServer.startOrSkip();
        cloudFront = CloudFrontInvalidator.client(moto.endpoint(), moto.credentials());
        distributionId = MotoServer.createDistribution(cloudFront, "cuecast-test");
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
