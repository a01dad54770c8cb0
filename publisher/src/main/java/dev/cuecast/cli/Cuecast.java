package dev.cuecast.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cuecast}: publish cues and inspect a show's object store from a terminal or a script. */
@Command(name = "cuecast", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Publishes Cuecast light-show cues as versioned states to an object store (S3 or a local "
                + "directory) and inspects or tidies that store. Every write follows the conditional-write protocol, "
                + "so the CLI may run alongside the control API and other publishers.",
        subcommands = {PublishCommand.class, BlackoutCommand.class, SettingsCommand.class, StatusCommand.class,
            HistoryCommand.class, GcCommand.class, DoctorCommand.class, InvalidateCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Store options (--data, --bucket, --prefix, --region, --endpoint, --create) follow",
            "the subcommand and default to CUECAST_DATA, CUECAST_BUCKET, CUECAST_PREFIX,",
            "CUECAST_REGION and CUECAST_ENDPOINT; they are the server's store options too.",
            "--dir and CUECAST_DIR are aliases of --data and CUECAST_DATA.",
            "'cuecast COMMAND --help' shows them all.",
            "", "Examples:",
            "  cuecast publish --data data --mode solid --color '#FF0000' --lead-ms 3000",
            "  cuecast status --bucket my-show --region eu-west-1",
            "  cuecast history --endpoint http://127.0.0.1:5000 --bucket show --limit 5"})
final class Cuecast implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.INVALID;
    }

    /** The configured command line: dependencies from {@code context}, one exit-code table, one-line errors. */
    static CommandLine commandLine(Context context) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                try {
                    return type.getDeclaredConstructor(Context.class).newInstance(context);
                } catch (NoSuchMethodException noContext) {
                    return CommandLine.defaultFactory().create(type);
                }
            }
        };
        ExitCodes codes = new ExitCodes();
        CommandLine cmd = new CommandLine(Cuecast.class, factory)
                .setExitCodeExceptionMapper(codes)
                .setExecutionExceptionHandler(codes)
                .setParameterExceptionHandler(codes)
                .setUsageHelpAutoWidth(true);
        Map<String, String> exitCodes = new LinkedHashMap<>();
        for (String line : ExitCodes.HELP_LIST) {
            int colon = line.indexOf(':');
            exitCodes.put(line.substring(0, colon), line.substring(colon + 1));
        }
        addExitCodes(cmd, exitCodes);
        return cmd;
    }

    /** Every command lists the exit codes and says the same version (-V) as the top command. */
    private static void addExitCodes(CommandLine cmd, Map<String, String> exitCodes) {
        cmd.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
        cmd.getSubcommands().values().forEach(sub -> {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                sub.getCommandSpec().versionProvider(cmd.getCommandSpec().versionProvider());
                addExitCodes(sub, exitCodes);
            }
        });
    }
}
