package dev.cuecast.publish;

import java.net.URI;
import java.util.Objects;

/**
 * Where the show's objects live on S3 (or an S3-compatible emulator).
 *
 * @param bucket   the bucket; required
 * @param prefix   key prefix for every object, e.g. {@code "shows/final"}; empty for the bucket root.
 *                 Normalised to no leading slash and exactly one trailing slash ({@code "shows/final/"}).
 * @param region   AWS region, or null for the SDK's default region chain (env, profile, instance metadata)
 * @param endpoint endpoint override (emulators such as s3proxy, moto, LocalStack), or null for AWS;
 *                 when set, requests use path-style addressing
 */
public record S3Settings(String bucket, String prefix, String region, URI endpoint) {
    public S3Settings {
        Objects.requireNonNull(bucket, "bucket");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("bucket must not be blank");
        }
        prefix = normalisePrefix(prefix);
        region = region == null || region.isBlank() ? null : region.strip();
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
            throw new IllegalArgumentException("endpoint must be an absolute URL such as http://127.0.0.1:9000, got " + endpoint);
        }
    }

    /** The bucket root on AWS, default region chain. */
    public static S3Settings of(String bucket) {
        return new S3Settings(bucket, "", null, null);
    }

    private static String normalisePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? "" : p + "/";
    }
}
