package dev.cuecast.cli;

/** The {@code cuecast} executable: the only place that exits the JVM. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cuecast.commandLine(Context.production()).execute(args));
    }
}
