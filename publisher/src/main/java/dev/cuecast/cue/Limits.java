package dev.cuecast.cue;

/** Bounds every published value respects; one place so Java, docs and the PWA agree. */
public final class Limits {
    /** WCAG 2.3.1: at most 3 flashes per second, so one on/off cycle takes at least 334 ms. */
    public static final int MIN_FLASH_PERIOD_MS = 334;
    public static final int MAX_PERIOD_MS = 60_000;
    public static final int MAX_SEATS = 1_000_000;
    public static final int MAX_STEPS = 1_000;
    public static final int MAX_ZONE_RANGES = 100;
    /** The design promises at least 1,000 pending cues per state; beyond this a cue is refused. */
    public static final int MAX_CUES_PER_STATE = 1_024;
    public static final int MIN_POLL_MS = 500;
    public static final int MAX_POLL_MS = 60_000;
    /** 2^53 - 1: phones read JSON numbers as doubles, so larger versions and times would silently round there. */
    public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

    private Limits() {
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new InvalidCueException(message);
        }
    }

    /** Upper-cases a #RRGGBB colour so equal states have equal bytes. */
    static String color(String field, String value) {
        require(value != null, field + " is required: a colour such as \"#FF0000\"");
        require(value.matches("#[0-9A-Fa-f]{6}"),
                field + " must be #RRGGBB (six hex digits), got \"" + value + "\"");
        return value.toUpperCase(java.util.Locale.ROOT);
    }
}
