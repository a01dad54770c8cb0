package dev.cuecast.api;

import dev.cuecast.publish.LandedLateException;
import dev.cuecast.publish.UnrecordedException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Remembers the answers to POSTs sent with an {@code Idempotency-Key}, so a retry (lost response, double
 * click) gets the first answer instead of publishing twice. Bounded: the oldest keys are forgotten first.
 * Successes are remembered, and so are the failures that published all the same (a version live but late or not yet
 * recorded: a retry gets the same 502 naming the version, never a second copy); a refused or failed request published
 * nothing and may be retried as is.
 */
final class Idempotency {
    private record Entry(byte[] fingerprint, CompletableFuture<Answer> answer) {
    }

    private final int capacity;
    private final Map<String, Entry> entries;

    Idempotency(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > Idempotency.this.capacity;
            }
        };
    }

    /**
     * Runs {@code action} once per key; a concurrent or later call with the same key waits for and returns
     * the first answer. The same key with a different request (fingerprint) is refused.
     */
    Answer run(String key, byte[] fingerprint, Supplier<Answer> action) {
        if (key.isEmpty() || key.length() > 200) {
            throw ApiException.invalid("Idempotency-Key must be 1 to 200 characters");
        }
        Entry mine = new Entry(fingerprint, new CompletableFuture<>());
        Entry existing;
        synchronized (entries) {
            existing = entries.putIfAbsent(key, mine);
        }
        if (existing != null) {
            if (!Arrays.equals(existing.fingerprint(), fingerprint)) {
                throw ApiException.invalid("Idempotency-Key \"" + key
                        + "\" was already used for a different request; use a new key for a new request");
            }
            return await(existing.answer(), key, fingerprint, action);
        }
        try {
            Answer answer = action.get();
            mine.answer().complete(answer);
            return answer;
        } catch (RuntimeException e) {
            if (!published(e)) {
                synchronized (entries) {
                    entries.remove(key, mine);
                }
            }
            mine.answer().completeExceptionally(e);
            throw e;
        }
    }

    /** A failure whose version is live all the same: answered again as is, never run a second time. */
    private static boolean published(Throwable e) {
        return e instanceof LandedLateException || e instanceof UnrecordedException;
    }

    private Answer await(CompletableFuture<Answer> first, String key, byte[] fingerprint, Supplier<Answer> action) {
        try {
            return first.get();
        } catch (ExecutionException e) {
            if (published(e.getCause())) {
                throw (RuntimeException) e.getCause();
            }
            // The first attempt published nothing: this retry is a fresh attempt.
            return run(key, fingerprint, action);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ApiError.INTERRUPTED, "server is shutting down; retry with the same Idempotency-Key");
        }
    }
}
