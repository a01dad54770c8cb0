package dev.cuecast.flash;

/**
 * What WCAG 2.3.1 measures of a #RRGGBB colour, in integers so Java and the PWA agree to the last digit:
 * relative luminance in units of 1e-11 (0 black, 100_000_000_000 white) and, for a saturated red, its
 * R − G − B in units of 1e-7 of linear light (0 for anything that is not a saturated red).
 */
final class Light {
    static final long LUMINANCE_MAX = 100_000_000_000L;
    /** A luminance change of 10 % of white or more can be half a flash... */
    static final long LUMINANCE_CHANGE = 10_000_000_000L;
    /** ...when the darker colour is below 0.80. */
    static final long DARKER_BELOW = 80_000_000_000L;
    /** Red flash: (R − G − B) × 320 changes by more than 20, so R − G − B by more than 0.0625 of linear light. */
    static final long RED_CHANGE = 625_000L;

    /** sRGB channel value → linear light × 1e7, rounded (the table is pinned in testdata/flash/colors.json). */
    private static final long[] LINEAR = new long[256];

    static {
        for (int v = 0; v < 256; v++) {
            double c = v / 255.0;
            LINEAR[v] = Math.round((c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4)) * 1e7);
        }
    }

    private Light() {
    }

    static long linear(int channel) {
        return LINEAR[channel];
    }

    static long luminance(String color) {
        int n = rgb(color);
        return 2126 * LINEAR[(n >> 16) & 0xff] + 7152 * LINEAR[(n >> 8) & 0xff] + 722 * LINEAR[n & 0xff];
    }

    /** A saturated red is R / (R + G + B) ≥ 0.8 in linear light; anything else counts as no red. */
    static long red(String color) {
        int n = rgb(color);
        long r = LINEAR[(n >> 16) & 0xff];
        long g = LINEAR[(n >> 8) & 0xff];
        long b = LINEAR[n & 0xff];
        return r > 0 && r >= 4 * (g + b) ? r - g - b : 0;
    }

    private static int rgb(String color) {
        return Integer.parseInt(color.substring(1), 16);
    }
}
