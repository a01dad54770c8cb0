package dev.cuecast.api.operations;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.api.MemoryStore;
import dev.cuecast.publish.CachePolicy;
import dev.cuecast.publish.VersionConflictException;
import org.junit.jupiter.api.Test;

class MeteredObjectStoreTest {
    @Test
    void lost_conditional_writes_are_counted_as_conflicts() throws Exception {
        Metrics metrics = new Metrics();
        MeteredObjectStore store = new MeteredObjectStore(new MemoryStore(), metrics);
        String etag = store.createOnly("k", new byte[]{1}, CachePolicy.STATE);
        assertThrows(VersionConflictException.class, () -> store.createOnly("k", new byte[]{2}, CachePolicy.STATE));
        assertThrows(VersionConflictException.class, () -> store.replaceIfMatch("k", new byte[]{3}, CachePolicy.STATE, "\"stale\""));
        store.replaceIfMatch("k", new byte[]{4}, CachePolicy.STATE, etag);
        assertTrue(metrics.scrape().contains("cuecast_store_conflicts_total 2.0"), metrics.scrape());
    }
}
