package dev.cuecast.publish;

/** A publish that did not happen (store unreachable, or still conflicting after every retry). Nothing was acknowledged. */
public class PublishFailedException extends RuntimeException {
    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
