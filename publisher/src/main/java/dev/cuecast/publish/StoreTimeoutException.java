package dev.cuecast.publish;

/** A store call got no answer in time. A write that timed out may still land: the publisher reads back. */
public class StoreTimeoutException extends StoreUnavailableException {
    public StoreTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
