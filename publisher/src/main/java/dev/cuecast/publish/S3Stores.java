package dev.cuecast.publish;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The one entry point that turns {@link S3Settings} into an {@link S3Client} or an {@link S3ObjectStore}.
 * Used by the {@code cuecast} CLI and the control API; one client per process, closed by whoever built it.
 *
 * <pre>{@code
 * try (S3Client s3 = S3Stores.client(settings)) {
 *     ObjectStore store = new S3ObjectStore(s3, settings);
 *     ...
 * }
 * // or, when the store is the client's only user:
 * try (ObjectStore store = S3Stores.open(settings)) { ... }
 * }</pre>
 */
public final class S3Stores {
    /** Whole call including retries: a publish must fail clearly rather than hang the operator. */
    public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(10);
    /** One HTTP attempt; a state or pointer is a few hundred bytes, so a slow attempt is a stuck one. */
    public static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final int MAX_CONNECTIONS = 64;
    /** First try plus three retries of throttling, 5xx and I/O errors. */
    public static final int MAX_ATTEMPTS = 4;
    /** Region used against an endpoint override when none is configured: emulators accept any. */
    static final Region EMULATOR_DEFAULT_REGION = Region.US_EAST_1;

    private S3Stores() {
    }

    /** A client using the AWS default credential chain (env, profile, SSO, container/instance role). */
    public static S3Client client(S3Settings settings) {
        return client(settings, DefaultCredentialsProvider.builder().build());
    }

    /** A client with explicit credentials (emulators, tests). */
    public static S3Client client(S3Settings settings, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .credentialsProvider(credentials)
                .region(region(settings))
                .httpClientBuilder(Apache5HttpClient.builder()
                        .maxConnections(MAX_CONNECTIONS)
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .connectionAcquisitionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(API_CALL_ATTEMPT_TIMEOUT))
                .overrideConfiguration(o -> o
                        .apiCallTimeout(API_CALL_TIMEOUT)
                        .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                        .retryStrategy(retryStrategy()));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint())
                    .forcePathStyle(true)
                    // Emulators lag behind the SDK's default CRC checksums; only send them where S3 requires them.
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    /** A store that owns its client: closing the store closes the client. */
    public static S3ObjectStore open(S3Settings settings) {
        return new S3ObjectStore(client(settings), settings, true);
    }

    /** A store that owns its client, with explicit credentials. */
    public static S3ObjectStore open(S3Settings settings, AwsCredentialsProvider credentials) {
        return new S3ObjectStore(client(settings, credentials), settings, true);
    }

    /**
     * The SDK's standard strategy (retries throttling, 5xx and I/O errors; never 4xx such as 412) with
     * capped exponential backoff and full jitter. Conflicts are not retried here: the publisher re-reads.
     */
    static RetryStrategy retryStrategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(25), Duration.ofSeconds(1)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(2)))
                .build();
    }

    private static Region region(S3Settings settings) {
        if (settings.region() != null) {
            return Region.of(settings.region());
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            if (settings.endpoint() != null) {
                return EMULATOR_DEFAULT_REGION;
            }
            throw new IllegalArgumentException(
                    "no AWS region: pass --region or set AWS_REGION (or a region in ~/.aws/config)", e);
        }
    }
}
