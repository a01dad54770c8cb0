package dev.cuecast.api.http;

import dev.cuecast.publish.LandedLateException;
import dev.cuecast.publish.UnrecordedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Remembers the answers to POSTs sent with an {@code Idempotency-Key}, so a retry (lost response, double
 * click) gets the first answer instead of publishing twice. Bounded: the oldest keys are forgotten first, and an
 * answer may be kept only for a while ({@code keepFor}: a BLACKOUT's, so a later press that reuses its key is a new
 * blackout rather than a stale "done"). Successes are remembered, and so are the failures that published all the
 * same (a version live but late or not yet recorded: a retry gets the same 502 naming the version, never a second
 * copy); a refused or failed request published nothing and may be retried as is.
 */
final class Idempotency {
    /** Kept for as long as the capacity allows. */
    static final Duration FOREVER = Duration.ofMillis(Long.MAX_VALUE);

    private static final class Entry {
        final byte[] fingerprint;
        final CompletableFuture<Answer> answer = new CompletableFuture<>();
        /** Server-clock millis from which the answer is forgotten; set when the answer is known. */
        volatile long keptUntil = Long.MAX_VALUE;

        Entry(byte[] fingerprint) {
            this.fingerprint = fingerprint;
        }

        boolean expired(long now) {
            return answer.isDone() && now >= keptUntil;
        }
    }

    private final int capacity;
    private final Clock clock;
    private final Map<String, Entry> entries;

    Idempotency(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > Idempotency.this.capacity;
            }
        };
    }

    /**
     * Runs {@code action} once per key; a concurrent or later call with the same key waits for and returns
     * the first answer, for {@code keepFor} after it was given (then the key runs anew). The same key with a
     * different request (fingerprint) is refused while the first answer is kept.
     */
    Answer run(String key, byte[] fingerprint, Duration keepFor, Supplier<Answer> action) {
        if (key.isEmpty() || key.length() > 200) {
            throw ApiException.invalid("Idempotency-Key must be 1 to 200 characters");
        }
        Entry mine = new Entry(fingerprint);
        Entry existing;
        synchronized (entries) {
            existing = entries.get(key);
            if (existing != null && existing.expired(clock.millis())) {
                entries.remove(key);
                existing = null;
            }
            if (existing == null) {
                entries.put(key, mine);
            }
        }
        if (existing != null) {
            if (!Arrays.equals(existing.fingerprint, fingerprint)) {
                throw ApiException.invalid("Idempotency-Key \"" + key
                        + "\" was already used for a different request; use a new key for a new request");
            }
            return await(existing.answer, key, fingerprint, keepFor, action);
        }
        try {
            Answer answer = action.get();
            keep(mine, keepFor);
            mine.answer.complete(answer);
            return answer;
        } catch (RuntimeException e) {
            if (published(e)) {
                keep(mine, keepFor);
            } else {
                synchronized (entries) {
                    entries.remove(key, mine);
                }
            }
            mine.answer.completeExceptionally(e);
            throw e;
        }
    }

    private void keep(Entry entry, Duration keepFor) {
        entry.keptUntil = keepFor.equals(FOREVER) ? Long.MAX_VALUE : clock.millis() + keepFor.toMillis();
    }

    /** A failure whose version is live all the same: answered again as is, never run a second time. */
    private static boolean published(Throwable e) {
        return e instanceof LandedLateException || e instanceof UnrecordedException;
    }

    private Answer await(CompletableFuture<Answer> first, String key, byte[] fingerprint, Duration keepFor,
                         Supplier<Answer> action) {
        try {
            return first.get();
        } catch (ExecutionException e) {
            if (published(e.getCause())) {
                throw (RuntimeException) e.getCause();
            }
            // The first attempt published nothing: this retry is a fresh attempt.
            return run(key, fingerprint, keepFor, action);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ApiError.INTERRUPTED, "server is shutting down; retry with the same Idempotency-Key");
        }
    }
}
