package dev.cuecast.api;

/** Body of {@code POST /api/undo}: the version whose show to put back. */
record UndoRequest(Long version) {
}
