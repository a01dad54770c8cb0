package dev.cuecast.flash;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts WCAG transitions in what a screen shows, one colour change at a time. Per channel a Schmitt trigger:
 * after a change towards bright it follows the brightest value until the screen falls by the threshold (and
 * the darker side is below 0.80), then follows the darkest, and so on. So counted changes always alternate, a
 * flash is two of them, and a staircase or a stepped pulse counts once per swing, not once per step.
 * The PWA's {@code flash.js} is the same machine; testdata/flash pins both.
 */
final class FlashDetector {
    private final Trigger luminance = new Trigger(Transition.Channel.LUMINANCE, Light.LUMINANCE_CHANGE, true);
    private final Trigger red = new Trigger(Transition.Channel.RED, Light.RED_CHANGE, false);

    FlashDetector(String initialColor) {
        luminance.reset(Light.luminance(initialColor));
        red.reset(Light.red(initialColor));
    }

    /** The screen shows {@code color} from {@code t}: the transitions that makes (none, one or two). */
    List<Transition> show(double t, String color) {
        List<Transition> out = new ArrayList<>(2);
        luminance.step(t, Light.luminance(color), out);
        red.step(t, Light.red(color), out);
        return out;
    }

    private static final class Trigger {
        private final Transition.Channel channel;
        private final long threshold;
        private final boolean luminanceRule;
        private int dir;
        private long lo;
        private long hi;

        Trigger(Transition.Channel channel, long threshold, boolean luminanceRule) {
            this.channel = channel;
            this.threshold = threshold;
            this.luminanceRule = luminanceRule;
        }

        void reset(long v) {
            dir = 0;
            lo = v;
            hi = v;
        }

        /** Luminance: 10 % or more with the darker side below 0.80. Red: more than the threshold. */
        private boolean counts(long brighter, long darker) {
            return luminanceRule
                    ? brighter - darker >= threshold && darker < Light.DARKER_BELOW
                    : brighter - darker > threshold;
        }

        void step(double t, long v, List<Transition> out) {
            if (dir >= 0 && counts(hi, v) && (dir == 1 || !counts(v, lo))) {
                dir = -1;
                lo = v;
                out.add(new Transition(t, channel, false));
            } else if (dir <= 0 && counts(v, lo)) {
                dir = 1;
                hi = v;
                out.add(new Transition(t, channel, true));
            } else {
                if (dir <= 0) {
                    lo = Math.min(lo, v);
                }
                if (dir >= 0) {
                    hi = Math.max(hi, v);
                }
            }
        }
    }
}
