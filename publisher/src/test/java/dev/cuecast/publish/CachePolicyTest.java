package dev.cuecast.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Each Cache-Control value pinned: the CDN's behaviour (and its bill) follows these exact strings. */
class CachePolicyTest {
    @Test
    void pointer_is_fresh_for_one_second_and_served_stale_while_revalidating() {
        assertEquals("public, max-age=1, s-maxage=1, stale-while-revalidate=2, stale-if-error=30", CachePolicy.POINTER.header());
    }

    @Test
    void states_are_immutable_for_a_year() {
        assertEquals("public, max-age=31536000, immutable", CachePolicy.STATE.header());
    }

    @Test
    void app_shell_is_revalidated_on_every_load() {
        assertEquals("no-cache", CachePolicy.APP_SHELL.header());
    }

    @Test
    void other_app_files_are_cached_five_minutes() {
        assertEquals("public, max-age=300", CachePolicy.APP_ASSET.header());
    }

    @Test
    void time_is_never_stored() {
        assertEquals("no-store", CachePolicy.NO_STORE.header());
    }

    @Test
    void private_objects_are_never_cached_by_anyone() {
        assertEquals("private, no-store", CachePolicy.PRIVATE.header());
    }
}
