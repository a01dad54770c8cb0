package dev.cuecast.api.show;

/** Body of {@code POST /api/settings}: the polling hint written into the pointer. */
record SettingsRequest(Integer pollMs) {
}
