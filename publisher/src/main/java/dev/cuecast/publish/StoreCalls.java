package dev.cuecast.publish;

/**
 * How a publisher waits for its store: each call bounded in time, optionally hedged. The running server uses
 * threads and the wall clock ({@link Environment#real}); the protocol simulation runs every call on its own
 * simulated time, so a seed replays exactly.
 */
public interface StoreCalls {
    /** One store call; a conditional write may answer {@link VersionConflictException}. */
    interface Call<T> {
        T call() throws VersionConflictException;
    }

    /**
     * @param timeoutMs    how long to wait for an answer (from any copy)
     * @param hedgeAfterMs send a second copy when the first has not answered after this long; 0 = never
     * @throws StoreTimeoutException no copy answered in time (a write may still land)
     */
    <T> T run(String what, long timeoutMs, long hedgeAfterMs, Call<T> call) throws VersionConflictException;
}
