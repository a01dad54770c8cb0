package dev.cuecast.cli;

import dev.cuecast.json.CanonicalJson;
import dev.cuecast.publish.HistoryEntry;
import dev.cuecast.publish.ObjectStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        header = "List published versions, newest first.",
        description = "Reads the audit records under private/history/: version, time, actor, action, cue and poll_ms.")
final class HistoryCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N versions (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Context context;

    HistoryCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        StoreConfig config = storeOptions.toConfig();
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
        }
        List<HistoryEntry> entries;
        try (ObjectStore store = context.stores().open(config, false)) {
            entries = context.publisher(store).history(limit);
        }
        PrintWriter out = spec.commandLine().getOut();
        CanonicalJson canonical = new CanonicalJson();
        for (HistoryEntry e : entries) {
            if (json) {
                out.println(canonical.writeString(e));
            } else {
                out.println(String.format("%6d  %s  %-10s %-8s poll_ms=%d%s", e.version(), Instant.ofEpochMilli(e.publishedAt()),
                        e.actor(), e.action(), e.pollMs(), e.cue() == null ? "" : "  " + canonical.writeString(e.cue())));
            }
        }
        if (entries.isEmpty() && !json) {
            out.println("no history yet in " + config.describe());
        }
        return ExitCodes.OK;
    }
}
