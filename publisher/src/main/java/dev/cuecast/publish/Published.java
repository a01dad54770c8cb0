package dev.cuecast.publish;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** What an operator gets back once the pointer names the new state. */
@JsonPropertyOrder({"version", "effective_at", "state"})
public record Published(long version, long effectiveAt, String state) {
}
