package dev.cuecast.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs store calls with a time limit, optionally hedged (a second copy sent when the first is slow, as in
 * "The Tail at Scale"). A call that runs out of time is abandoned and interrupted; the caller must treat a write
 * that timed out as ambiguous (it may still land) and read back. The S3 client's own call timeouts end abandoned
 * requests; the limit here is what a publish waits for.
 */
final class Calls implements StoreCalls {
    private final ExecutorService pool;

    Calls() {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cuecast-store-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <T> T run(String what, long timeoutMs, long hedgeAfterMs, Call<T> call) throws VersionConflictException {
        if (timeoutMs <= 0) {
            throw new StoreTimeoutException("no time left to " + what, null);
        }
        CompletionService<T> done = new ExecutorCompletionService<>(pool);
        List<Future<T>> copies = new ArrayList<>(2);
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        boolean hedge = hedgeAfterMs > 0 && hedgeAfterMs < timeoutMs;
        copies.add(done.submit(call::call));
        int running = 1;
        Throwable failure = null;
        try {
            while (running > 0) {
                long until = hedge ? Math.min(end, start + TimeUnit.MILLISECONDS.toNanos(hedgeAfterMs)) : end;
                Future<T> finished = done.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (finished == null) {
                    if (hedge && System.nanoTime() < end) {
                        hedge = false;
                        copies.add(done.submit(call::call));
                        running++;
                        continue;
                    }
                    break;
                }
                running--;
                try {
                    return finished.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof VersionConflictException c) {
                        throw c; // the store answered: the condition failed (the other copy is cancelled below)
                    }
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    // a copy that failed fast is not worth hedging: the second copy would meet the same store
                    hedge = false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreTimeoutException("interrupted while waiting to " + what, e);
        } finally {
            copies.forEach(f -> f.cancel(true));
        }
        if (running == 0 && failure != null) {
            if (failure instanceof VersionConflictException c) {
                throw c;
            }
            if (failure instanceof PublishFailedException p) {
                throw p;
            }
            if (failure instanceof IllegalArgumentException i) {
                throw i;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            throw new StoreUnavailableException("cannot " + what + ": " + failure.getMessage(), failure);
        }
        throw new StoreTimeoutException("the store did not answer within " + timeoutMs + " ms while trying to " + what
                + (failure == null ? "" : " (and " + failure.getMessage() + ")"), failure);
    }
}
