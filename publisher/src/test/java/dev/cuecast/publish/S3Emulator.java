package dev.cuecast.publish;

import java.net.URI;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 endpoint on loopback that a test started and will stop: s3proxy in-process, moto_server, LocalStack.
 * Reusable outside the contract suite (protocol tests, benchmarks):
 *
 * <pre>{@code
 * try (S3Emulator s3 = S3ProxyFixture.start(); S3Client client = s3.client()) {
 *     S3Settings settings = s3.settings(s3.createBucket(client), "show");
 *     ObjectStore store = new S3ObjectStore(client, settings);
 * }
 * }</pre>
 */
public interface S3Emulator extends AutoCloseable {
    String REGION = "us-east-1";

    URI endpoint();

    AwsCredentialsProvider credentials();

    default S3Settings settings(String bucket, String prefix) {
        return new S3Settings(bucket, prefix, REGION, endpoint());
    }

    /** A client built by the production factory, pointed at this emulator; the caller closes it. */
    default S3Client client() {
        return S3Stores.client(settings("unused", ""), credentials());
    }

    /** Creates a fresh, uniquely named bucket and returns its name. */
    default String createBucket(S3Client client) {
        String bucket = "cuecast-" + UUID.randomUUID().toString().substring(0, 8);
        client.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    @Override
    void close();

    static AwsCredentialsProvider staticCredentials(String accessKey, String secretKey) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }
}
