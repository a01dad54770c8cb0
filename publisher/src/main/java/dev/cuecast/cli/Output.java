package dev.cuecast.cli;

import java.time.Instant;

/** Formats shared by the commands' human-readable output. */
final class Output {
    private Output() {
    }

    static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis) + " (" + epochMillis + ")";
    }
}
