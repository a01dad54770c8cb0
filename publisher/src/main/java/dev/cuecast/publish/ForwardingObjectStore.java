package dev.cuecast.publish;

import java.util.List;
import java.util.Optional;

/** Forwards every call to another store; subclasses override what they observe or change (metrics, fault injection). */
public class ForwardingObjectStore implements ObjectStore {
    protected final ObjectStore delegate;

    public ForwardingObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<StoredObject> get(String key) {
        return delegate.get(key);
    }

    @Override
    public String createOnly(String key, byte[] body, CachePolicy policy) throws VersionConflictException {
        return delegate.createOnly(key, body, policy);
    }

    @Override
    public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag)
            throws VersionConflictException {
        return delegate.replaceIfMatch(key, body, policy, etag);
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

    @Override
    public String toString() {
        return delegate.toString();
    }
}
