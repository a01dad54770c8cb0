package dev.cuecast.api;

import dev.cuecast.cue.Step;
import dev.cuecast.cue.Zone;
import java.util.List;

/**
 * Body of {@code POST /api/cues}, decoded strictly (unknown fields refused) before the domain
 * {@link dev.cuecast.cue.Cue} is built. Either {@code lead_ms} (from now) or {@code effective_at}; neither means now.
 */
record CueRequest(Long effectiveAt, Long leadMs, String mode, String color, Integer periodMs, Integer span,
                  List<Step> steps, Zone zone, WinnersRequest winners) {

    /** Winners of a stored draw, shown in {@code color}; the bitset is filled in from the draw. */
    record WinnersRequest(String draw, String color) {
    }
}
