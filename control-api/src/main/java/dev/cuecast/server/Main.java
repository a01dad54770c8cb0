package dev.cuecast.server;

/** {@code java -jar cuecast-server.jar}: the whole local stack in one process. The only System.exit. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = ServerCommand.commandLine().execute(args);
        // On Ctrl-C the JVM is already exiting; System.exit from here would block on the running shutdown hook.
        if (code != 0) {
            System.exit(code);
        }
    }
}
