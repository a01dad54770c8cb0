package dev.cuecast.publish;

/** The object store failed or could not be reached; nothing was acknowledged. */
public class StoreUnavailableException extends PublishFailedException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
