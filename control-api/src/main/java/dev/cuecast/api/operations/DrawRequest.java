package dev.cuecast.api.operations;

/** Body of {@code POST /api/draws}: pick {@code count} distinct winners among seats 0..seats-1. */
record DrawRequest(Integer seats, Integer count) {
}
