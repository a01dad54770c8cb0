package dev.cuecast.publish;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.InvalidCueException;
import dev.cuecast.cue.Limits;
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

    /** Everything off at {@code now}; no pending cue survives, so nothing scheduled can light the crowd again. */
    static List<Cue> blackout(long now) {
        return List.of(Cue.off(now));
    }

    /**
     * Drops the cues before the newest cue that is in force at {@code now} and has no zone: that cue covers every
     * seat, so nothing older can be shown again. Without such a cue everything is kept.
     */
    static List<Cue> prune(List<Cue> cues, long now) {
        for (int i = cues.size() - 1; i >= 0; i--) {
            Cue c = cues.get(i);
            if (c.effectiveAt() <= now && c.everywhere()) {
                return List.copyOf(cues.subList(i, cues.size()));
            }
        }
        return List.copyOf(cues);
    }
}
