package dev.cuecast.publish;

/** {@link FaultProxyContract} against in-process s3proxy (atomic If-Match, as on S3) behind the fault proxy. */
class FaultProxyS3ProxyTest extends FaultProxyContract {
    @Override
    S3Emulator start() {
        return S3ProxyFixture.startWithAtomicIfMatch();
    }
}
