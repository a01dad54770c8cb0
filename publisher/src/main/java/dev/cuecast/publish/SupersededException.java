package dev.cuecast.publish;

/**
 * A cue whose effective_at is already behind a later cue in force (another writer's, published while this one was on
 * its way): it would be published but never shown. Refused instead of acknowledged; nothing of it is visible.
 */
public class SupersededException extends PublishFailedException {
    public SupersededException(String message) {
        super(message, null);
    }
}
