package dev.cuecast.publish;

/** S3ObjectStore against in-process s3proxy with {@link AtomicIfMatchBlobStore}: the emulator racing tests use. */
class S3ProxyAtomicIfMatchStoreTest extends S3StoreContract {
    @Override
    protected S3Emulator startEmulator() {
        return S3ProxyFixture.startWithAtomicIfMatch();
    }
}
