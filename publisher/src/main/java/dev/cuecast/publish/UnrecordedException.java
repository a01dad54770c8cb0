package dev.cuecast.publish;

/**
 * The version is visible, but its history entry could not be written within the call's budget: an ack without a
 * history entry would not be exact. The entry is written by the next publish (or {@code cuecast doctor --repair}).
 */
public class UnrecordedException extends RuntimeException {
    private final Published published;

    public UnrecordedException(Published published, String why) {
        super("version " + published.version() + " is live, but its history entry could not be written (" + why
                + "); it is written with the next publish. Do not send it again (it would play twice)");
        this.published = published;
    }

    public Published published() {
        return published;
    }
}
