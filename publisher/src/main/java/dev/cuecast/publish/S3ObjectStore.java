package dev.cuecast.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectStore} on S3 through one shared, thread-safe {@link S3Client} (see {@link S3Stores}).
 * Conditional writes map to {@code If-None-Match: *} and {@code If-Match: <etag>}; a lost condition becomes
 * {@link VersionConflictException}, anything else ({@code S3Exception}, {@code SdkClientException}) propagates.
 * Throttling and 5xx are retried by the client's retry strategy, never here.
 */
public final class S3ObjectStore implements ObjectStore {
    /** S3's own maximum page. */
    static final int LIST_PAGE_SIZE = 1_000;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final boolean ownsClient;
    private final int listPageSize;

    /** A store on a client owned (and closed) by the caller. */
    public S3ObjectStore(S3Client s3, S3Settings settings) {
        this(s3, settings, false, LIST_PAGE_SIZE);
    }

    S3ObjectStore(S3Client s3, S3Settings settings, boolean ownsClient) {
        this(s3, settings, ownsClient, LIST_PAGE_SIZE);
    }

    /** {@code listPageSize} below S3's 1,000 lets tests cross page boundaries with few objects. */
    S3ObjectStore(S3Client s3, S3Settings settings, boolean ownsClient, int listPageSize) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = settings.bucket();
        this.prefix = settings.prefix();
        this.ownsClient = ownsClient;
        this.listPageSize = listPageSize;
    }

    @Override
    public Optional<StoredObject> get(String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(fullKey(key)));
            GetObjectResponse r = bytes.response();
            return Optional.of(new StoredObject(key, bytes.asByteArrayUnsafe(), r.eTag(), r.cacheControl(), r.contentType()));
        } catch (S3Exception e) {
            if (isMissingKey(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public String createOnly(String key, byte[] body, CachePolicy policy) throws VersionConflictException {
        return put(key, body, policy, put -> put.ifNoneMatch("*"), "already exists");
    }

    @Override
    public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag) throws VersionConflictException {
        Objects.requireNonNull(etag, "etag");
        return put(key, body, policy, put -> put.ifMatch(etag), "changed since ETag " + etag + " was read");
    }

    @Override
    public List<String> list(String keyPrefix) {
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(bucket)
                .prefix(prefix + keyPrefix)
                .maxKeys(listPageSize)
                .build();
        List<String> keys = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
            keys.add(object.key().substring(prefix.length()));
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(fullKey(key)));
        } catch (S3Exception e) {
            // S3 answers 204 for a missing key; some emulators say NoSuchKey instead.
            if (!isMissingKey(e)) {
                throw e;
            }
        }
    }

    /** Closes the client only when this store built it ({@link S3Stores#open}). */
    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }

    private String put(String key, byte[] body, CachePolicy policy,
                       java.util.function.Consumer<PutObjectRequest.Builder> condition, String lostBecause)
            throws VersionConflictException {
        PutObjectRequest.Builder put = PutObjectRequest.builder()
                .bucket(bucket)
                .key(fullKey(key))
                .contentType(ContentTypes.forKey(key))
                .cacheControl(policy.header());
        condition.accept(put);
        try {
            return s3.putObject(put.build(), RequestBody.fromBytes(body)).eTag();
        } catch (S3Exception e) {
            if (isLostCondition(e)) {
                throw new VersionConflictException(key + " " + lostBecause + " (" + describe(e) + ")", e);
            }
            throw e;
        }
    }

    /**
     * A conditional write that lost: 412 (whatever the code), PreconditionFailed (seen with odd statuses),
     * ConditionalRequestConflict (409, concurrent conditional writes), and If-Match on a missing key, which S3
     * answers 404 NoSuchKey. A missing bucket is a configuration error and propagates.
     */
    static boolean isLostCondition(S3Exception e) {
        String code = errorCode(e);
        return e.statusCode() == 412
                || "PreconditionFailed".equals(code)
                || "ConditionalRequestConflict".equals(code)
                || (e.statusCode() == 409 && code == null)
                || isMissingKey(e);
    }

    static boolean isMissingKey(S3Exception e) {
        String code = errorCode(e);
        return "NoSuchKey".equals(code) || (e.statusCode() == 404 && !"NoSuchBucket".equals(code));
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static String describe(S3Exception e) {
        String code = errorCode(e);
        return "HTTP " + e.statusCode() + (code == null ? "" : " " + code);
    }

    private String fullKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/")) {
            throw new IllegalArgumentException("object key must be relative and non-empty, got '" + key + "'");
        }
        return prefix + key;
    }
}
