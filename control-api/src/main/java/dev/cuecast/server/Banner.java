package dev.cuecast.server;

import dev.cuecast.api.operations.Station;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;

/**
 * What the server prints once it listens, before anything else: where everything is, which token opens the operator
 * page, and then what to mind.
 *
 * @param store      where the objects are
 * @param base       this server's own URL, e.g. http://127.0.0.1:8080
 * @param timeSource the phones' time source; null when it is this server's own clock
 * @param tokenLine  the operator token, or where it came from
 * @param staffToken whether a read-only staff token is configured (never printed: it comes from the environment)
 * @param warnings   printed after the banner, one line each
 */
record Banner(String store, Station station, String base, URI timeSource, String tokenLine, boolean staffToken,
              List<String> warnings) {
    void print(PrintWriter out) {
        out.println("Cuecast is running (objects in " + store + ")");
        out.println("  station:        " + station.name() + (station.role().equals("standby")
                ? " (hot standby: same store as the main station, ready to take over; its BLACKOUT works at any time)"
                : " (main)"));
        out.println("  operator page:  " + base + "/operator");
        out.println("  spectator app:  " + base + "/");
        out.println("  cue clock:      " + (timeSource == null ? "this server's (phones sync to its /time)"
                : "synced to " + timeSource + " (cues are refused until it is)"));
        out.println("  operator token: " + tokenLine);
        if (staffToken) {
            out.println("  staff token:    from CUECAST_STAFF_TOKEN (read-only: seat checks, what is live, coverage)");
        }
        warnings.forEach(warning -> out.println("WARNING: " + warning));
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
