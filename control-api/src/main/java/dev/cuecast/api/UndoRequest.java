package dev.cuecast.api;


/** Body of {@code POST /api/undo}: the version whose show to put back, seen on {@code base_version} (see {@link Requests#seen}). */
record UndoRequest(Long version, Long baseVersion) {
}
