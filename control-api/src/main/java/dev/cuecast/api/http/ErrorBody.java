package dev.cuecast.api.http;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The one error shape: a stable machine code and a sentence saying what to fix. */
@JsonPropertyOrder({"error", "message"})
public record ErrorBody(String error, String message) {
}
