package dev.cuecast.api.show;

import dev.cuecast.api.http.ApiException;
import dev.cuecast.api.operations.Draws;
import dev.cuecast.cue.Cue;
import dev.cuecast.cue.Mode;
import dev.cuecast.cue.Step;
import dev.cuecast.cue.Winners;
import dev.cuecast.cue.Zone;
import java.util.List;

/**
 * Body of {@code POST /api/cues}, decoded strictly (unknown fields refused) before the domain
 * {@link dev.cuecast.cue.Cue} is built. Either {@code lead_ms} (from now) or {@code effective_at}; neither means now.
 * {@code base_version}: the live version the operator's preview was built on (see {@link dev.cuecast.api.http.Requests#seen}); only on a
 * cue sent alone, never inside a timeline's list.
 */
record CueRequest(Long effectiveAt, Long leadMs, String mode, String color, Integer periodMs, Integer span,
                  List<Step> steps, Zone zone, WinnersRequest winners,
                  Long baseVersion) {
    static final long MAX_LEAD_MS = 86_400_000L;

    /** Winners of a stored draw, shown in {@code color}; the bitset is filled in from the draw. */
    record WinnersRequest(String draw, String color) {
    }

    /** The domain cue, or a 422 naming the field to fix. {@code draws} holds the stored draws. */
    Cue toCue(long now, Draws draws) {
        if (mode == null) {
            throw ApiException.invalid("mode is required: off, solid, strobe, pulse, wave or sequence");
        }
        Mode parsedMode = Mode.fromWire(mode);
        long at = effectiveAt(now);
        Winners parsedWinners = null;
        if (winners != null) {
            if (winners.draw() == null) {
                throw ApiException.invalid("winners.draw is required: the id of a draw from POST /api/draws");
            }
            parsedWinners = draws.winners(winners.draw(), winners.color()).orElseThrow(() -> ApiException.invalid(
                    "winners.draw \"" + winners.draw() + "\" is unknown; create a draw with POST /api/draws first"));
        }
        return new Cue(at, parsedMode, color, periodMs, span, steps, zone, parsedWinners);
    }

    private long effectiveAt(long now) {
        if (effectiveAt != null && leadMs != null) {
            throw ApiException.invalid("send either lead_ms or effective_at, not both");
        }
        if (effectiveAt != null) {
            return effectiveAt;
        }
        long lead = leadMs == null ? 0 : leadMs;
        if (lead < 0 || lead > MAX_LEAD_MS) {
            throw ApiException.invalid("lead_ms must be between 0 and " + MAX_LEAD_MS + " (one day), got " + lead);
        }
        return now + lead;
    }
}
