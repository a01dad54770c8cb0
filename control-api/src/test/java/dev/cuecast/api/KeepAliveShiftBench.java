package dev.cuecast.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cuecast.timebase.TimeBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Answer shifts on kept-alive connections, side by side (part of {@code scripts/bench fuzz}; tagged "bench", not a
 * test): the shipped connector (unpooled buffers, see {@code UnpooledConnector}) against Jetty's default pooled
 * buffers, in alternating runs of the same length, each on a fresh in-process server. {@code cuecast.keepalive.threads}
 * connections send small {@link HostileRequests} (body ≤ 16 KiB, head ≤ 4 KiB, so the run is requests, not bytes),
 * half of them after a pause of up to 300 µs; {@link RawClient} flags any answer waiting before a request is sent.
 * Appends one JSON line per run and arm to {@code cuecast.keepalive.out}; raw dumps of each shift and each request
 * left without an answer go beside it.
 */
@Tag("bench")
class KeepAliveShiftBench {
    private static final int MAX_BODY = 16 * 1024;
    private static final int MAX_HEAD = 4 * 1024;
    private static final int MAX_PAUSE_US = 300;

    @Test
    void shifts_with_unpooled_and_pooled_buffers() throws Exception {
        int runs = Integer.getInteger("cuecast.keepalive.runs", 5);
        int seconds = Integer.getInteger("cuecast.keepalive.seconds", 60);
        int threads = Integer.getInteger("cuecast.keepalive.threads", 6);
        Path out = Path.of(System.getProperty("cuecast.keepalive.out"));
        Files.deleteIfExists(out);
        ObjectMapper mapper = new ObjectMapper();
        arm(false, threads, Math.min(seconds, 10), 1L, out.resolveSibling("keepalive-shifts").resolve("warm-up")); // JIT warm-up, not counted
        for (int run = 0; run < runs; run++) {
            // alternate which arm goes first, so neither always runs on the warmer JVM
            List<Boolean> order = run % 2 == 0 ? List.of(false, true) : List.of(true, false);
            for (boolean pooled : order) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("run", run);
                line.put("arm", pooled ? "pooled" : "unpooled");
                // the script attributes Jetty's log lines (a buffer released twice) to the arm that printed them
                System.out.println("keepalive-arm-start " + line.get("arm") + " " + run);
                line.putAll(arm(pooled, threads, seconds,
                        31_000L * (run + 1), out.resolveSibling("keepalive-shifts").resolve("run" + run + "-" + line.get("arm"))));
                Files.writeString(out, mapper.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                System.out.println("keepalive " + line);
            }
        }
    }

    private Map<String, Object> arm(boolean pooled, int threads, int seconds, long seed, Path dumps) throws Exception {
        AtomicLong sent = new AtomicLong();
        AtomicLong shifts = new AtomicLong();
        AtomicLong noAnswer = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        try (TestServer server = new TestServer(ApiConfig.of(TestServer.TOKEN).withMaxLoginFailures(1_000_000, 1_000_000)
                .withPooledBuffers(pooled), TimeBase.local(Clock.fixed(TestServer.NOW, ZoneOffset.UTC)))) {
            HostileRequests requests = new HostileRequests(TestServer.TOKEN, TestServer.NOW::toEpochMilli, ApiConfig.DEFAULT_MAX_REQUEST_BYTES);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(seed + t);
                int thread = t;
                done.add(pool.submit(() -> {
                    try (RawClient client = new RawClient(server.app.port(), 10_000)) {
                        while (System.nanoTime() < deadline) {
                            HostileRequests.Request q = requests.next(random);
                            if (q.body().length > MAX_BODY || q.head().length > MAX_HEAD) {
                                continue;
                            }
                            if (random.nextBoolean()) {
                                LockSupport.parkNanos(random.nextInt(MAX_PAUSE_US) * 1_000L);
                            }
                            RawClient.Exchange answer = client.send(q.head(), q.body(), q.pieceBytes(), q.headRequest());
                            sent.incrementAndGet();
                            if (answer.status() < 0) {
                                long n = noAnswer.incrementAndGet();
                                Files.createDirectories(dumps);
                                Files.writeString(dumps.resolve("thread" + thread + "-no-answer-" + n + ".txt"),
                                        answer.failure() + "\n" + client.lastFailureHistory);
                            }
                            for (String shift : client.unsolicited) {
                                long n = shifts.incrementAndGet();
                                Files.createDirectories(dumps);
                                Files.writeString(dumps.resolve("thread" + thread + "-" + n + ".txt"), shift);
                            }
                            client.unsolicited.clear();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("requests", sent.get());
        result.put("shifts", shifts.get());
        result.put("no_answer", noAnswer.get());
        result.put("seconds", seconds);
        result.put("threads", threads);
        return result;
    }
}
