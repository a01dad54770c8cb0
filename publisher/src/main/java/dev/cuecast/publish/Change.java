package dev.cuecast.publish;

import dev.cuecast.cue.Cue;
import dev.cuecast.flash.FlashGuard;
import java.util.List;

/**
 * What one publish does to the show, as a value: applied to the state it builds on, and applied again on top of a
 * newer state after a lost race. BLACKOUT is one too, but takes its own path ({@link BlackoutPath}): it needs no
 * state to build on.
 */
sealed interface Change {
    /** What the history calls it: "cue", "timeline", "undo", "settings", "restore". */
    String action();

    String actor();

    /** The poll_ms it publishes; null keeps the current one. */
    default Integer pollMs() {
        return null;
    }

    /** A BLACKOUT newer than the version it was built on drops it (cues, timelines, undo, repairs; not settings). */
    default boolean droppedByBlackout() {
        return true;
    }

    /** The cue list of the new state, from the cues it builds on ({@code previous}) at {@code at}. */
    default List<Cue> cues(List<Cue> previous, long at) {
        return cues(previous, previous, at);
    }

    /**
     * The same, the flash check judging {@code shown}: what phones showed over the last seconds, across versions
     * (the current state alone forgets cues an earlier version showed, a BLACKOUT's above all).
     */
    List<Cue> cues(List<Cue> previous, List<Cue> shown, long at);

    /** The cue the history shows for it. */
    default Cue recorded(List<Cue> built, long at) {
        return null;
    }

    /** The effective_at the operator is told. */
    default long effectiveAt(long at) {
        return at;
    }

    /** What the history records as recovered ({@code found}: what this publish found damaged, or null). */
    default String note(String found) {
        return found;
    }

    /**
     * The built state still holds every added cue: one stamped "now" that reaches the store after another writer's
     * later cue would be pruned on arrival, published but never shown, so it is refused instead.
     */
    private static List<Cue> requireShown(List<Cue> built, List<Cue> added) {
        for (Cue c : added) {
            if (!built.contains(c)) {
                throw new SupersededException("a later cue (effective_at after this one's " + c.effectiveAt()
                        + ") went live while this one was on its way, so it would never show; nothing of it was published. "
                        + "Check the live view and send it again to show it now");
            }
        }
        return built;
    }

    /** One cue added to the show, under the flash check. */
    record AddCue(Cue cue, String actor) implements Change {
        @Override
        public String action() {
            return "cue";
        }

        @Override
        public List<Cue> cues(List<Cue> previous, List<Cue> shown, long at) {
            return requireShown(FlashGuard.checked(shown, cue, at, when -> StateBuilder.add(previous, FlashGuard.at(cue, when), at)),
                    List.of(cue));
        }

        @Override
        public Cue recorded(List<Cue> built, long at) {
            return cue;
        }

        @Override
        public long effectiveAt(long at) {
            return cue.effectiveAt();
        }
    }

    /** Several cues pending at once (sorted by effective_at): all of them or none. */
    record AddTimeline(List<Cue> added, String actor) implements Change {
        @Override
        public String action() {
            return "timeline";
        }

        @Override
        public List<Cue> cues(List<Cue> previous, List<Cue> shown, long at) {
            return requireShown(StateBuilder.addAll(previous, shown, added, at), added);
        }

        @Override
        public Cue recorded(List<Cue> built, long at) {
            return added.get(0);
        }

        @Override
        public long effectiveAt(long at) {
            return added.get(0).effectiveAt();
        }
    }

    /** Back to what {@code version} showed ({@code target}: its cues). */
    record Undo(long version, List<Cue> target, String actor) implements Change {
        @Override
        public String action() {
            return "undo";
        }

        @Override
        public List<Cue> cues(List<Cue> previous, List<Cue> shown, long at) {
            return StateBuilder.undone(previous, shown, target, at);
        }

        @Override
        public Cue recorded(List<Cue> built, long at) {
            Cue inForce = null; // the history shows the cue the undo put back on screen
            for (Cue c : built) {
                if (c.effectiveAt() <= at) {
                    inForce = c;
                }
            }
            return inForce;
        }

        @Override
        public String note(String found) {
            return "back to version " + version + (found == null ? "" : "; " + found);
        }
    }

    /** The same cues with a new polling hint. */
    record Settings(int newPollMs, String actor) implements Change {
        @Override
        public String action() {
            return "settings";
        }

        @Override
        public Integer pollMs() {
            return newPollMs;
        }

        @Override
        public boolean droppedByBlackout() {
            return false;
        }

        @Override
        public List<Cue> cues(List<Cue> previous, List<Cue> shown, long at) {
            // a state needs a cue; before the first publish the show is dark
            return previous.isEmpty() ? List.of(Cue.off(at)) : StateBuilder.prune(previous, at);
        }
    }

    /** Everything off now, every pending cue dropped. */
    record Blackout(String actor) implements Change {
        @Override
        public String action() {
            return "blackout";
        }

        @Override
        public boolean droppedByBlackout() {
            return false;
        }

        @Override
        public List<Cue> cues(List<Cue> previous, List<Cue> shown, long at) {
            return StateBuilder.blackout(at);
        }

        @Override
        public Cue recorded(List<Cue> built, long at) {
            return built.get(built.size() - 1);
        }
    }

    /**
     * A repair ({@link Doctor}): the given cues, pruned at now, dark when none is left. Valid only over the pointer the
     * doctor inspected ({@code inspectedEtag}, null when it was missing): any write since, a BLACKOUT above all,
     * cancels it.
     */
    record Restore(List<Cue> restored, String actor, String why, String inspectedEtag) implements Change {
        @Override
        public String action() {
            return "restore";
        }

        @Override
        public List<Cue> cues(List<Cue> previous, List<Cue> shown, long at) {
            List<Cue> kept = StateBuilder.prune(restored, at);
            return kept.isEmpty() ? List.of(Cue.off(at)) : kept;
        }

        @Override
        public String note(String found) {
            return why;
        }
    }
}
