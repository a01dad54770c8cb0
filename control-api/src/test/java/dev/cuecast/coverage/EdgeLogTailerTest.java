package dev.cuecast.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeLogTailerTest {
    @TempDir
    Path dir;

    private final List<String> lines = new ArrayList<>();

    private void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void drain(EdgeLogTailer tailer) throws IOException {
        for (int i = 0; i < 100 && tailer.step() > 0; i++) {
            // until nothing new
        }
    }

    @Test
    void new_lines_are_delivered_once_complete_and_a_half_written_line_waits_for_its_end() throws IOException {
        Path log = dir.resolve("access.log");
        EdgeLogTailer tailer = new EdgeLogTailer(log, lines::add, 10);
        drain(tailer); // no file yet: waits
        append(log, "a\nb\nhal");
        drain(tailer);
        assertEquals(List.of("a", "b"), lines);
        append(log, "f\n");
        drain(tailer);
        assertEquals(List.of("a", "b", "half"), lines);
    }

    @Test
    void a_rotated_log_is_followed_into_the_new_file_from_its_start() throws IOException {
        Path log = dir.resolve("access.log");
        EdgeLogTailer tailer = new EdgeLogTailer(log, lines::add, 10);
        append(log, "old1\n");
        drain(tailer);
        Files.move(log, dir.resolve("access.log.1"));
        drain(tailer); // between rename and reopen (nginx -s reopen): nothing to read, nothing lost
        append(log, "new1\nnew2\n");
        drain(tailer); // the renamed file stays quiet for one more poll (workers flush into it as they reopen)...
        drain(tailer); // ...then the new one is read from its start
        assertEquals(List.of("old1", "new1", "new2"), lines);
    }

    @Test
    void lines_flushed_into_the_renamed_log_after_the_rotation_are_read_before_the_new_file() throws IOException {
        Path log = dir.resolve("access.log");
        EdgeLogTailer tailer = new EdgeLogTailer(log, lines::add, 10);
        append(log, "old1\n");
        drain(tailer);
        Path renamed = dir.resolve("access.log.1");
        Files.move(log, renamed);
        append(log, "new1\n");
        append(renamed, "late1\n"); // a worker that had not reopened yet flushes its buffer into the old file
        drain(tailer);
        drain(tailer);
        drain(tailer);
        assertEquals(List.of("old1", "late1", "new1"), lines);
    }

    @Test
    void a_truncated_log_is_read_again_from_its_start() throws IOException {
        Path log = dir.resolve("access.log");
        EdgeLogTailer tailer = new EdgeLogTailer(log, lines::add, 10);
        append(log, "first line that is long\n");
        drain(tailer);
        Files.writeString(log, "", StandardOpenOption.TRUNCATE_EXISTING); // copytruncate
        append(log, "short\n");
        drain(tailer);
        assertEquals(List.of("first line that is long", "short"), lines);
    }

    @Test
    void an_overlong_line_is_dropped_whole_and_the_next_one_still_arrives() throws IOException {
        Path log = dir.resolve("access.log");
        EdgeLogTailer tailer = new EdgeLogTailer(log, lines::add, 10);
        append(log, "x".repeat(EdgeLogTailer.MAX_LINE + 10));
        drain(tailer);
        append(log, "yyy\nok\n");
        drain(tailer);
        assertEquals(List.of("ok"), lines);
    }

    @Test
    void a_long_existing_log_is_read_from_near_its_end_only() throws IOException {
        Path log = dir.resolve("access.log");
        String line = "0123456789".repeat(10) + "\n";
        int count = (int) (EdgeLogTailer.START_BACKLOG / line.length()) * 2;
        append(log, line.repeat(count));
        EdgeLogTailer tailer = new EdgeLogTailer(log, lines::add, 10);
        drain(tailer);
        assertEquals(EdgeLogTailer.START_BACKLOG / line.length(), lines.size(), 1.0);
        assertEquals(line.strip(), lines.get(0), "the line cut at the start is skipped, not delivered in part");
    }

    @Test
    void an_unreadable_log_is_reported_and_reopened_once_a_second_then_read_at_the_poll_pace_on_a_fake_clock() throws IOException {
        Path log = dir.resolve("access.log");
        Files.createDirectory(log); // not a file: every read fails
        List<String> failures = new ArrayList<>();
        EdgeLogTailer[] tailer = new EdgeLogTailer[1];
        FakeSleeper sleeper = new FakeSleeper(5, i -> {
            failures.add(tailer[0].failure());
            if (i == 2) {
                try {
                    Files.delete(log);
                    append(log, "back\n");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        tailer[0] = new EdgeLogTailer(log, lines::add, 200, sleeper);
        tailer[0].runLoop();
        assertEquals(List.of(1000L, 1000L, 1000L, 200L, 200L), sleeper.pauses);
        assertTrue(failures.get(0).startsWith("reading " + log + " failed: java.io.IOException"), failures.get(0));
        assertNull(failures.get(3), "the good read cleared it");
        assertEquals(List.of("back"), lines);
        tailer[0].close();
    }
}
