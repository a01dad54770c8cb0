package dev.cuecast.publish;

/**
 * The version is visible, but the store confirmed it only after its deadline: it may have become visible late, so
 * it is not acknowledged as on time. It has its history entry; sending it again would show the cue twice.
 */
public class LandedLateException extends RuntimeException {
    private final Published published;

    public LandedLateException(Published published, long deadline) {
        super("version " + published.version() + " is live, but the store confirmed it only after its deadline "
                + deadline + ", so phones may switch late; do not send it again (it would play twice): "
                + "send BLACKOUT or undo to take it back");
        this.published = published;
    }

    public Published published() {
        return published;
    }
}
