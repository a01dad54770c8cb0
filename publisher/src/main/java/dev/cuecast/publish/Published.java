package dev.cuecast.publish;

/** What an operator gets back once the pointer names the new state. */
public record Published(long version, long effectiveAt, String state) {
}
