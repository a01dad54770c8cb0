package dev.cuecast.api;

import dev.cuecast.publish.CachePolicy;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.StoredObject;
import dev.cuecast.publish.VersionConflictException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** An in-memory ObjectStore with S3's conditional-write semantics, for API tests. */
public final class MemoryStore implements ObjectStore {
    private final ConcurrentSkipListMap<String, StoredObject> objects = new ConcurrentSkipListMap<>();

    @Override
    public Optional<StoredObject> get(String key) {
        return Optional.ofNullable(objects.get(key));
    }

    @Override
    public synchronized String createOnly(String key, byte[] body, CachePolicy policy) throws VersionConflictException {
        if (objects.containsKey(key)) {
            throw new VersionConflictException(key + " exists");
        }
        return put(key, body, policy);
    }

    @Override
    public synchronized String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag)
            throws VersionConflictException {
        StoredObject current = objects.get(key);
        if (current == null || !current.etag().equals(etag)) {
            throw new VersionConflictException(key + " changed");
        }
        return put(key, body, policy);
    }

    @Override
    public List<String> list(String prefix) {
        return new ArrayList<>(objects.subMap(prefix, prefix + Character.MAX_VALUE).keySet());
    }

    @Override
    public void delete(String key) {
        objects.remove(key);
    }

    private String put(String key, byte[] body, CachePolicy policy) {
        String etag = "\"" + md5(body) + "\"";
        objects.put(key, new StoredObject(key, body.clone(), etag, policy.header(), "application/json"));
        return etag;
    }

    private static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
