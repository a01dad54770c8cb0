package dev.cuecast.cue;

/** A value that cannot be published; the message says what to fix (it reaches operators as a 422). */
public class InvalidCueException extends IllegalArgumentException {
    public InvalidCueException(String message) {
        super(message);
    }
}
