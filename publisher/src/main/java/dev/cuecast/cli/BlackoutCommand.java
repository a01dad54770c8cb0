package dev.cuecast.cli;

import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.Published;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "blackout", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Everything off now, every pending cue dropped.",
        description = "Publishes an 'off' cue effective immediately and drops every pending cue, so nothing "
                + "scheduled can light the crowd again.")
final class BlackoutCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Mixin
    ActorOption actor;

    @Spec
    CommandSpec spec;

    private final Context context;

    BlackoutCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        StoreConfig config = storeOptions.toConfig();
        try (ObjectStore store = context.stores().open(config, true)) {
            Published published = context.publisher(store).blackout(actor.name());
            spec.commandLine().getOut().println("blackout published as version " + published.version()
                    + ", effective at " + Output.time(published.effectiveAt()));
        }
        return ExitCodes.OK;
    }
}
