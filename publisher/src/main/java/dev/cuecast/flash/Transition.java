package dev.cuecast.flash;

/**
 * Half a flash: a change of what a seat shows at server time {@code t} that WCAG counts, on one channel
 * (luminance or saturated red), towards bright ({@code up}) or towards dark.
 */
record Transition(double t, Channel channel, boolean up) {
    enum Channel { LUMINANCE, RED }
}
