package dev.cuecast.cli;

import dev.cuecast.publish.Doctor;
import dev.cuecast.publish.ObjectStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Check a show's store; with --repair, fix what is safe.",
        description = "Checks the pointer (present, readable, with an epoch), the state it names, the history entry "
                + "of the live version, and versions beyond the pointer. --repair replaces a missing or unreadable "
                + "pointer or current state with a new version restoring the newest readable published state "
                + "(dark when there is none), and writes a missing history entry. Blackout and new cues work on a "
                + "damaged store without it; doctor tells you what they will recover.")
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--repair", description = "Fix what is safe (see above) and report what was done.")
    boolean repair;

    @Mixin
    ActorOption actor;

    @Spec
    CommandSpec spec;

    private final Context context;

    DoctorCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        StoreConfig config = storeOptions.toConfig();
        PrintWriter out = spec.commandLine().getOut();
        try (ObjectStore store = context.stores().open(config, false)) {
            Doctor doctor = new Doctor(context.publisher(store));
            out.println("store  " + config.describe());
            List<Doctor.Finding> findings = doctor.check();
            for (Doctor.Finding f : findings) {
                out.println((f.ok() ? "  ok       " : "  PROBLEM  ") + f.what());
            }
            boolean healthy = findings.stream().allMatch(Doctor.Finding::ok);
            if (!repair) {
                if (!healthy) {
                    out.println("run 'cuecast doctor --repair' to fix what is safe");
                }
                return healthy ? ExitCodes.OK : ExitCodes.DAMAGED;
            }
            List<String> done = doctor.repair(actor.name());
            done.forEach(d -> out.println("  repaired " + d));
            if (done.isEmpty()) {
                out.println("  nothing to repair");
            }
            boolean now = doctor.check().stream().allMatch(Doctor.Finding::ok);
            return now ? ExitCodes.OK : ExitCodes.DAMAGED;
        }
    }
}
