package dev.cuecast.publish;

/** A conditional write lost: the key already exists (create-only) or changed since its ETag was read (412/409). */
public class VersionConflictException extends Exception {
    public VersionConflictException(String message) {
        super(message);
    }

    public VersionConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
