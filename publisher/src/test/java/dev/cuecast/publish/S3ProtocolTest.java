package dev.cuecast.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The 2 x 200 concurrent-publishers case through the SDK, against s3proxy with atomic If-Match (as on S3). */
class S3ProtocolTest {
    @Test
    void two_publishers_with_200_cues_each_on_one_bucket_lose_nothing() throws Exception {
        try (S3Emulator s3 = S3ProxyFixture.startWithAtomicIfMatch();
             S3Client clientA = s3.client();
             S3Client clientB = s3.client()) {
            String bucket = s3.createBucket(clientA);
            S3Settings settings = s3.settings(bucket, "show");
            List<ConcurrentPublishing.Ack> acks = ConcurrentPublishing.run(
                    new S3ObjectStore(clientA, settings), new S3ObjectStore(clientB, settings), 200,
                    new FakeClock(ConcurrentPublishing.T0));
            assertEquals(400, acks.size());
            ConcurrentPublishing.verify(new S3ObjectStore(clientA, settings), acks);
        }
    }
}
