package dev.cuecast.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReaderLoopTest {
    private static final ReaderLoop.Pacing PACING = new ReaderLoop.Pacing(200, 400, 10_000);

    /** Reads as scripted: "more", "done" (nothing waiting), or "fail"; then "done" forever. */
    private static final class Script implements ReaderLoop.Reader {
        final Deque<String> steps;
        int resets;
        int reads;

        Script(String... steps) {
            this.steps = new ArrayDeque<>(List.of(steps));
        }

        @Override
        public boolean read() throws IOException {
            reads++;
            String step = steps.isEmpty() ? "done" : steps.poll();
            if (step.equals("fail")) {
                throw new IOException("disk on fire");
            }
            return step.equals("more");
        }

        @Override
        public void reset() {
            resets++;
        }
    }

    @Test
    void failures_in_a_row_pause_twice_as_long_each_time_up_to_the_ceiling_and_a_good_read_returns_to_the_poll_pace() {
        Script reader = new Script("fail", "fail", "fail", "fail", "fail", "fail", "fail", "done", "fail");
        FakeSleeper sleeper = new FakeSleeper(10);
        new ReaderLoop("test", "reading the script", reader, PACING, sleeper).run();
        assertEquals(List.of(400L, 800L, 1600L, 3200L, 6400L, 10_000L, 10_000L, 200L, 400L, 200L), sleeper.pauses);
        assertEquals(8, reader.resets, "each failure dropped what it may have broken, before its pause");
    }

    @Test
    void a_backlog_is_read_chunk_after_chunk_without_a_pause() {
        Script reader = new Script("more", "more", "more", "done");
        int[] readsBeforePause = {-1};
        FakeSleeper sleeper = new FakeSleeper(1, i -> readsBeforePause[0] = reader.reads);
        new ReaderLoop("test", "reading the script", reader, PACING, sleeper).run();
        assertEquals(4, readsBeforePause[0], "three chunks and the read that found nothing more, then the pause");
        assertEquals(List.of(200L), sleeper.pauses);
    }

    @Test
    void the_failure_says_what_failed_while_reads_fail_and_is_gone_after_the_next_good_one() {
        List<String> seen = new ArrayList<>();
        ReaderLoop[] loop = new ReaderLoop[1];
        FakeSleeper sleeper = new FakeSleeper(3, i -> seen.add(loop[0].failure()));
        loop[0] = new ReaderLoop("test", "reading the script", new Script("fail", "fail", "done"), PACING, sleeper);
        loop[0].run();
        assertEquals("reading the script failed: java.io.IOException: disk on fire", seen.get(0));
        assertEquals(seen.get(0), seen.get(1));
        assertNull(seen.get(2));
    }

    @Test
    void an_unexpected_runtime_exception_is_a_failure_to_report_not_the_end_of_the_reader() {
        int[] reads = {0};
        ReaderLoop.Reader buggy = () -> {
            if (reads[0]++ == 0) {
                throw new IllegalStateException("a bug");
            }
            return false;
        };
        FakeSleeper sleeper = new FakeSleeper(2);
        new ReaderLoop("test", "reading", buggy, PACING, sleeper).run();
        assertEquals(List.of(400L, 200L), sleeper.pauses, "retried, then read on");
    }

    @Test
    void stop_ends_the_thread_in_the_middle_of_a_pause() throws InterruptedException {
        CountDownLatch pausing = new CountDownLatch(1);
        ReaderLoop.Sleeper real = ms -> {
            pausing.countDown();
            Thread.sleep(ms);
        };
        ReaderLoop loop = new ReaderLoop("test-reader", "reading", () -> false, new ReaderLoop.Pacing(60_000, 60_000, 60_000), real);
        loop.start();
        assertTrue(pausing.await(10, TimeUnit.SECONDS), "the loop reached its pause");
        long started = System.nanoTime();
        loop.stop();
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2), "stop() did not wait out the 60 s pause");
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("test-reader") && t.isAlive()));
    }
}
