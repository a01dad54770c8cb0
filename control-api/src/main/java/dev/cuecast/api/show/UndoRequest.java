package dev.cuecast.api.show;


/** Body of {@code POST /api/undo}: the version whose show to put back, seen on {@code base_version} (see {@link dev.cuecast.api.http.Requests#seen}). */
record UndoRequest(Long version, Long baseVersion) {
}
