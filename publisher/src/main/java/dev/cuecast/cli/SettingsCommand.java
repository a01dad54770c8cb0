package dev.cuecast.cli;

import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.Published;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "settings", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Change the phones' polling hint (poll_ms).",
        description = "Publishes a new version with the same cues and a pointer carrying --poll-ms; later publishes "
                + "keep it.")
final class SettingsCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--poll-ms", required = true, paramLabel = "MS",
            description = "How often phones poll the pointer: 1000 during a show, 20000 idle (500..60000).")
    int pollMs;

    @Mixin
    ActorOption actor;

    @Spec
    CommandSpec spec;

    private final Context context;

    SettingsCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        StoreConfig config = storeOptions.toConfig();
        try (ObjectStore store = context.stores().open(config, true)) {
            Published published = context.publisher(store).setPollMs(pollMs, actor.name());
            spec.commandLine().getOut().println("poll_ms " + pollMs + " published as version " + published.version());
        }
        return ExitCodes.OK;
    }
}
