package dev.cuecast.api.show;

import java.util.List;

/**
 * Body of {@code POST /api/timeline}: several cues published as pending cues in one version, built on
 * {@code base_version} when given (see {@link dev.cuecast.api.http.Requests#seen}).
 */
record TimelineRequest(List<CueRequest> cues, Long baseVersion) {
}
