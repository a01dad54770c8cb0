package dev.cuecast.flash;

import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Limits;
import java.util.ArrayList;
import java.util.List;

/** Test-side view of what a seat would show: the phone's window count and the phone governor's rule. */
public final class FlashProbe {
    private FlashProbe() {
    }

    static List<Transition> shown(List<Cue> cues, Integer seat) {
        SeatShow show = new SeatShow(cues, seat);
        if (show.cues().isEmpty()) {
            return List.of();
        }
        double from = show.cues().get(0).effectiveAt() - 1;
        double to = show.cues().get(show.cues().size() - 1).effectiveAt() + 10_000;
        List<SeatShow.Change> changes = show.changes(from, to, 0, 1_000_000);
        FlashDetector detector = new FlashDetector(changes.get(0).color());
        List<Transition> out = new ArrayList<>();
        for (SeatShow.Change c : changes.subList(1, changes.size())) {
            out.addAll(detector.show(c.t(), c.color()));
        }
        return out;
    }

    /** Most transitions of one channel a phone at {@code seat} shows in any 1 s. */
    public static int worstPhoneWindow(List<Cue> cues, Integer seat) {
        return FlashGuard.worstWindow(shown(cues, seat), Limits.FLASH_WINDOW_MS, Long.MIN_VALUE).count();
    }

    /**
     * How many changes towards bright the phone's governor (pwa/lib/flash.js) would hold: one that counts while its
     * channel already holds more than 4 transitions in the last second.
     */
    public static int governorInterventions(List<Cue> cues, Integer seat) {
        List<Transition> all = shown(cues, seat);
        int held = 0;
        for (int i = 0; i < all.size(); i++) {
            Transition x = all.get(i);
            if (!x.up()) {
                continue;
            }
            int before = 0;
            for (int j = 0; j < i; j++) {
                Transition y = all.get(j);
                if (y.channel() == x.channel() && y.t() > x.t() - Limits.FLASH_GOVERNOR_WINDOW_MS) {
                    before++;
                }
            }
            if (before > Limits.MAX_FLASH_TRANSITIONS - 2) {
                held++;
            }
        }
        return held;
    }
}
