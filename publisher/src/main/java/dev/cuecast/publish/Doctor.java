package dev.cuecast.publish;

import dev.cuecast.cue.Cue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a show's store ({@code cuecast doctor}) and fixes what is safe ({@code --repair}): a missing or unreadable
 * pointer or current state is replaced by a new version that restores the newest state that was published and is
 * still readable (so phones keep showing what they showed), and a live version without a history entry gets one.
 * Everything else (orphan states no pointer names, a missing epoch) is reported only: it is harmless, and the next
 * publish settles it.
 */
public final class Doctor {
    /** One check: {@code ok} false means {@code --repair} (or an operator) should act. */
    public record Finding(boolean ok, String what) {
    }

    private final Publisher publisher;
    private final ShowStore show;

    public Doctor(Publisher publisher) {
        this.publisher = publisher;
        this.show = publisher.show();
    }

    public List<Finding> check() {
        ShowStore.Budget budget = publisher.readBudget();
        List<Finding> findings = new ArrayList<>();
        ShowStore.PointerRead pointer = show.readPointer(budget);
        long listed = show.newestListedVersion(budget);
        if (!pointer.present()) {
            findings.add(new Finding(listed == 0, listed == 0 ? "empty store: nothing published yet"
                    : ShowStore.POINTER + " is missing, but versions up to " + listed + " exist"));
            return findings;
        }
        if (pointer.pointer() == null) {
            findings.add(new Finding(false, pointer.problem()));
            return findings;
        }
        long version = pointer.version();
        findings.add(new Finding(true, ShowStore.POINTER + " names version " + version));
        findings.add(new Finding(pointer.pointer().epoch() != null, pointer.pointer().epoch() != null
                ? "epoch " + pointer.pointer().epoch()
                : "the pointer has no epoch (written before epochs existed; the next publish adds one)"));
        ShowStore.StateRead state = show.readState(version, budget);
        findings.add(new Finding(state.state() != null, state.state() != null
                ? state.key() + " is readable (" + state.state().cues().size() + " cues)" : state.problem()));
        boolean recorded = show.get(ShowStore.historyKey(version), budget).isPresent();
        findings.add(new Finding(recorded, recorded ? "version " + version + " has its history entry"
                : "version " + version + " is live but has no history entry"));
        if (listed > version) {
            findings.add(new Finding(true, "states or history up to version " + listed + " exist beyond the pointer "
                    + "(publishes that were refused or crashed before their pointer write; harmless, never reused)"));
        }
        return findings;
    }

    /**
     * Replaces a lost pointer or current state with a new version. It never relights a blacked-out show: it restores
     * nothing from before the newest BLACKOUT (the pointer's, or a history entry's when the pointer is lost), and it
     * is built on the version it inspected, so a BLACKOUT landing meanwhile drops the repair.
     *
     * @return what was repaired (empty when nothing needed it)
     */
    public List<String> repair(String actor) {
        ShowStore.Budget budget = publisher.readBudget();
        List<String> done = new ArrayList<>();
        ShowStore.PointerRead pointer = show.readPointer(budget);
        long listed = show.newestListedVersion(budget);
        ShowStore.StateRead state = pointer.pointer() == null ? null : show.readState(pointer.version(), budget);
        boolean damaged = pointer.present() ? pointer.pointer() == null || state.state() == null : listed > 0;
        if (damaged) {
            long inspected = Math.max(listed, pointer.version());
            long blackout = pointer.pointer() != null && pointer.pointer().blackout() != null ? pointer.pointer().blackout() : 0;
            Restorable good = newestGood(inspected, blackout, budget);
            String found = !pointer.present() ? ShowStore.POINTER + " was missing"
                    : pointer.pointer() == null ? pointer.problem() : state.problem();
            String what = found + "; " + good.why();
            Published published = publisher.restore(good.cues(), actor, "doctor --repair: " + what, pointer.etag());
            done.add(what + " as version " + published.version());
        } else if (pointer.pointer() != null && show.get(ShowStore.historyKey(pointer.version()), budget).isEmpty()) {
            publisher.backfill(pointer.version(), state.state(), pointer.pointer().pollMs());
            done.add("wrote the missing history entry of version " + pointer.version());
        }
        return done;
    }

    /** The cues a repair puts back, and why those. */
    private record Restorable(List<Cue> cues, String why) {
    }

    /**
     * The newest state at or below {@code from} that was published (has a history entry) and still reads, unless a
     * BLACKOUT came after it: then dark, as the show was.
     */
    private Restorable newestGood(long from, long blackout, ShowStore.Budget budget) {
        if (blackout >= from) {
            return new Restorable(List.of(), "the lost version " + blackout + " was a BLACKOUT, so the show stays dark");
        }
        List<String> history = show.list(ShowStore.HISTORY, budget);
        for (int i = history.size() - 1; i >= 0 && i >= history.size() - 50; i--) {
            long v = ShowStore.versionOf(history.get(i));
            if (v <= 0 || v > from) {
                continue;
            }
            Optional<HistoryEntry> entry = readEntry(history.get(i), budget);
            if (v <= blackout || entry.map(e -> e.action().equals("blackout")).orElse(false)) {
                return new Restorable(List.of(), "version " + Math.max(v, blackout)
                        + " was a BLACKOUT and nothing readable came after it, so the show stays dark");
            }
            ShowStore.StateRead read = show.readState(v, budget);
            if (read.state() != null) {
                return new Restorable(read.state().cues(), "restored the cues of " + ShowStore.stateKey(v));
            }
        }
        return new Restorable(List.of(), "no earlier state could be read, so the show is dark");
    }

    private Optional<HistoryEntry> readEntry(String key, ShowStore.Budget budget) {
        try {
            return show.read(key, HistoryEntry.class, budget);
        } catch (StoreUnavailableException e) {
            return Optional.empty(); // an unreadable entry says nothing about what it was
        }
    }
}
