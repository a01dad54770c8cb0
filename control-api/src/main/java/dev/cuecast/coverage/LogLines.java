package dev.cuecast.coverage;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns edge log lines into sightings. Two formats carry the same four facts (time, status, path, query):
 * the local nginx edge's access log ({@code $msec $request_method $uri $status $upstream_cache_status
 * $request_time $body_bytes_sent $args}, space-separated) and a CloudFront real-time log record with the
 * fields {@link #CLOUDFRONT_FIELDS} (tab-separated, in that order). Anything else is skipped: a line that is
 * not a phone's pointer or state request is not a phone. The query carries {@code p=<id>}, on polls
 * {@code h=<version held>}, and {@code e=<store epoch>} of the version held (polls) or fetched (states).
 */
public final class LogLines {
    /** The real-time log fields infra/cuecast.yaml configures, in CloudFront's record order. */
    public static final String[] CLOUDFRONT_FIELDS = {"timestamp", "sc-status", "cs-uri-stem", "cs-uri-query"};

    private static final Pattern STATE = Pattern.compile("/states/(\\d{1,18})\\.json");
    private static final String POINTER = "/live/pointer.json";
    /** A store epoch as the pointer carries it (dev.cuecast.cue.Pointer). */
    private static final Pattern EPOCH = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final int MAX_LINE = 4096;

    private LogLines() {
    }

    /** A line of the local edge's access log (infra/local-edge/nginx.conf, log_format edge). */
    public static Optional<Sighting> fromEdgeLine(String line) {
        if (line.length() > MAX_LINE) {
            return Optional.empty();
        }
        String[] f = line.split(" ");
        if (f.length < 8) {
            return Optional.empty();
        }
        return sighting(f[0], f[3], f[2], f[7]);
    }

    /** One line of a CloudFront real-time log record (fields {@link #CLOUDFRONT_FIELDS}). */
    public static Optional<Sighting> fromCloudFrontLine(String line) {
        if (line.length() > MAX_LINE) {
            return Optional.empty();
        }
        String[] f = line.split("\t");
        if (f.length < 4) {
            return Optional.empty();
        }
        return sighting(f[0], f[1], f[2], f[3]);
    }

    private static Optional<Sighting> sighting(String seconds, String status, String path, String query) {
        long phone = -1;
        long held = -1;
        long epoch = 0;
        boolean idFound = false;
        for (String pair : query.split("&")) {
            if (pair.startsWith("p=") && pair.length() == 18 && isHex(pair, 2)) {
                phone = Long.parseUnsignedLong(pair.substring(2), 16);
                idFound = true;
            } else if (pair.startsWith("h=") && pair.length() > 2 && pair.length() <= 20 && isDigits(pair, 2)) {
                held = Long.parseLong(pair.substring(2));
            } else if (pair.startsWith("e=") && EPOCH.matcher(pair).region(2, pair.length()).matches()) {
                epoch = Sighting.epochKey(pair.substring(2));
            }
        }
        if (!idFound) {
            return Optional.empty();
        }
        long atMs;
        try {
            atMs = Math.round(Double.parseDouble(seconds) * 1000);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        boolean ok = status.equals("200") || status.equals("304");
        if (path.equals(POINTER)) {
            return Optional.of(new Sighting(phone, atMs, held, epoch));
        }
        Matcher state = STATE.matcher(path);
        if (state.matches()) {
            // A failed state fetch still shows the phone is there; only a delivered state shows it holds one.
            return Optional.of(new Sighting(phone, atMs, ok ? Long.parseLong(state.group(1)) : held, epoch));
        }
        return Optional.empty();
    }

    private static boolean isHex(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigits(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
