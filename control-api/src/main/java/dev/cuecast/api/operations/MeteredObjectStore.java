package dev.cuecast.api.operations;

import dev.cuecast.publish.CachePolicy;
import dev.cuecast.publish.ForwardingObjectStore;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.VersionConflictException;

/** Counts lost conditional writes on their way to the publisher, which retries them. */
public final class MeteredObjectStore extends ForwardingObjectStore {
    private final Metrics metrics;

    public MeteredObjectStore(ObjectStore delegate, Metrics metrics) {
        super(delegate);
        this.metrics = metrics;
    }

    @Override
    public String createOnly(String key, byte[] body, CachePolicy policy) throws VersionConflictException {
        try {
            return super.createOnly(key, body, policy);
        } catch (VersionConflictException e) {
            metrics.conflict();
            throw e;
        }
    }

    @Override
    public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag) throws VersionConflictException {
        try {
            return super.replaceIfMatch(key, body, policy, etag);
        } catch (VersionConflictException e) {
            metrics.conflict();
            throw e;
        }
    }
}
