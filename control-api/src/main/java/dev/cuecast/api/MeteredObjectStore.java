package dev.cuecast.api;

import dev.cuecast.publish.CachePolicy;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.StoredObject;
import dev.cuecast.publish.VersionConflictException;
import java.util.List;
import java.util.Optional;

/** Counts lost conditional writes on their way to the publisher, which retries them. */
final class MeteredObjectStore implements ObjectStore {
    private final ObjectStore delegate;
    private final Metrics metrics;

    MeteredObjectStore(ObjectStore delegate, Metrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public Optional<StoredObject> get(String key) {
        return delegate.get(key);
    }

    @Override
    public String createOnly(String key, byte[] body, CachePolicy policy) throws VersionConflictException {
        try {
            return delegate.createOnly(key, body, policy);
        } catch (VersionConflictException e) {
            metrics.conflict();
            throw e;
        }
    }

    @Override
    public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag) throws VersionConflictException {
        try {
            return delegate.replaceIfMatch(key, body, policy, etag);
        } catch (VersionConflictException e) {
            metrics.conflict();
            throw e;
        }
    }

    @Override
    public List<String> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
