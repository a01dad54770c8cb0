package dev.cuecast.publish;

/**
 * A pointer write was sent but the store never confirmed whether it landed, even on read-back: the operator must
 * look at the current state before sending again. Never reported as "nothing was published".
 */
public class OutcomeUnknownException extends PublishFailedException {
    public OutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
