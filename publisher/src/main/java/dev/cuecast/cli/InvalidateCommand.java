package dev.cuecast.cli;

import dev.cuecast.publish.CloudFrontInvalidator;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "invalidate", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Invalidate CloudFront's cached pointer (or other paths).",
        description = "Normally unneeded: the pointer's TTL is one second. Useful after repairing objects at the "
                + "origin by hand.")
final class InvalidateCommand implements Callable<Integer> {
    @Option(names = "--distribution-id", required = true, paramLabel = "ID", defaultValue = "${env:CUECAST_DISTRIBUTION_ID}",
            description = "CloudFront distribution (the infra stack's DistributionId output). Env: CUECAST_DISTRIBUTION_ID.")
    String distributionId;

    @Option(names = "--path", paramLabel = "/PATH", defaultValue = CloudFrontInvalidator.POINTER_PATH,
            description = "Path to invalidate, repeatable, '*' allowed at the end (default ${DEFAULT-VALUE}).")
    List<String> paths;

    @Option(names = "--cloudfront-endpoint", paramLabel = "URL", defaultValue = "${env:CUECAST_CLOUDFRONT_ENDPOINT}",
            description = "CloudFront-compatible endpoint instead of AWS (e.g. moto_server). Env: CUECAST_CLOUDFRONT_ENDPOINT.")
    URI endpoint;

    @Spec
    CommandSpec spec;

    private final Context context;

    InvalidateCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String id = context.invalidations().invalidate(endpoint, distributionId, List.copyOf(paths));
        spec.commandLine().getOut().println("invalidation " + id + " created on " + distributionId + " for "
                + String.join(" ", paths));
        return ExitCodes.OK;
    }
}
