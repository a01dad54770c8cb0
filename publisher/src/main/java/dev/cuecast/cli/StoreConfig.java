package dev.cuecast.cli;

import dev.cuecast.publish.DirObjectStore;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.S3Settings;
import dev.cuecast.publish.S3Stores;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where the show's objects live: a local directory, or an S3 bucket (optionally under a prefix, optionally on an
 * emulator endpoint). Exactly one of {@code dir} and {@code bucket} is set. {@code create}: a missing directory may be
 * created (else it is refused, so a typo cannot start a new, empty store). Built by {@link StoreOptions}.
 */
public record StoreConfig(Path dir, String bucket, String prefix, String region, URI endpoint, boolean create) {
    public StoreConfig {
        prefix = prefix == null ? "" : prefix;
        if ((dir == null) == (bucket == null)) {
            throw new IllegalArgumentException(dir == null
                    ? "no object store: give --data DIR (local) or --bucket NAME (S3), or set CUECAST_DATA / CUECAST_BUCKET"
                    : "give either --data or --bucket, not both");
        }
        if (dir != null && (region != null || endpoint != null)) {
            throw new IllegalArgumentException("--region and --endpoint apply to S3: use them with --bucket, not --data");
        }
    }

    public boolean local() {
        return dir != null;
    }

    /** The directory holding the objects: {@code dir}, or {@code dir/prefix} when a prefix is given. */
    public Path root() {
        String p = prefix.replaceAll("^/+|/+$", "");
        return p.isEmpty() ? dir : dir.resolve(p);
    }

    S3Settings s3() {
        return new S3Settings(bucket, prefix, region, endpoint);
    }

    /**
     * The store, opened: S3, or the directory. A directory that does not exist is refused (no such file: exit 4) unless
     * {@code write} and {@code create}; a new {@code --prefix} inside an existing directory is a new show, and allowed.
     *
     * @param write false for commands that only read: a missing directory is then an error, never created
     */
    public ObjectStore open(boolean write) {
        if (!local()) {
            return S3Stores.open(s3());
        }
        if (!Files.isDirectory(write ? dir : root()) && !(write && create)) {
            throw new UncheckedIOException(new NoSuchFileException(root().toString(), null,
                    "no such directory; check --data" + (write ? ", or pass --create to start a new store there"
                            : " (publish something first)")));
        }
        return new DirObjectStore(root());
    }

    /** Where the objects are, for a person: the directory, or {@code s3://bucket/prefix}. */
    public String describe() {
        return local() ? root().toAbsolutePath().normalize().toString()
                : "s3://" + bucket + "/" + s3().prefix() + (endpoint == null ? "" : " at " + endpoint);
    }
}
