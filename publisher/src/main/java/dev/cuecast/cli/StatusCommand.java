package dev.cuecast.cli;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Pointer;
import dev.cuecast.json.CanonicalJson;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.Snapshot;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Show the current version, its cues and the polling hint.",
        description = "Reads the pointer and the state it names: the cue in force and every pending cue.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--json", description = "Print {\"pointer\":...,\"state\":...} as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Context context;

    StatusCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        StoreConfig config = storeOptions.toConfig();
        PrintWriter out = spec.commandLine().getOut();
        Optional<Snapshot> current;
        try (ObjectStore store = context.stores().open(config, false)) {
            current = context.publisher(store).current();
        }
        if (current.isEmpty()) {
            out.println(json ? "null" : "nothing published yet in " + config.describe());
            return ExitCodes.OK;
        }
        Snapshot snapshot = current.get();
        if (json) {
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("pointer", snapshot.pointer());
            both.put("state", snapshot.state());
            out.println(new CanonicalJson().writeString(both));
            return ExitCodes.OK;
        }
        Pointer pointer = snapshot.pointer();
        long now = context.clock().millis();
        out.println("store      " + config.describe());
        out.println("version    " + pointer.version() + " (" + pointer.state() + ")");
        out.println("published  " + Output.time(pointer.publishedAt()));
        out.println("poll_ms    " + pointer.pollMs());
        out.println("cues       " + snapshot.state().cues().size());
        CanonicalJson canonical = new CanonicalJson();
        for (Cue cue : snapshot.state().cues()) {
            String tag = cue.effectiveAt() <= now ? "in force" : "pending ";
            out.println("  " + tag + "  " + canonical.writeString(cue));
        }
        return ExitCodes.OK;
    }
}
