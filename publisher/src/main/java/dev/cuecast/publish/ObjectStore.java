package dev.cuecast.publish;

import java.util.List;
import java.util.Optional;

/**
 * The only shared state of Cuecast. Keys are relative to the store's prefix; bodies are JSON
 * ({@code application/json}). Implementations: S3 (SDK v2) and a local directory; both pass the same
 * contract suite. Stores do not retry conflicts: the publish loop does.
 */
public interface ObjectStore extends AutoCloseable {
    /** The object and its ETag, or empty when the key does not exist. */
    Optional<StoredObject> get(String key);

    /** Writes only if the key does not exist ({@code If-None-Match: *}); returns the new ETag. */
    String createOnly(String key, byte[] body, CachePolicy policy) throws VersionConflictException;

    /** Writes only if the key's current ETag is {@code etag} ({@code If-Match}); returns the new ETag. */
    String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag) throws VersionConflictException;

    /** Keys under {@code prefix}, in lexicographic order. */
    List<String> list(String prefix);

    /** Deletes the key; deleting a missing key is not an error. */
    void delete(String key);

    @Override
    default void close() {
    }
}
