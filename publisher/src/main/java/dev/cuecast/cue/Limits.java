package dev.cuecast.cue;

/** Bounds every published value respects; one place so Java, docs and the PWA agree. */
public final class Limits {
    /**
     * Fastest strobe/pulse/wave cycle. WCAG 2.3.1 allows 3 flashes a second (a 334 ms cycle), but a cue at that
     * rate leaves nothing for a restart, a zone edge or a clock correction: at 600 ms one cue uses 1.67 flashes a
     * second and a restart at any phase, of a strobe or a pulse, still fits in the 3 (see {@code dev.cuecast.flash}).
     */
    public static final int MIN_FLASH_PERIOD_MS = 600;
    /** Sequence steps: one colour change at most every 334 ms (at most 1.5 flashes a second). */
    public static final int MIN_STEP_GAP_MS = 334;
    public static final int MAX_PERIOD_MS = 60_000;
    public static final int MAX_SEATS = 1_000_000;
    public static final int MAX_STEPS = 1_000;
    public static final int MAX_ZONE_RANGES = 100;
    /** The design promises at least 1,000 pending cues per state; beyond this a cue is refused. */
    public static final int MAX_CUES_PER_STATE = 1_024;
    public static final int MIN_POLL_MS = 500;
    public static final int MAX_POLL_MS = 60_000;
    /**
     * A state whose canonical bytes fit in this rides inside the pointer as well ({@code "inline"}): a phone then
     * learns a cue in one round trip instead of two, which is what holds a 3 s lead inside a Wi-Fi congestion
     * burst (bench/crowd.md). Small enough that the pointer with its headers still fits one 1,460-byte segment.
     */
    public static final int POINTER_INLINE_MAX_BYTES = 1_024;
    /** 2^53 - 1: phones read JSON numbers as doubles, so larger versions and times would silently round there. */
    public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;
    /** WCAG 2.3.1 counted on what a phone shows: at most 6 opposing luminance (or red) changes, 3 flashes, per window. */
    public static final int MAX_FLASH_TRANSITIONS = 6;
    /** A cue replaced sooner than this after it starts is never shown: a 30 fps frame could miss it or not. */
    public static final int MIN_CUE_SHOWN_MS = 50;
    /** The window phones count in. */
    public static final int FLASH_WINDOW_MS = 1_000;
    /** The window the phones' governor counts in: a change lands on screen up to a frame off its instant. */
    public static final int FLASH_GOVERNOR_WINDOW_MS = 1_100;
    /** The window the server counts in: wider again, so frame rounding never makes an accepted show need the governor. */
    public static final int FLASH_SERVER_WINDOW_MS = 1_150;

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
