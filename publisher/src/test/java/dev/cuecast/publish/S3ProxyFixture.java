package dev.cuecast.publish;

import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * s3proxy running inside the test JVM on a free loopback port, with its in-memory ("transient") blob store.
 * Signed requests only (SigV4 with fixed test credentials), as against S3.
 *
 * <p>{@link #start()} is stock s3proxy: If-None-Match is atomic, If-Match is not (two racing writers with the
 * same ETag can both win). Tests that race publishers (protocol tests, the publish benchmark) use
 * {@link #startWithAtomicIfMatch()}, which adds {@link AtomicIfMatchBlobStore}; both variants run the contract.
 */
public final class S3ProxyFixture implements S3Emulator {
    private static final String ACCESS_KEY = "cuecast-test";
    private static final String SECRET_KEY = "cuecast-test-secret";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final URI endpoint;

    private S3ProxyFixture(S3Proxy proxy, BlobStore blobStore, URI endpoint) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.endpoint = endpoint;
    }

    /** Stock s3proxy: If-Match is checked, but not atomically against a concurrent writer. */
    public static S3ProxyFixture start() {
        return start(BlobStores.create("transient", new Properties()));
    }

    /** s3proxy whose If-Match is atomic, as on S3: safe for racing publishers. */
    public static S3ProxyFixture startWithAtomicIfMatch() {
        return start(new AtomicIfMatchBlobStore(BlobStores.create("transient", new Properties())));
    }

    private static S3ProxyFixture start(BlobStore blobStore) {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .stopTimeout(0)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not start within " + START_TIMEOUT + ": " + proxy.getState());
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            blobStore.close();
            throw new IllegalStateException("cannot start s3proxy", e);
        }
        return new S3ProxyFixture(proxy, blobStore, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return S3Emulator.staticCredentials(ACCESS_KEY, SECRET_KEY);
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop s3proxy", e);
        } finally {
            blobStore.close();
        }
    }
}
