package dev.cuecast.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where the objects are: one option set for the {@code cuecast} CLI (a mixin of every command that reads or writes the
 * store) and the server ({@code cuecast-server}), with the same names, environment variables and rules on both.
 * {@code --data} and {@code CUECAST_DATA} name the local directory; {@code --dir} and {@code CUECAST_DIR} are kept as
 * aliases. A directory that is named must exist unless {@code --create} is given, so a typo cannot start a new, empty
 * store; only the server's default directory ({@code ./data}, used when no store is named) is created when missing.
 */
public final class StoreOptions {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:CUECAST_DATA:-${env:CUECAST_DIR}}",
            description = "Local directory store. It must exist unless --create is given. --dir is the same option. "
                    + "Env: CUECAST_DATA (or CUECAST_DIR).")
    private Path dir;

    /** The older name of {@code --data}, kept so that existing scripts keep working; not listed in the help. */
    @Option(names = "--dir", paramLabel = "DIR", hidden = true)
    private Path dirAlias;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--bucket", paramLabel = "NAME", defaultValue = "${env:CUECAST_BUCKET}",
            description = "S3 bucket instead of a directory; credentials from the AWS default chain (env, profile, SSO, "
                    + "role). Env: CUECAST_BUCKET.")
    private String bucket;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "${env:CUECAST_PREFIX}",
            description = "Key prefix inside the bucket (or subdirectory of --data), e.g. shows/final. Env: CUECAST_PREFIX.")
    private String prefix;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "${env:CUECAST_REGION}",
            description = "AWS region of the bucket (default: the AWS default region chain). Env: CUECAST_REGION.")
    private String region;

    @Option(names = "--endpoint", paramLabel = "URL", defaultValue = "${env:CUECAST_ENDPOINT}",
            description = "S3-compatible endpoint instead of AWS, e.g. http://127.0.0.1:5000 for moto_server "
                    + "(path-style requests). Env: CUECAST_ENDPOINT.")
    private URI endpoint;

    @Option(names = "--create", description = "With --data: create the directory if it does not exist (a new, empty "
            + "store). Without it a directory that does not exist is refused instead of starting a new, empty store.")
    private boolean create;

    /** The first line of every CLI command: flags and environment, checked once, as an immutable value. */
    public StoreConfig toConfig() {
        Named named = named();
        return new StoreConfig(named.dir(), named.bucket(), prefix, blankToNull(region), endpoint, create);
    }

    /**
     * The same for the server, which runs without naming a store: then {@code defaultDir}, created when missing.
     * {@code regionServesMore}: {@code --region} also serves another AWS client of the server (its coverage stream),
     * so it is no mistake beside a local directory.
     */
    public StoreConfig toConfig(Path defaultDir, boolean regionServesMore) {
        Named named = named();
        Path d = named.dir();
        String b = named.bucket();
        String r = blankToNull(region);
        if (d == null && b == null) {
            return new StoreConfig(defaultDir, null, prefix, regionServesMore ? null : r, endpoint, true);
        }
        return new StoreConfig(d, b, prefix, b == null && regionServesMore ? null : r, endpoint, create);
    }

    /** {@code --region}, for the server's other AWS clients; null when not given. */
    public String region() {
        return blankToNull(region);
    }

    /** The store named: a directory or a bucket (both, or neither, is refused by {@link StoreConfig}). */
    private record Named(Path dir, String bucket) {
    }

    /**
     * {@code --data} (or {@code --dir}, its older name; never both) and {@code --bucket}. A flag beats the environment:
     * with {@code CUECAST_DATA} exported, {@code --bucket} on the command line names the store, and the other way round.
     */
    private Named named() {
        if (dirAlias != null && given("--data")) {
            throw new ParameterException(spec.commandLine(), "--dir is the older name of --data: give one of them");
        }
        Path d = dirAlias != null ? dirAlias : dir;
        String b = blankToNull(bucket);
        if (d != null && b != null) {
            boolean dirGiven = given("--data") || given("--dir");
            boolean bucketGiven = given("--bucket");
            if (dirGiven && !bucketGiven) {
                b = null;
            } else if (bucketGiven && !dirGiven) {
                d = null;
            }
        }
        return new Named(d, b);
    }

    /** Whether {@code option} was on the command line (not only in the environment). */
    private boolean given(String option) {
        return spec != null && spec.commandLine() != null && spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
