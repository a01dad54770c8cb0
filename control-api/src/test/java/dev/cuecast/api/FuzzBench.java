package dev.cuecast.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * API half of {@code scripts/bench fuzz} (not a test: tagged "bench", excluded from normal runs). Sends
 * {@link HostileRequests} to a real server started by the script (the shaded jar, directory store), from
 * {@code cuecast.fuzz.threads} connections, {@code cuecast.fuzz.runs} runs of {@code cuecast.fuzz.requests} each,
 * and counts every outcome: status codes, refusals by error code, resets, 5xx. Each run ends with
 * {@code cuecast.fuzz.refusals} small requests that are always refused, to price a refusal alone. Reads the
 * server's CPU time from /proc. Appends one JSON line per run to {@code cuecast.fuzz.out} as the run ends.
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
        int refusalsPerRun = Integer.getInteger("cuecast.fuzz.refusals", 20_000);
        int threads = Integer.getInteger("cuecast.fuzz.threads", 8);
        Path out = Path.of(System.getProperty("cuecast.fuzz.out"));
        // raw dumps of the last exchanges on a connection whenever an answer cannot belong to its request
        Path dumps = out.resolveSibling("fuzz-desync");
        boolean probe = Boolean.getBoolean("cuecast.fuzz.probe");
        HostileRequests requests = new HostileRequests(token, System::currentTimeMillis, ApiConfig.DEFAULT_MAX_REQUEST_BYTES);
        for (int run = 0; run < runs; run++) {
            long seed = 15_000L + run;
            Map<String, Object> line = new TreeMap<>();
            line.put("run", run);
            line.put("seed", seed);
            line.put("threads", threads);
            line.put("probe_after_each_request", probe);
            line.putAll(phase(port, pid, threads, perRun, seed, requests::next, probe, dumps.resolve("run" + run)));
            // Refusals alone, small and always refused: what bad input costs the server when it is all there is
            line.put("refusal_phase", phase(port, pid, threads, refusalsPerRun, seed + 1_000_000, requests::cheapRefusal,
                    probe, dumps.resolve("run" + run + "-refusals")));
            String json = mapper.writeValueAsString(line);
            // one line per run as it ends: a run cut short by the script's time bound still leaves the ones before
            Files.writeString(out, json + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    run == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
            System.out.println("fuzz run " + run + ": " + perRun + " requests in " + String.format("%.1f", (Double) line.get("seconds"))
                    + " s, statuses " + line.get("statuses"));
        }
    }

    /** {@code count} requests from {@code threads} connections, each thread with its own seeded generator. */
    private Map<String, Object> phase(int port, long pid, int threads, int count, long seed,
                                      Function<Random, HostileRequests.Request> generate, boolean probe, Path dumps) throws Exception {
        Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        Map<String, AtomicLong> classes = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong bytesSent = new AtomicLong();
        AtomicLong earlyAnswers = new AtomicLong();
        AtomicLong staleRetries = new AtomicLong();
        List<String> staleContexts = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicLong> classNanos = new ConcurrentHashMap<>();
        // answer correlation: an unsolicited answer found before a request, or a probe (GET /time right after a
        // request, same connection) answered with something else, is a shift caught at the request that caused it
        Map<String, AtomicLong> shiftsAfterClass = new ConcurrentHashMap<>();
        AtomicLong dumpCount = new AtomicLong();
        AtomicLong probes = new AtomicLong();
        long cpuBefore = cpuTicks(pid);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(seed * 31 + t);
            int mine = count / threads + (t < count % threads ? 1 : 0);
            int thread = t;
            done.add(pool.submit(() -> {
                // the previous exchange on this connection, described only when a failure needs it (describing
                // every request cost the client more CPU than the server spent refusing it)
                HostileRequests.Request previous = null;
                RawClient.Exchange previousAnswer = null;
                try (RawClient client = new RawClient(port, 30_000)) {
                    for (int i = 0; i < mine; i++) {
                        int unsolicitedBefore = client.unsolicited.size();
                        HostileRequests.Request r = generate.apply(random);
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
                                    + (answer.failure() == null ? answer.bodyText() : "") + " || previous on this connection: "
                                    + describe(previous, previousAnswer));
                        }
                        if (client.unsolicited.size() > unsolicitedBefore) {
                            // found before sending r: the previous request on that connection caused it
                            shiftsAfterClass.computeIfAbsent((previous == null ? "(none)" : previous.inputClass()) + " (unsolicited answer)",
                                    k -> new AtomicLong()).incrementAndGet();
                            dump(dumps, thread, i, client.unsolicited.get(client.unsolicited.size() - 1), dumpCount);
                        }
                        if (answer.status() < 0) {
                            dump(dumps, thread, i, client.lastFailureHistory + "=== FAILED: " + answer.failure() + "\n", dumpCount);
                        }
                        if (probe && client.isOpen()) {
                            probes.incrementAndGet();
                            RawClient.Exchange p = client.send(PROBE, new byte[0], 65_536, false);
                            if (p.status() != 200 || !p.bodyText().contains("\"t\":")) {
                                shiftsAfterClass.computeIfAbsent(r.inputClass() + " (probe got " + p.status() + ")", k -> new AtomicLong()).incrementAndGet();
                                dump(dumps, thread, i, (p.status() < 0 ? client.lastFailureHistory : client.history())
                                        + "=== PROBE GET /time after request " + i + " got the answer above\n", dumpCount);
                                client.close();
                            }
                        }
                        if (client.staleRetries > retriesBefore && staleContexts.size() < 10) {
                            staleContexts.add("after: " + describe(previous, previousAnswer));
                        }
                        previous = r;
                        previousAnswer = answer;
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
        line.put("requests", count);
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
        line.put("probes", probes.get());
        line.put("shifts_by_causing_class", counts(shiftsAfterClass));
        Map<String, Double> msPerClass = new TreeMap<>();
        classNanos.forEach((k, v) -> msPerClass.put(k, v.get() / 1e6));
        line.put("class_ms", msPerClass);
        return line;
    }

    private static final byte[] PROBE = "GET /time HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Writes one raw dump (at most 50 per phase): bench/raw/fuzz-desync/run<N>/t<thread>-<request>.txt. */
    private static void dump(Path dir, int thread, int request, String text, AtomicLong count) {
        if (count.incrementAndGet() > 50) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("t" + thread + "-" + request + ".txt"), text, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String describe(HostileRequests.Request request, RawClient.Exchange answer) {
        if (request == null) {
            return "(none)";
        }
        String text = request.describe().replaceAll("\\s+", " ") + " -> " + answer.status() + " " + answer.headers();
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
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
