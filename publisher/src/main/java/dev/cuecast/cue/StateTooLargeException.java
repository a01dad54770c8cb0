package dev.cuecast.cue;

/** The state the cue would produce is larger than phones should download each version; nothing was published. */
public class StateTooLargeException extends InvalidCueException {
    public StateTooLargeException(String message) {
        super(message);
    }
}
