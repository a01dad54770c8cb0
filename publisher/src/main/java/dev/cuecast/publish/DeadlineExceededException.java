package dev.cuecast.publish;

/**
 * The publish could not become visible before its deadline (effective_at minus a margin) and was stopped; nothing
 * of it is visible and nothing of it ever will be (a state may exist that no pointer names).
 */
public class DeadlineExceededException extends PublishFailedException {
    public DeadlineExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
