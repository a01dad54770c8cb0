package dev.cuecast.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the objects are, shared by every command that reads or writes the store. Defaults come from the environment. */
final class StoreOptions {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${env:CUECAST_DIR}",
            description = "Local directory store (the control API's --data directory). Env: CUECAST_DIR.")
    private Path dir;

    @Option(names = "--bucket", paramLabel = "NAME", defaultValue = "${env:CUECAST_BUCKET}",
            description = "S3 bucket; credentials from the AWS default chain (env, profile, SSO, role). Env: CUECAST_BUCKET.")
    private String bucket;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "${env:CUECAST_PREFIX}",
            description = "Key prefix inside the bucket (or subdirectory of --dir), e.g. shows/final. Env: CUECAST_PREFIX.")
    private String prefix;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "${env:CUECAST_REGION}",
            description = "AWS region of the bucket (default: the AWS default region chain). Env: CUECAST_REGION.")
    private String region;

    @Option(names = "--endpoint", paramLabel = "URL", defaultValue = "${env:CUECAST_ENDPOINT}",
            description = "S3-compatible endpoint instead of AWS, e.g. http://127.0.0.1:5000 for moto_server "
                    + "(path-style requests). Env: CUECAST_ENDPOINT.")
    private URI endpoint;

    @Option(names = "--create", description = "With --dir: create the directory if it does not exist (a new, empty "
            + "store). Without it a mistyped --dir is refused instead of publishing into a new empty store.")
    private boolean create;

    /** The first line of every command: flags and environment, checked once, as an immutable value. */
    StoreConfig toConfig() {
        return new StoreConfig(dir, blankToNull(bucket), prefix, blankToNull(region), endpoint, create);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
