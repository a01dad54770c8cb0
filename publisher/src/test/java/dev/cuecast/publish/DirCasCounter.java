package dev.cuecast.publish;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Increments a counter object in a directory store {@code n} times with compare-and-set; run as a separate
 * process by {@link DirObjectStoreTest} to prove the file lock serialises writers across processes.
 */
public final class DirCasCounter {
    static final String KEY = "counter.txt";

    private DirCasCounter() {
    }

    public static void main(String[] args) throws Exception {
        increment(new DirObjectStore(Path.of(args[0]), false), Integer.parseInt(args[1]));
    }

    static void increment(ObjectStore store, int n) throws Exception {
        for (int done = 0, tries = 0; done < n; tries++) {
            if (tries > 1_000_000) {
                throw new IllegalStateException("no progress after " + tries + " tries");
            }
            StoredObject current = store.get(KEY).orElseThrow();
            int value = Integer.parseInt(new String(current.body(), StandardCharsets.UTF_8));
            try {
                store.replaceIfMatch(KEY, String.valueOf(value + 1).getBytes(StandardCharsets.UTF_8),
                        CachePolicy.PRIVATE, current.etag());
                done++;
            } catch (VersionConflictException lost) {
                Thread.onSpinWait();
            }
        }
    }
}
