package dev.cuecast.api;

import java.util.List;

/** Body of {@code POST /api/timeline}: several cues published as pending cues in one version. */
record TimelineRequest(List<CueRequest> cues) {
}
