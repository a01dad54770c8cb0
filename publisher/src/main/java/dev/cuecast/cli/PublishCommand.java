package dev.cuecast.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cuecast.cue.Cue;
import dev.cuecast.cue.InvalidCueException;
import dev.cuecast.cue.Mode;
import dev.cuecast.cue.SeatRange;
import dev.cuecast.cue.Step;
import dev.cuecast.cue.Zone;
import dev.cuecast.json.CanonicalJson;
import dev.cuecast.publish.ObjectStore;
import dev.cuecast.publish.Published;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Publish one cue.",
        description = "Writes a new state (the cue plus every cue still pending) and then the pointer; prints the "
                + "version only once the pointer names it. Give the cue with flags or as JSON with --file.",
        footer = {"", "Examples:",
            "  cuecast publish --data data --mode solid --color '#FF0000' --lead-ms 3000",
            "  cuecast publish --data data --mode strobe --color '#FFFFFF' --period-ms 500 \\",
            "      --zone 0-4999,20000-24999",
            "  cuecast publish --data data --mode wave --color '#0000FF' --period-ms 2000 \\",
            "      --span 100",
            "  cuecast publish --data data --mode sequence --lead-ms 5000 \\",
            "      --step 0:#FF0000 --step 500:#00FF00",
            "  cuecast publish --bucket my-show --file cue.json --lead-ms 3000"})
final class PublishCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--mode", paramLabel = "MODE", description = "off, solid, strobe, pulse, wave or sequence.")
    String mode;

    @Option(names = "--color", paramLabel = "#RRGGBB", description = "Colour (not for off and sequence).")
    String color;

    @Option(names = "--period-ms", paramLabel = "MS",
            description = "strobe/pulse/wave cycle length, 600..60000 (WCAG: at most 3 flashes a second, with room for a restart).")
    Integer periodMs;

    @Option(names = "--span", paramLabel = "SEATS", description = "wave only: seats per wavelength.")
    Integer span;

    @Option(names = "--step", paramLabel = "OFFSET_MS:#RRGGBB",
            description = "sequence only, repeatable: a colour at an offset from effective_at (offsets >= 334 ms apart).")
    List<String> steps = new ArrayList<>();

    @Option(names = "--zone", paramLabel = "FIRST-LAST", split = ",",
            description = "Seats the cue applies to, inclusive ranges separated by commas, e.g. 0-4999,20000-24999; "
                    + "default every seat.")
    List<String> zone = new ArrayList<>();

    @ArgGroup(exclusive = true)
    When when;

    static final class When {
        @Option(names = "--lead-ms", paramLabel = "MS", description = "Effective this long after now (default 0: now).")
        Long leadMs;

        @Option(names = "--effective-at", paramLabel = "EPOCH_MS", description = "Effective at this server time (epoch ms).")
        Long effectiveAt;
    }

    @Option(names = "--file", paramLabel = "CUE.json",
            description = "The cue as JSON in the wire format, e.g. {\"mode\":\"solid\",\"color\":\"#FF0000\"}; "
                    + "unknown fields are refused. Without effective_at it takes now + --lead-ms.")
    Path file;

    @Mixin
    ActorOption actor;

    @Option(names = "--json", description = "Print {\"version\",\"effective_at\",\"state\"} as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Context context;

    PublishCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        StoreConfig config = storeOptions.toConfig();
        ObjectNode fileCue = file == null ? null : readFile();
        // validated before the store is touched, so bad input writes nothing
        cue(fileCue, context.clock().millis());
        try (ObjectStore store = context.stores().open(config, true)) {
            // a relative time counts from the publish, not from the start of a JVM still building its S3 client
            Cue cue = cue(fileCue, context.clock().millis());
            Published published = context.publisher(store).publish(cue, actor.name());
            if (json) {
                spec.commandLine().getOut().println(new CanonicalJson().writeString(published));
            } else {
                spec.commandLine().getOut().println("published version " + published.version() + " ("
                        + published.state() + "), effective at " + Output.time(published.effectiveAt())
                        + " to " + config.describe());
            }
        }
        return ExitCodes.OK;
    }

    private Cue fromFlags(long now) {
        if (mode == null) {
            throw new ParameterException(spec.commandLine(), "give --mode (or the whole cue with --file)");
        }
        List<Step> parsedSteps = steps.isEmpty() ? null : steps.stream().map(PublishCommand::step).toList();
        Zone parsedZone = zone.isEmpty() ? null : new Zone(zone.stream().map(PublishCommand::range).toList());
        return new Cue(effectiveAt(now), Mode.fromWire(mode.toLowerCase(java.util.Locale.ROOT)), color, periodMs, span,
                parsedSteps, parsedZone, null);
    }

    private Cue cue(ObjectNode fileCue, long now) throws IOException {
        return fileCue == null ? fromFlags(now) : fromFile(fileCue.deepCopy(), now);
    }

    private ObjectNode readFile() throws IOException {
        if (mode != null || color != null || periodMs != null || span != null || !steps.isEmpty() || !zone.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "--file holds the whole cue: drop --mode, --color, --period-ms, --span, --step and --zone");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --file " + file + ": " + e.getClass().getSimpleName()
                    .replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT), e);
        }
        JsonNode tree = new CanonicalJson().mapper().readTree(bytes);
        if (!(tree instanceof ObjectNode object)) {
            throw new InvalidCueException(file + " must hold one JSON object, the cue");
        }
        if (object.has("effective_at") && when != null) {
            throw new ParameterException(spec.commandLine(),
                    file + " sets effective_at already: drop --lead-ms / --effective-at");
        }
        return object;
    }

    private Cue fromFile(ObjectNode object, long now) throws IOException {
        if (!object.has("effective_at")) {
            object.put("effective_at", effectiveAt(now));
        }
        return new CanonicalJson().read(object, Cue.class);
    }

    private long effectiveAt(long now) {
        if (when == null) {
            return now;
        }
        if (when.effectiveAt != null) {
            return when.effectiveAt;
        }
        if (when.leadMs < 0) {
            throw new InvalidCueException("--lead-ms must be 0 or more, got " + when.leadMs);
        }
        return now + when.leadMs;
    }

    private static Step step(String text) {
        int colon = text.indexOf(':');
        try {
            return new Step(Long.parseLong(text.substring(0, Math.max(colon, 0)).strip()), text.substring(colon + 1).strip());
        } catch (NumberFormatException e) {
            throw new InvalidCueException("--step must be OFFSET_MS:#RRGGBB such as 500:#00FF00, got \"" + text + "\"");
        }
    }

    private static SeatRange range(String text) {
        String[] parts = text.strip().split("-", -1);
        try {
            if (parts.length == 1) {
                int seat = Integer.parseInt(parts[0]);
                return new SeatRange(seat, seat);
            }
            if (parts.length == 2) {
                return new SeatRange(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidCueException("--zone must be FIRST-LAST[,FIRST-LAST...] such as 0-4999,20000-24999, got \""
                + text + "\"");
    }
}
