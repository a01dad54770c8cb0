package dev.cuecast.cli;

import dev.cuecast.publish.ObjectStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "gc", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Delete old states (and, with --history-days, old history entries).",
        description = "Never deletes the current state, the --keep newest below it, a state newer than the pointer "
                + "(a publisher may be about to name it) or one younger than --min-age-s (a CDN may still serve a "
                + "stale pointer naming it). The history is kept unless --history-days is given; then entries older "
                + "than that are deleted, the --keep newest always kept.")
final class GcCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "10",
            description = "Also keep the N newest states below the current one (default ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--min-age-s", paramLabel = "SECONDS", defaultValue = "120",
            description = "Keep states published less than this long ago (default ${DEFAULT-VALUE}).")
    long minAgeSeconds;

    @Option(names = "--history-days", paramLabel = "DAYS",
            description = "Also delete history entries published more than DAYS days ago (default: keep the history).")
    Integer historyDays;

    @Option(names = "--dry-run", description = "List what would be deleted; delete nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    private final Context context;

    GcCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        StoreConfig config = storeOptions.toConfig();
        if (keep < 0 || minAgeSeconds < 0) {
            throw new IllegalArgumentException("--keep and --min-age-s must be 0 or more");
        }
        if (historyDays != null && historyDays < 0) {
            throw new IllegalArgumentException("--history-days must be 0 or more");
        }
        List<String> keys = new java.util.ArrayList<>();
        List<String> history = List.of();
        try (ObjectStore store = context.stores().open(config, false)) {
            keys.addAll(context.publisher(store).collectGarbage(keep, Duration.ofSeconds(minAgeSeconds), dryRun));
            if (historyDays != null) {
                history = context.publisher(store).collectHistory(Duration.ofDays(historyDays), Math.max(1, keep), dryRun);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        for (String key : keys) {
            out.println((dryRun ? "would delete " : "deleted ") + key);
        }
        for (String key : history) {
            out.println((dryRun ? "would delete " : "deleted ") + key);
        }
        out.println((dryRun ? "would delete " : "deleted ") + keys.size() + " state" + (keys.size() == 1 ? "" : "s")
                + (historyDays == null ? "" : " and " + history.size() + " history entr" + (history.size() == 1 ? "y" : "ies"))
                + " from " + config.describe());
        return ExitCodes.OK;
    }
}
