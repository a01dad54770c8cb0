package dev.cuecast.publish;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.CloudFrontClientBuilder;
import software.amazon.awssdk.services.cloudfront.model.CreateInvalidationResponse;

/**
 * Asks CloudFront to drop cached copies of paths. Normally unneeded (the pointer's TTL is one second); the
 * {@code cuecast invalidate} command uses it after a manual repair at the origin.
 */
public final class CloudFrontInvalidator {
    /** The path phones poll; the only object whose staleness matters. */
    public static final String POINTER_PATH = "/live/pointer.json";

    private final CloudFrontClient cloudFront;
    private final String distributionId;

    /** @param cloudFront owned (and closed) by the caller */
    public CloudFrontInvalidator(CloudFrontClient cloudFront, String distributionId) {
        this.cloudFront = Objects.requireNonNull(cloudFront, "cloudFront");
        if (distributionId == null || distributionId.isBlank()) {
            throw new IllegalArgumentException("CloudFront distribution id must not be blank");
        }
        this.distributionId = distributionId;
    }

    /** A CloudFront client on the default credential chain; {@code endpoint} null for AWS (emulators otherwise). */
    public static CloudFrontClient client(URI endpoint) {
        return client(endpoint, DefaultCredentialsProvider.builder().build());
    }

    public static CloudFrontClient client(URI endpoint, AwsCredentialsProvider credentials) {
        CloudFrontClientBuilder builder = CloudFrontClient.builder()
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials)
                .httpClientBuilder(Apache5HttpClient.builder().connectionTimeout(S3Stores.CONNECT_TIMEOUT))
                .overrideConfiguration(o -> o
                        .apiCallTimeout(S3Stores.API_CALL_TIMEOUT)
                        .apiCallAttemptTimeout(S3Stores.API_CALL_ATTEMPT_TIMEOUT)
                        .retryStrategy(S3Stores.retryStrategy()));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** Invalidates the pointer path; returns the invalidation id. */
    public String invalidatePointer() {
        return invalidate(List.of(POINTER_PATH));
    }

    /**
     * Invalidates {@code paths} (each starting with "/", "*" allowed at the end); returns the invalidation id.
     * Every call gets a fresh caller reference, so a repeated call is a new invalidation, not a replay.
     */
    public String invalidate(List<String> paths) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("nothing to invalidate: give at least one path");
        }
        for (String path : paths) {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("CloudFront paths start with '/', got '" + path + "'");
            }
        }
        CreateInvalidationResponse response = cloudFront.createInvalidation(r -> r
                .distributionId(distributionId)
                .invalidationBatch(b -> b
                        .callerReference("cuecast-" + UUID.randomUUID())
                        .paths(p -> p.quantity(paths.size()).items(paths))));
        return response.invalidation().id();
    }
}
