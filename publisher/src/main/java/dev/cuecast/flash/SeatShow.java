package dev.cuecast.flash;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Limits;
import dev.cuecast.cue.Mode;
import dev.cuecast.cue.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one seat shows, as the PWA's {@code show.js} renders it: the last cue whose effective_at has passed and
 * whose zone holds the seat, its strobe/wave edges, stepped pulse and sequence steps, winners in their colour.
 * A port kept honest by testdata/flash (both languages must produce the same colour changes).
 */
final class SeatShow {
    static final String BLACK = "#000000";
    /** Evaluate just after an instant, so floating-point rounding at an edge never reads the old colour. */
    private static final double EPS = 1e-3;

    private final List<Cue> cues;
    private final Integer seat;

    /** @param seat null for a phone without a seat: it sees only cues without a zone */
    SeatShow(List<Cue> all, Integer seat) {
        this.seat = seat;
        List<Cue> mine = new ArrayList<>();
        for (Cue c : all) {
            if (c.zone() == null || (seat != null && c.zone().contains(seat))) {
                mine.add(c);
            }
        }
        // A cue replaced sooner than MIN_CUE_SHOWN_MS after it starts is never shown (show.js does the same).
        List<Cue> shown = new ArrayList<>();
        for (int i = 0; i < mine.size(); i++) {
            if (i == mine.size() - 1 || mine.get(i + 1).effectiveAt() - mine.get(i).effectiveAt() >= Limits.MIN_CUE_SHOWN_MS) {
                shown.add(mine.get(i));
            }
        }
        this.cues = shown;
    }

    List<Cue> cues() {
        return cues;
    }

    /** Colour shown at server time t and the next instant it changes (NaN: never). */
    record Frame(String color, double nextAt, int index) {
    }

    Frame frameAt(double t) {
        int i = lastAtOrBefore(t);
        double following = i + 1 < cues.size() ? cues.get(i + 1).effectiveAt() : Double.NaN;
        if (i < 0) {
            return new Frame(BLACK, following, -1);
        }
        Frame own = render(cues.get(i), t);
        double next = own.nextAt;
        if (!Double.isNaN(following) && (Double.isNaN(next) || following < next)) {
            next = following;
        }
        return new Frame(own.color, next, i);
    }

    private int lastAtOrBefore(double t) {
        int lo = 0;
        int hi = cues.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (cues.get(mid).effectiveAt() <= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private Frame render(Cue cue, double t) {
        if (cue.winners() != null && cue.mode() != Mode.OFF && seat != null && seat < cue.winners().seats()
                && cue.winners().isWinner(seat)) {
            return new Frame(cue.winners().color(), Double.NaN, 0);
        }
        double since = t - cue.effectiveAt();
        switch (cue.mode()) {
            case SOLID:
                return new Frame(cue.color(), Double.NaN, 0);
            case STROBE:
            case WAVE: {
                double p = period(cue);
                double lag = 0;
                if (cue.mode() == Mode.WAVE) {
                    int span = Math.max(1, cue.span());
                    lag = ((double) Math.floorMod(seat == null ? 0 : seat, span) / span) * p;
                }
                double half = p / 2;
                double k = Math.floor((since - lag) / half);
                String color = mod(k, 2) == 0 ? cue.color() : BLACK;
                return new Frame(color, cue.effectiveAt() + lag + (k + 1) * half, 0);
            }
            case PULSE: {
                double p = period(cue);
                int n = pulseSteps(p);
                double k = Math.floor((since * n) / p);
                return new Frame(dim(cue.color(), triangle(mod(k, n) / n)), cue.effectiveAt() + ((k + 1) * p) / n, 0);
            }
            case SEQUENCE: {
                List<Step> steps = cue.steps();
                int i = -1;
                while (i + 1 < steps.size() && steps.get(i + 1).offsetMs() <= since) {
                    i++;
                }
                double next = i + 1 < steps.size() ? cue.effectiveAt() + steps.get(i + 1).offsetMs() : Double.NaN;
                return new Frame(i >= 0 ? steps.get(i).color() : BLACK, next, 0);
            }
            default:
                return new Frame(BLACK, Double.NaN, 0);
        }
    }

    /**
     * The colour changes this seat shows in [from, to): the colour at {@code from} first, then one entry per change.
     * With {@code steadyMs} > 0, long stretches of one periodic cue are skipped by whole periods once two periods
     * plus {@code steadyMs} of it have been listed, leaving as much before the next cue: the skipped part only
     * repeats what was listed (the flash guard checks a day of pending cues this way), and {@code maxChanges}
     * bounds the work in any case.
     */
    List<Change> changes(double from, double to, double steadyMs, int maxChanges) {
        List<Change> out = new ArrayList<>();
        Frame f = frameAt(from);
        out.add(new Change(from, f.color));
        String last = f.color;
        while (!Double.isNaN(f.nextAt) && f.nextAt < to && out.size() < maxChanges) {
            double t = f.nextAt;
            if (steadyMs > 0 && f.index >= 0) {
                t = skipSteady(t, f.index, steadyMs);
            }
            f = frameAt(t + EPS);
            if (!f.color.equals(last)) {
                out.add(new Change(t, f.color));
                last = f.color;
            }
        }
        return out;
    }

    private double skipSteady(double t, int index, double steadyMs) {
        Cue cue = cues.get(index);
        if (!cue.mode().periodic()) {
            return t;
        }
        double p = period(cue);
        double keepMs = 2 * p + steadyMs;
        double end = index + 1 < cues.size() ? cues.get(index + 1).effectiveAt() : Double.POSITIVE_INFINITY;
        if (t - cue.effectiveAt() < keepMs || Double.isInfinite(end)) {
            return t;
        }
        double periods = Math.floor((end - keepMs - t) / p);
        return periods >= 1 ? t + periods * p : t;
    }

    record Change(double t, String color) {
    }

    static double period(Cue cue) {
        return Math.max(Limits.MIN_FLASH_PERIOD_MS, cue.periodMs());
    }

    /** A pulse is drawn in steps (2 × p/80, 8..64 a cycle) so every phone and the server see the same colours. */
    static int pulseSteps(double p) {
        return 2 * (int) Math.max(4, Math.min(32, Math.floor(p / 80)));
    }

    private static double triangle(double x) {
        return 1 - Math.abs(2 * x - 1);
    }

    private static double mod(double a, double n) {
        return ((a % n) + n) % n;
    }

    static String dim(String color, double level) {
        int n = Integer.parseInt(color.substring(1), 16);
        return String.format(Locale.ROOT, "#%02X%02X%02X", Math.round(((n >> 16) & 0xff) * level),
                Math.round(((n >> 8) & 0xff) * level), Math.round((n & 0xff) * level));
    }
}
