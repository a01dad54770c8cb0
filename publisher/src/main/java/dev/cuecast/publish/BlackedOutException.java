package dev.cuecast.publish;

/** A blackout landed while this cue was being published: the cue was dropped, as blackout drops every pending cue. */
public class BlackedOutException extends PublishFailedException {
    public BlackedOutException(String message) {
        super(message, null);
    }
}
