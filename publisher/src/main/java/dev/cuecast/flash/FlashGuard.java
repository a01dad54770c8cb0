package dev.cuecast.flash;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Limits;
import dev.cuecast.cue.Mode;
import dev.cuecast.cue.SeatRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.LongFunction;

/**
 * Refuses a cue when the state it would publish makes any seat show more than 3 flashes in a second (WCAG 2.3.1,
 * counted by {@link FlashDetector} on what {@link SeatShow} renders). Seats fall into classes by zone
 * boundaries: every seat of a class sees the same cues, so one representative seat per class stands for all of
 * them, plus extra ones where a wave's phase or a winners bitset makes seats of one class differ.
 * Counting uses a window 100 ms wider than the phones' (frame rounding, clock slews), so a state accepted here
 * never needs the phone's governor.
 */
public final class FlashGuard {
    /** Limits how much one check may compute, whatever the state holds. */
    private static final int MAX_CHANGES_PER_SEAT = 200_000;
    private static final int WAVE_PHASES = 12;
    private static final int MAX_WINNER_SCAN = 200_000;
    /** Bounds the search for a later effective_at (each try is a full check)... */
    private static final int MAX_EARLIEST_TRIES = 100;
    /** ...and the colour changes all tries may simulate together (a few hundred ms of work), for huge states. */
    private static final long SEARCH_WORK = 3_000_000;

    private FlashGuard() {
    }

    /**
     * Returns the cue list to publish ({@code build} at the cue's effective_at) when no seat would flash too much
     * with {@code cue} added to {@code previous}; otherwise throws, naming the seats and the earliest effective_at
     * that would be accepted. The check runs on {@code previous} plus the cue before pruning, so the phones'
     * last second (cues the new state no longer needs) still counts.
     *
     * @param build the cue list that would be published with the cue at a given effective_at
     * @throws FlashLimitException when any seat class exceeds the budget
     */
    public static List<Cue> checked(List<Cue> previous, Cue cue, long now, LongFunction<List<Cue>> build) {
        return checkedAll(previous, List.of(cue), now, shift -> build.apply(cue.effectiveAt() + shift));
    }

    /**
     * The same for several cues published in one version (a timeline): all of them are added before counting,
     * and the earliest effective_at offered is for the earliest of them, the others moved by as much.
     *
     * @param buildShifted the cue list that would be published with every added cue moved later by the given ms
     */
    public static List<Cue> checkedAll(List<Cue> previous, List<Cue> added, long now, LongFunction<List<Cue>> buildShifted) {
        List<Cue> built = buildShifted.apply(0);
        Verdict verdict = evaluate(insertAll(previous, added), added, now);
        if (verdict.ok()) {
            return built;
        }
        long first = added.stream().mapToLong(Cue::effectiveAt).min().orElseThrow();
        boolean alone = !evaluate(added, added, now).ok();
        int tries = (int) Math.min(MAX_EARLIEST_TRIES, SEARCH_WORK / Math.max(1, verdict.work()));
        Long shift = alone ? null : earliestShift(previous, added, now, tries);
        Long earliest = shift == null ? null : first + shift;
        throw new FlashLimitException(message(verdict, first, added.size(), earliest, alone), verdict.seats(), earliest);
    }

    /** {@code cue} after every cue with the same or an earlier effective_at: the later publish wins a tie. */
    static List<Cue> insert(List<Cue> previous, Cue cue) {
        List<Cue> out = new ArrayList<>(previous.size() + 1);
        int i = 0;
        while (i < previous.size() && previous.get(i).effectiveAt() <= cue.effectiveAt()) {
            out.add(previous.get(i++));
        }
        out.add(cue);
        out.addAll(previous.subList(i, previous.size()));
        return out;
    }

    static List<Cue> insertAll(List<Cue> previous, List<Cue> added) {
        List<Cue> out = previous;
        for (Cue c : added) {
            out = insert(out, c);
        }
        return out;
    }

    /** What {@link #evaluate} found: the worst window, and the seat ranges over the budget (empty when fine). */
    record Verdict(List<int[]> seats, int worst, double worstAt, long work) {
        boolean ok() {
            return seats.isEmpty();
        }
    }

    /**
     * Evaluates every seat class the new cues touch, from its first cue to when the last pending cue settles.
     * Classes that see the same cues and hold no wave or winners cue render alike: one seat stands for them all.
     */
    static Verdict evaluate(List<Cue> cues, List<Cue> added, long now) {
        List<int[]> classes = classes(cues, added);
        List<int[]> bad = new ArrayList<>();
        int[] worst = {0};
        double[] worstAt = {Double.NaN};
        long[] work = {0};
        // Before the first new cue every seat shows what the published state already shows.
        long since = Math.max(now, added.stream().mapToLong(Cue::effectiveAt).min().orElse(now));
        java.util.function.Function<Integer, Boolean> over = seat -> {
            List<Transition> seen = transitions(cues, seat, since, work);
            Window w = worstWindow(seen, Limits.FLASH_SERVER_WINDOW_MS, since);
            if (w.count() > worst[0]) {
                worst[0] = w.count();
                worstAt[0] = w.at();
            }
            return w.count() > Limits.MAX_FLASH_TRANSITIONS;
        };
        java.util.Map<java.util.BitSet, List<int[]>> alike = new java.util.LinkedHashMap<>();
        List<java.util.BitSet> signatures = signatures(cues, classes);
        for (int i = 0; i < classes.size(); i++) {
            int[] cls = classes.get(i);
            if (cls[0] < 0) {
                if (over.apply(null)) {
                    bad.add(new int[] {0, Limits.MAX_SEATS - 1});
                }
            } else if (seatDependent(cues, signatures.get(i))) {
                for (Integer seat : representatives(cues, cls)) {
                    if (over.apply(seat)) {
                        bad.add(cls);
                        break;
                    }
                }
            } else {
                alike.computeIfAbsent(signatures.get(i), k -> new ArrayList<>()).add(cls);
            }
        }
        for (List<int[]> group : alike.values()) {
            if (over.apply(group.get(0)[0])) {
                bad.addAll(group);
            }
        }
        return new Verdict(merge(bad), worst[0], worstAt[0], work[0]);
    }

    /** For each class (sorted, disjoint), the indices of the zoned cues whose zone holds it. */
    private static List<java.util.BitSet> signatures(List<Cue> cues, List<int[]> classes) {
        List<java.util.BitSet> out = new ArrayList<>(classes.size());
        for (int i = 0; i < classes.size(); i++) {
            out.add(new java.util.BitSet());
        }
        int firstSeated = classes.isEmpty() || classes.get(0)[0] >= 0 ? 0 : 1;
        int[] starts = classes.subList(firstSeated, classes.size()).stream().mapToInt(c -> c[0]).toArray();
        for (int ci = 0; ci < cues.size(); ci++) {
            if (cues.get(ci).zone() == null) {
                continue;
            }
            for (SeatRange r : cues.get(ci).zone().seats()) {
                int from = java.util.Arrays.binarySearch(starts, r.first());
                from = from >= 0 ? from : -from - 1;
                for (int k = from; k < starts.length && starts[k] <= r.last(); k++) {
                    out.get(k + firstSeated).set(ci);
                }
            }
        }
        return out;
    }

    /** Whether seats of one class can render differently: a wave (phase by seat) or winners apply to it. */
    private static boolean seatDependent(List<Cue> cues, java.util.BitSet zoned) {
        for (int i = 0; i < cues.size(); i++) {
            Cue c = cues.get(i);
            if ((c.zone() == null || zoned.get(i)) && (c.mode() == Mode.WAVE || c.winners() != null)) {
                return true;
            }
        }
        return false;
    }

    /** Every counted transition a seat would see, from the first cue it sees until the last one has settled. */
    static List<Transition> transitions(List<Cue> cues, Integer seat) {
        return transitions(cues, seat, Double.NEGATIVE_INFINITY, new long[1]);
    }

    /**
     * The same from {@code since} on (with the cue in force 3 windows before it replayed to settle the trigger),
     * adding the number of colour changes it simulated to {@code work[0]}. What a seat showed before the new cues
     * is what the state already published made it show: only what can change needs computing.
     */
    static List<Transition> transitions(List<Cue> cues, Integer seat, double since, long[] work) {
        SeatShow show = new SeatShow(cues, seat);
        if (show.cues().isEmpty()) {
            return List.of();
        }
        // From just before the first cue: phones show black before any cue, so its arrival counts as well.
        double from = show.cues().get(0).effectiveAt() - 1;
        double warm = since - 3.0 * Limits.FLASH_SERVER_WINDOW_MS;
        for (Cue c : show.cues()) {
            if (c.effectiveAt() <= warm) {
                from = c.effectiveAt() - 1; // the trigger starts fresh at the colour before that cue
            }
        }
        double to = from;
        for (Cue c : show.cues()) {
            to = Math.max(to, c.effectiveAt() + settle(c));
        }
        List<SeatShow.Change> changes = show.changes(from, to, 2.0 * Limits.FLASH_SERVER_WINDOW_MS, MAX_CHANGES_PER_SEAT);
        work[0] += changes.size();
        FlashDetector detector = new FlashDetector(changes.get(0).color());
        List<Transition> out = new ArrayList<>();
        for (int i = 1; i < changes.size(); i++) {
            out.addAll(detector.show(changes.get(i).t(), changes.get(i).color()));
        }
        return out;
    }

    /** How long after its start a cue can still contribute a window no earlier window repeats. */
    private static double settle(Cue c) {
        double w = 2.0 * Limits.FLASH_SERVER_WINDOW_MS;
        if (c.mode().periodic()) {
            return 2 * SeatShow.period(c) + w;
        }
        if (c.mode() == Mode.SEQUENCE) {
            return c.steps().get(c.steps().size() - 1).offsetMs() + w;
        }
        return w;
    }

    record Window(int count, double at) {
    }

    /**
     * The worst load of one channel: at each transition at or after {@code now}, the transitions of its channel in
     * the window (t − windowMs, t], plus one more for a change towards bright (room for the change back, which the
     * phone's governor reserves). At most 6 means at most 3 flashes in any window and no governor intervention.
     */
    static Window worstWindow(List<Transition> transitions, double windowMs, long now) {
        Window best = new Window(0, Double.NaN);
        for (Transition.Channel channel : Transition.Channel.values()) {
            List<Transition> mine = transitions.stream().filter(x -> x.channel() == channel).toList();
            int first = 0;
            for (int i = 0; i < mine.size(); i++) {
                double t = mine.get(i).t();
                while (mine.get(first).t() <= t - windowMs) {
                    first++;
                }
                int load = i - first + 1 + (mine.get(i).up() ? 1 : 0);
                if (load > best.count() && t >= now) {
                    best = new Window(load, t);
                }
            }
        }
        return best;
    }

    /**
     * Seat classes the new cue can change: ranges of seats that every zone holds or leaves alike, cut at each zone
     * edge, inside the new cue's zone. {-1,-1} stands for phones without a seat (they see only cues without a zone).
     */
    static List<int[]> classes(List<Cue> cues, List<Cue> added) {
        TreeSet<Integer> cuts = new TreeSet<>();
        cuts.add(0);
        cuts.add(Limits.MAX_SEATS);
        for (Cue c : cues) {
            if (c.zone() != null) {
                for (SeatRange r : c.zone().seats()) {
                    cuts.add(r.first());
                    cuts.add(r.last() + 1);
                }
            }
        }
        boolean everywhere = added.stream().anyMatch(c -> c.zone() == null);
        List<SeatRange> wanted = everywhere ? List.of(new SeatRange(0, Limits.MAX_SEATS - 1))
                : merge(added.stream().flatMap(c -> c.zone().seats().stream()).map(r -> new int[] {r.first(), r.last()}).toList())
                        .stream().map(r -> new SeatRange(r[0], r[1])).toList();
        List<int[]> out = new ArrayList<>();
        if (everywhere) {
            out.add(new int[] {-1, -1});
        }
        for (SeatRange r : wanted) {
            Integer a = r.first();
            while (a != null && a <= r.last()) {
                Integer next = cuts.higher(a);
                int b = Math.min(r.last(), next == null ? Limits.MAX_SEATS - 1 : next - 1);
                out.add(new int[] {a, b});
                a = next;
            }
        }
        return out;
    }

    /** Seats standing for a class: its edges, each wave phase present, a winner and a non-winner of each draw. */
    static List<Integer> representatives(List<Cue> cues, int[] cls) {
        if (cls[0] < 0) {
            return java.util.Collections.singletonList(null);
        }
        TreeSet<Integer> seats = new TreeSet<>();
        seats.add(cls[0]);
        seats.add(cls[1]);
        for (Cue c : cues) {
            if (c.zone() != null && !c.zone().contains(cls[0])) {
                continue;
            }
            if (c.mode() == Mode.WAVE) {
                int span = c.span();
                for (int k = 0; k < WAVE_PHASES; k++) {
                    long want = (long) k * span / WAVE_PHASES;
                    long seat = cls[0] + Math.floorMod(want - cls[0], (long) span);
                    if (seat <= cls[1]) {
                        seats.add((int) seat);
                    }
                }
            }
            if (c.winners() != null) {
                boolean winner = false;
                boolean loser = false;
                int end = (int) Math.min(cls[1], (long) cls[0] + MAX_WINNER_SCAN);
                for (int s = cls[0]; s <= end && !(winner && loser); s++) {
                    boolean w = s < c.winners().seats() && c.winners().isWinner(s);
                    if (w && !winner) {
                        seats.add(s);
                        winner = true;
                    } else if (!w && !loser) {
                        seats.add(s);
                        loser = true;
                    }
                }
            }
        }
        return new ArrayList<>(seats);
    }

    /**
     * The earliest effective_at, at or after the requested one, at which the same cue passes: 50 ms steps for two
     * seconds, then 250 ms steps, then one second steps until a second after every pending cue has settled.
     */
    static Long earliestShift(List<Cue> previous, List<Cue> added, long now, int maxTries) {
        long lastPending = added.stream().mapToLong(c -> c.effectiveAt() + (long) settle(c)).max().orElseThrow();
        long first = added.stream().mapToLong(Cue::effectiveAt).min().orElseThrow();
        for (Cue c : previous) {
            lastPending = Math.max(lastPending, c.effectiveAt() + (long) settle(c));
        }
        long shift = 0;
        int tries = 0;
        while (first + shift <= lastPending + Limits.FLASH_SERVER_WINDOW_MS && tries < maxTries) {
            shift += shift < 2_000 ? 50 : shift < 10_000 ? 250 : 1_000;
            tries++;
            final long by = shift;
            List<Cue> moved = added.stream().map(c -> at(c, c.effectiveAt() + by)).toList();
            if (evaluate(insertAll(previous, moved), moved, now).ok()) {
                return shift;
            }
        }
        return null;
    }

    /** The same cue at another effective_at. */
    public static Cue at(Cue c, long effectiveAt) {
        return new Cue(effectiveAt, c.mode(), c.color(), c.periodMs(), c.span(), c.steps(), c.zone(), c.winners());
    }

    static List<int[]> merge(List<int[]> ranges) {
        List<int[]> sorted = new ArrayList<>(ranges);
        sorted.sort((x, y) -> Integer.compare(x[0], y[0]));
        List<int[]> out = new ArrayList<>();
        for (int[] r : sorted) {
            if (!out.isEmpty() && out.get(out.size() - 1)[1] >= r[0] - 1) {
                out.get(out.size() - 1)[1] = Math.max(out.get(out.size() - 1)[1], r[1]);
            } else {
                out.add(new int[] {r[0], r[1]});
            }
        }
        return out;
    }

    private static String message(Verdict v, long first, int count, Long earliest, boolean alone) {
        StringBuilder seats = new StringBuilder();
        for (int[] r : v.seats()) {
            seats.append(seats.length() == 0 ? "" : ", ").append(r[0] == r[1] ? String.valueOf(r[0]) : r[0] + "-" + r[1]);
        }
        String when = Double.isNaN(v.worstAt()) ? "" : " around " + Instant.ofEpochMilli((long) v.worstAt());
        return (count == 1 ? "this cue" : "these " + count + " cues") + " would make seats " + seats + " flash "
                + (v.worst() / 2.0) + " times within " + Limits.FLASH_SERVER_WINDOW_MS + " ms" + when
                + " (at most 3 a second, WCAG 2.3.1; the server counts over " + Limits.FLASH_SERVER_WINDOW_MS
                + " ms to leave phones a margin); "
                + (alone ? "the cues flash too fast by themselves: spread them out (no later start helps)"
                : earliest == null ? "no later effective_at that fits was found: black out, or wait and try again"
                : "the earliest effective_at that fits is " + earliest + " (" + (earliest - first) + " ms later"
                + (count == 1 ? "" : ", every cue moved by as much") + ")");
    }
}
