package dev.cuecast.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * API half of {@code scripts/bench fuzz} (not a test: tagged "bench", excluded from normal runs). Sends
 * {@link HostileRequests} to a real server started by the script (the shaded jar, directory store), from
 * {@code cuecast.fuzz.threads} connections, {@code cuecast.fuzz.runs} runs of {@code cuecast.fuzz.requests} each,
 * and counts every outcome: status codes, refusals by error code, resets, 5xx. Reads the server's CPU time from
 * /proc to price a refusal. Writes one JSON line per run to {@code cuecast.fuzz.out}.
 */
@Tag("bench")
class FuzzBench {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void fuzz_the_real_server() throws Exception {
        int port = Integer.getInteger("cuecast.fuzz.port");
        String token = System.getProperty("cuecast.fuzz.token");
        long pid = Long.getLong("cuecast.fuzz.pid");
        int runs = Integer.getInteger("cuecast.fuzz.runs", 5);
        int perRun = Integer.getInteger("cuecast.fuzz.requests", 200_000);
        int threads = Integer.getInteger("cuecast.fuzz.threads", 2);
        Path out = Path.of(System.getProperty("cuecast.fuzz.out"));
        HostileRequests requests = new HostileRequests(token, System.currentTimeMillis(), ApiConfig.DEFAULT_MAX_REQUEST_BYTES);
        List<String> lines = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            long seed = 15_000L + run;
            Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
            Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
            Map<String, AtomicLong> classes = new ConcurrentHashMap<>();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicLong bytesSent = new AtomicLong();
            AtomicLong earlyAnswers = new AtomicLong();
            AtomicLong staleRetries = new AtomicLong();
            List<String> staleContexts = java.util.Collections.synchronizedList(new ArrayList<>());
            Map<String, AtomicLong> classNanos = new ConcurrentHashMap<>();
            long cpuBefore = cpuTicks(pid);
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(seed * 31 + t);
                int count = perRun / threads + (t < perRun % threads ? 1 : 0);
                done.add(pool.submit(() -> {
                    String previous = "(none)";
                    try (RawClient client = new RawClient(port, 30_000)) {
                        for (int i = 0; i < count; i++) {
                            HostileRequests.Request r = requests.next(random);
                            bytesSent.addAndGet(r.head().length + r.body().length);
                            long t0 = System.nanoTime();
                            int retriesBefore = client.staleRetries;
                            RawClient.Exchange answer = client.send(r.head(), r.body(), r.pieceBytes(), r.headRequest());
                            classNanos.computeIfAbsent(r.inputClass(), k -> new AtomicLong()).addAndGet(System.nanoTime() - t0);
                            String status = answer.status() < 0 ? "reset or malformed" : String.valueOf(answer.status());
                            statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                            classes.computeIfAbsent(r.inputClass() + " -> " + status, k -> new AtomicLong()).incrementAndGet();
                            if (answer.status() >= 400 && r.isApi() && !r.headRequest()) {
                                errors.computeIfAbsent(errorCode(answer), k -> new AtomicLong()).incrementAndGet();
                            }
                            if ((answer.status() < 0 || answer.status() >= 500) && failures.size() < 20) {
                                failures.add(r.describe() + " -> " + answer.status() + " " + answer.failure() + " "
                                        + (answer.failure() == null ? answer.bodyText() : "") + " || previous on this connection: " + previous);
                            }
                            if (client.staleRetries > retriesBefore && staleContexts.size() < 10) {
                                staleContexts.add("after: " + previous);
                            }
                            previous = r.describe().replaceAll("\\s+", " ") + " -> " + answer.status() + " " + answer.headers();
                            if (previous.length() > 400) {
                                previous = previous.substring(0, 400) + "...";
                            }
                        }
                        earlyAnswers.addAndGet(client.earlyAnswers);
                        staleRetries.addAndGet(client.staleRetries);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpu = cpuTicks(pid) - cpuBefore;
            Map<String, Object> line = new TreeMap<>();
            line.put("run", run);
            line.put("seed", seed);
            line.put("requests", perRun);
            line.put("threads", threads);
            line.put("seconds", seconds);
            line.put("server_cpu_seconds", cpu / 100.0); // USER_HZ is 100 on Linux
            line.put("bytes_sent", bytesSent.get());
            line.put("statuses", counts(statuses));
            line.put("errors", counts(errors));
            line.put("classes", counts(classes));
            line.put("failures", failures);
            line.put("early_answers", earlyAnswers.get());
            line.put("stale_keepalive_retries", staleRetries.get());
            line.put("stale_keepalive_contexts", staleContexts);
            Map<String, Double> msPerClass = new TreeMap<>();
            classNanos.forEach((k, v) -> msPerClass.put(k, v.get() / 1e6));
            line.put("class_ms", msPerClass);
            String json = mapper.writeValueAsString(line);
            lines.add(json);
            System.out.println("fuzz run " + run + ": " + perRun + " requests in " + String.format("%.1f", seconds) + " s, statuses "
                    + counts(statuses));
        }
        Files.write(out, lines, StandardCharsets.UTF_8);
    }

    private String errorCode(RawClient.Exchange answer) {
        try {
            JsonNode body = mapper.readTree(answer.body());
            return body.path("error").isTextual() ? body.path("error").asText() : "(no error code)";
        } catch (IOException e) {
            return "(not JSON)";
        }
    }

    private static Map<String, Long> counts(Map<String, AtomicLong> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** utime + stime of the server process, in clock ticks. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
