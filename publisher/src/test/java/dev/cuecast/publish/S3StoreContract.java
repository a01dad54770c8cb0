package dev.cuecast.publish;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The contract for {@link S3ObjectStore} against one emulator: started once per class, one shared client built
 * by {@link S3Stores}, one bucket, and a fresh key prefix per test so tests never see each other's objects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class S3StoreContract extends ObjectStoreContract {
    private final AtomicInteger tests = new AtomicInteger();
    private S3Emulator emulator;
    private S3Client client;
    private String bucket;

    protected abstract S3Emulator startEmulator() throws Exception;

    @BeforeAll
    void startEmulatorAndBucket() throws Exception {
        emulator = startEmulator();
        client = emulator.client();
        bucket = emulator.createBucket(client);
    }

    @AfterAll
    void stopEmulator() {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
    }

    /** Pages of 50 keys: the paging test crosses three continuation tokens with 120 objects, not 1,001. */
    private static final int PAGE_SIZE = 50;

    @Override
    protected ObjectStore newStore() {
        return new S3ObjectStore(client, emulator.settings(bucket, "test-" + tests.incrementAndGet()), false, PAGE_SIZE);
    }

    @Override
    protected int keysForPagingTest() {
        return 120;
    }
}
