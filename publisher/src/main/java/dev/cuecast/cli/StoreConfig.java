package dev.cuecast.cli;

import dev.cuecast.publish.S3Settings;
import java.net.URI;
import java.nio.file.Path;

/**
 * Where the show's objects live: a local directory, or an S3 bucket (optionally under a prefix, optionally on an
 * emulator endpoint). Exactly one of {@code dir} and {@code bucket} is set. {@code create}: a missing directory may be
 * created (else it is refused, so a typo cannot start a new, empty store).
 */
record StoreConfig(Path dir, String bucket, String prefix, String region, URI endpoint, boolean create) {
    StoreConfig {
        prefix = prefix == null ? "" : prefix;
        if ((dir == null) == (bucket == null)) {
            throw new IllegalArgumentException(dir == null
                    ? "no object store: give --dir DIR (local) or --bucket NAME (S3), or set CUECAST_DIR / CUECAST_BUCKET"
                    : "give either --dir or --bucket, not both");
        }
        if (dir != null && (region != null || endpoint != null)) {
            throw new IllegalArgumentException("--region and --endpoint apply to S3: use them with --bucket, not --dir");
        }
    }

    boolean local() {
        return dir != null;
    }

    /** The directory holding the objects: {@code dir}, or {@code dir/prefix} when a prefix is given. */
    Path root() {
        String p = prefix.replaceAll("^/+|/+$", "");
        return p.isEmpty() ? dir : dir.resolve(p);
    }

    S3Settings s3() {
        return new S3Settings(bucket, prefix, region, endpoint);
    }

    String describe() {
        return local() ? root().toString()
                : "s3://" + bucket + "/" + s3().prefix() + (endpoint == null ? "" : " at " + endpoint);
    }
}
