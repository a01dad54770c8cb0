package dev.cuecast.publish;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.InvalidCueException;
import dev.cuecast.cue.Limits;
import dev.cuecast.cue.SeatRange;
import dev.cuecast.flash.FlashGuard;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the cue list of the next state from the previous one. Pure: the same inputs give the same list.
 * A state keeps the cue in force at publish time plus every pending cue, so a phone that joins late or
 * misses versions still knows what to show at any instant.
 */
final class StateBuilder {
    private StateBuilder() {
    }

    /**
     * Inserts {@code cue} after every cue with the same or an earlier effective_at (the later publish wins a
     * tie), then prunes at {@code now}.
     *
     * @throws InvalidCueException when the result would hold more than {@link Limits#MAX_CUES_PER_STATE} cues
     */
    static List<Cue> add(List<Cue> previous, Cue cue, long now) {
        List<Cue> cues = new ArrayList<>(previous.size() + 1);
        int i = 0;
        while (i < previous.size() && previous.get(i).effectiveAt() <= cue.effectiveAt()) {
            cues.add(previous.get(i++));
        }
        cues.add(cue);
        cues.addAll(previous.subList(i, previous.size()));
        List<Cue> pruned = prune(cues, now);
        if (pruned.size() > Limits.MAX_CUES_PER_STATE) {
            throw new InvalidCueException("too many pending cues: a state holds at most " + Limits.MAX_CUES_PER_STATE
                    + "; wait until some take effect, or black out to drop them all");
        }
        return pruned;
    }

    /**
     * Each cue added in effective_at order (the pending limit is checked on a list that only grows), under the
     * same flash check as a single cue: a refusal names the earliest time the whole group would fit.
     */
    static List<Cue> addAll(List<Cue> previous, List<Cue> added, long now) {
        return addAll(previous, previous, added, now);
    }

    /** The same, judging flashes on {@code shown}: what the phones showed lately, across versions. */
    static List<Cue> addAll(List<Cue> previous, List<Cue> shown, List<Cue> added, long now) {
        return FlashGuard.checkedAll(shown, added, now, shift -> {
            List<Cue> cues = previous;
            for (Cue cue : added) {
                cues = add(cues, shift == 0 ? cue : FlashGuard.at(cue, cue.effectiveAt() + shift), now);
            }
            return cues;
        });
    }

    /**
     * The operator's undo: what the phones were told at {@code now} (pending cues dropped), then the target's cues in
     * force re-stamped {@code now} in their order, then its pending cues.
     */
    static List<Cue> undone(List<Cue> previous, List<Cue> target, long now) {
        return undone(previous, previous, target, now);
    }

    static List<Cue> undone(List<Cue> previous, List<Cue> recent, List<Cue> target, long now) {
        List<Cue> shown = previous.stream().filter(c -> c.effectiveAt() <= now).toList();
        List<Cue> added = new ArrayList<>();
        for (Cue c : prune(target, now)) {
            added.add(c.effectiveAt() <= now ? FlashGuard.at(c, now) : c);
        }
        if (added.isEmpty() || added.get(0).effectiveAt() > now) {
            added.add(0, Cue.off(now)); // nothing was in force in that version: it showed dark
        }
        List<Cue> seen = recent.stream().filter(c -> c.effectiveAt() <= now).toList();
        return addAll(shown, seen, added, now);
    }

    /** Everything off at {@code now}; no pending cue survives, so nothing scheduled can light the crowd again. */
    static List<Cue> blackout(long now) {
        return List.of(Cue.off(now));
    }

    /**
     * Drops every cue already in force at {@code now} whose seats are all covered by later cues in force: no seat can
     * show it again. A cue without a zone covers every seat, so it drops everything before it; zoned cues drop a cue
     * once together they cover each of its seats. Pending cues are always kept.
     */
    static List<Cue> prune(List<Cue> cues, long now) {
        boolean[] keep = new boolean[cues.size()];
        SeatSet covered = new SeatSet();
        for (int i = cues.size() - 1; i >= 0; i--) {
            Cue c = cues.get(i);
            if (c.effectiveAt() > now) {
                keep[i] = true;
            } else if (c.everywhere()) {
                keep[i] = !covered.all();
                covered.addAll();
            } else {
                keep[i] = !covered.containsAll(c.zone().seats());
                c.zone().seats().forEach(covered::add);
            }
        }
        List<Cue> kept = new ArrayList<>(cues.size());
        for (int i = 0; i < cues.size(); i++) {
            if (keep[i]) {
                kept.add(cues.get(i));
            }
        }
        return List.copyOf(kept);
    }

    /** A union of seat ranges, kept as disjoint [first, last] intervals. */
    private static final class SeatSet {
        private final java.util.TreeMap<Integer, Integer> ranges = new java.util.TreeMap<>();

        void add(SeatRange r) {
            int first = r.first();
            int last = r.last();
            var before = ranges.floorEntry(first);
            if (before != null && before.getValue() >= first - 1) {
                first = before.getKey();
                last = Math.max(last, before.getValue());
            }
            var next = ranges.ceilingEntry(first);
            while (next != null && next.getKey() <= last + 1) {
                last = Math.max(last, next.getValue());
                ranges.remove(next.getKey());
                next = ranges.ceilingEntry(first);
            }
            ranges.put(first, last);
        }

        void addAll() {
            ranges.clear();
            ranges.put(0, Limits.MAX_SEATS - 1);
        }

        boolean all() {
            Integer last = ranges.get(0);
            return last != null && last >= Limits.MAX_SEATS - 1;
        }

        boolean containsAll(List<SeatRange> seats) {
            for (SeatRange r : seats) {
                var holder = ranges.floorEntry(r.first());
                if (holder == null || holder.getValue() < r.last()) {
                    return false;
                }
            }
            return true;
        }
    }
}
