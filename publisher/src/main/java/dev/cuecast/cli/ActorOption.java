package dev.cuecast.cli;

import picocli.CommandLine.Option;

/** Who publishes, recorded in the history. */
final class ActorOption {
    @Option(names = "--actor", paramLabel = "NAME", defaultValue = "${env:CUECAST_ACTOR:-cli}",
            description = "Who is publishing, recorded in the history (default: ${DEFAULT-VALUE}). Env: CUECAST_ACTOR.")
    private String actor;

    String name() {
        return actor;
    }
}
