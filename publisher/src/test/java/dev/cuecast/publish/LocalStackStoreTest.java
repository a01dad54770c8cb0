package dev.cuecast.publish;

import org.testcontainers.junit.jupiter.Testcontainers;

/** S3ObjectStore against LocalStack in Docker; skipped (not failed) where no Docker engine answers. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackStoreTest extends S3StoreContract {
    @Override
    protected S3Emulator startEmulator() {
        return LocalStackFixture.start();
    }
}
