package dev.cuecast.publish;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object-store contract on a local directory, plus what only a directory store must do. */
class DirObjectStoreTest extends ObjectStoreContract {
    @TempDir
    Path dir;

    @Override
    protected ObjectStore newStore() {
        return new DirObjectStore(dir, false);
    }

    @Test
    void an_object_written_with_the_headers_of_its_kind_has_no_sidecar_and_is_served_with_them() throws Exception {
        DirObjectStore store = new DirObjectStore(dir, true);
        store.createOnly("live/pointer.json", "{}".getBytes(UTF_8), CachePolicy.POINTER);
        store.createOnly("states/7.json", "{}".getBytes(UTF_8), CachePolicy.STATE);
        assertFalse(Files.exists(dir.resolve(".meta/live/pointer.json")));
        assertFalse(Files.exists(dir.resolve(".meta/states/7.json")));
        assertEquals(CachePolicy.POINTER.header(), store.get("live/pointer.json").orElseThrow().cacheControl());
        assertEquals(CachePolicy.STATE.header(), store.get("states/7.json").orElseThrow().cacheControl());
        assertEquals("application/json", store.get("states/7.json").orElseThrow().contentType());
    }

    @Test
    void other_headers_go_in_a_sidecar_and_a_lost_sidecar_falls_back_to_the_headers_of_its_kind() throws Exception {
        DirObjectStore store = new DirObjectStore(dir, true);
        store.createOnly("states/8.json", "{}".getBytes(UTF_8), CachePolicy.NO_STORE);
        assertEquals(CachePolicy.NO_STORE.header(), store.get("states/8.json").orElseThrow().cacheControl());
        Files.delete(dir.resolve(".meta/states/8.json"));
        assertEquals(CachePolicy.STATE.header(), store.get("states/8.json").orElseThrow().cacheControl());
    }

    @Test
    void durable_writes_leave_no_temp_files_and_replace_objects_and_sidecars_whole() throws Exception {
        DirObjectStore store = new DirObjectStore(dir, true);
        String etag = store.createOnly("live/pointer.json", "{\"a\":1}".getBytes(UTF_8), CachePolicy.POINTER);
        store.replaceIfMatch("live/pointer.json", "{\"a\":2}".getBytes(UTF_8), CachePolicy.POINTER, etag);
        assertEquals("{\"a\":2}", new String(store.get("live/pointer.json").orElseThrow().body(), UTF_8));
        try (var temps = Files.list(dir.resolve(".tmp"))) {
            assertEquals(0, temps.count());
        }
    }

    @Test
    void objects_are_plain_files_under_the_root_and_the_etag_is_the_quoted_md5_as_on_s3() throws Exception {
        String etag = store.createOnly("states/1.json", bytes("hello"), CachePolicy.STATE);
        assertEquals("hello", Files.readString(dir.resolve("states/1.json")));
        assertEquals("\"5d41402abc4b2a76b9719d911017c592\"", etag);
    }

    @Test
    void internal_files_never_show_up_in_listings() throws Exception {
        store.createOnly("states/1.json", bytes("x"), CachePolicy.STATE);
        assertEquals(List.of("states/1.json"), store.list(""));
        try (var tmp = Files.list(dir.resolve(".tmp"))) {
            assertEquals(0, tmp.count(), "no temp file left behind");
        }
    }

    @Test
    void temp_files_abandoned_by_a_crashed_writer_are_removed_when_a_store_opens() throws Exception {
        Path old = Files.writeString(dir.resolve(".tmp/crashed.tmp"), "half");
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 7_200_000L));
        Path fresh = Files.writeString(dir.resolve(".tmp/in-progress.tmp"), "writing");
        new DirObjectStore(dir, false);
        assertTrue(Files.notExists(old));
        assertTrue(Files.exists(fresh), "a write in progress elsewhere keeps its temp file");
    }

    @Test
    void listing_while_another_writer_deletes_never_fails() throws Exception {
        for (int i = 0; i < 300; i++) {
            store.createOnly("states/" + i + ".json", bytes("x"), CachePolicy.STATE);
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> deleting = pool.submit(() -> {
                for (int i = 0; i < 300; i++) {
                    store.delete("states/" + i + ".json");
                }
            });
            for (int i = 0; i < 50 && !deleting.isDone(); i++) {
                assertTrue(store.list("states/").size() <= 300);
                assertTrue(store.list("").size() <= 300);
            }
            deleting.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), store.list("states/"));
    }

    @Test
    void keys_that_would_escape_the_root_or_touch_internal_files_are_refused() {
        for (String key : List.of("../outside.json", "/abs.json", "a//b.json", ".meta/states/1.json", "states/", "")) {
            assertThrows(IllegalArgumentException.class,
                    () -> store.createOnly(key, bytes("x"), CachePolicy.STATE), key);
        }
        assertThrows(IllegalArgumentException.class, () -> store.get("states/../../etc/passwd"));
    }

    @Test
    void a_file_written_by_hand_is_served_with_the_content_type_of_its_name() throws Exception {
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/index.html"), "<html></html>");
        StoredObject read = store.get("app/index.html").orElseThrow();
        assertEquals("text/html; charset=utf-8", read.contentType());
        assertEquals(DirObjectStore.etag(bytes("<html></html>")), read.etag());
    }

    @Test
    void two_store_instances_in_one_jvm_and_two_other_processes_never_lose_an_increment() throws Exception {
        store.createOnly(DirCasCounter.KEY, bytes("0"), CachePolicy.PRIVATE);
        int perWriter = 100;
        List<Process> processes = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int p = 0; p < 2; p++) {
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    DirCasCounter.class.getName(), dir.toString(), String.valueOf(perWriter))
                    .redirectErrorStream(true).start());
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> local = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                local.add(pool.submit(() -> {
                    DirCasCounter.increment(new DirObjectStore(dir, false), perWriter);
                    return null;
                }));
            }
            for (Future<?> f : local) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Process process : processes) {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child process did not finish");
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            assertEquals(0, process.exitValue(), output);
        }
        assertEquals(String.valueOf(4 * perWriter), new String(store.get(DirCasCounter.KEY).orElseThrow().body(), UTF_8));
    }
}
