package dev.cuecast.publish;

/** Other publishers kept winning the pointer until every attempt was used; nothing was acknowledged. */
public class ConflictsExhaustedException extends PublishFailedException {
    public ConflictsExhaustedException(String message, VersionConflictException cause) {
        super(message, cause);
    }
}
