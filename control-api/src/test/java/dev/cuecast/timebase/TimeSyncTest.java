package dev.cuecast.timebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TimeSyncTest {
    private static final double T0 = 1_767_225_600_000.0;

    /** A time endpoint whose clock runs {@code aheadMs} ahead of this host's. */
    private static HttpServer timeServer(long aheadMs) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/time", ex -> {
            Instant now = Instant.now();
            double t = now.getEpochSecond() * 1000.0 + now.getNano() / 1e6 + aheadMs;
            byte[] body = String.format(java.util.Locale.ROOT, "{\"t\":%.3f}", t).getBytes(StandardCharsets.US_ASCII);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return server;
    }

    /** Polls the status until {@code done} holds or 10 s have passed (the real HTTP client runs on its own threads). */
    private static TimeBase.Status await(TimeSync sync, Predicate<TimeBase.Status> done) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        TimeBase.Status s = sync.status();
        while (!done.test(s) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            s = sync.status();
        }
        return s;
    }

    /** TimeSync on virtual time: the host clock is {@code time}, the source answers as {@code fetch} says. */
    private static TimeSync onVirtualTime(VirtualTime time, Supplier<CompletableFuture<Double>> fetch, SyncOptions options) {
        TimeSync sync = new TimeSync("http://edge.test/time", new TimeSync.Environment(time::now, fetch, time, new Random(1)),
                options, TimeSync.Observer.NONE);
        sync.begin("start");
        return sync;
    }

    /** A source {@code aheadMs} ahead, {@code oneWayMs} away each way. */
    private static Supplier<CompletableFuture<Double>> source(VirtualTime time, double aheadMs, double oneWayMs) {
        return () -> {
            CompletableFuture<Double> answer = new CompletableFuture<>();
            time.later(oneWayMs, () -> {
                double t = time.now() + aheadMs;
                time.later(oneWayMs, () -> answer.complete(t));
            });
            return answer;
        };
    }

    @Test
    void a_host_clock_5_s_behind_the_time_source_stamps_on_the_time_source() throws Exception {
        HttpServer server = timeServer(5000);
        try (TimeSync sync = TimeSync.start(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/time"), Clock.systemUTC())) {
            TimeBase.Status s = await(sync, TimeBase.Status::synced);
            assertTrue(s.synced(), "synced within 10 s: " + s);
            assertEquals(5000, s.offsetMs(), s.uncertaintyMs() + 1, "offset " + s);
            assertTrue(s.uncertaintyMs() < 50, "loopback is tight: " + s);
            assertEquals(System.currentTimeMillis() + 5000, sync.clock().millis(), 60);
            assertEquals(null, s.problem());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void an_unreachable_time_source_is_unsynced_and_says_where_it_looked_and_what_went_wrong() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (TimeSync sync = TimeSync.start(URI.create("http://127.0.0.1:" + port + "/time"), Clock.systemUTC())) {
            TimeBase.Status s = await(sync, st -> !st.problem().contains("no answer yet"));
            assertFalse(s.synced());
            assertNotNull(s.problem());
            assertTrue(s.problem().contains("/time"), s.problem());
            assertFalse(s.problem().contains("no answer yet"), "the refused connection is the problem now: " + s.problem());
            // Until an answer comes, stamps fall back to the host clock rather than nothing.
            assertEquals(System.currentTimeMillis(), sync.clock().millis(), 60);
        }
    }

    @Test
    void on_virtual_time_one_burst_syncs_a_host_clock_5_s_behind_and_the_stamps_follow_the_source() {
        VirtualTime time = new VirtualTime(T0);
        try (TimeSync sync = onVirtualTime(time, source(time, 5000, 20), SyncOptions.defaults())) {
            assertTrue(Double.isNaN(sync.status().offsetMs()), "no offset before an answer");
            assertEquals((long) Math.floor(T0), sync.clock().millis(), "stamps fall back to the host clock meanwhile");
            time.advance(12 * 25 + 40); // the burst's last request is answered
            TimeBase.Status s = sync.status();
            assertTrue(s.synced(), s.toString());
            assertNull(s.problem());
            assertEquals(5000, s.offsetMs(), 1e-9, "a symmetric path has no error");
            assertEquals(40, s.rttMs(), 1e-9);
            assertEquals(12, s.samples());
            assertEquals((long) Math.floor(time.now() + 5000), sync.clock().millis());
        }
    }

    @Test
    void on_virtual_time_a_source_that_never_answers_counts_each_request_lost_at_its_timeout() {
        VirtualTime time = new VirtualTime(T0);
        List<CompletableFuture<Double>> asked = new ArrayList<>();
        Supplier<CompletableFuture<Double>> silent = () -> {
            CompletableFuture<Double> never = new CompletableFuture<>();
            asked.add(never);
            return never;
        };
        try (TimeSync sync = onVirtualTime(time, silent, SyncOptions.defaults())) {
            time.advance(1999);
            assertTrue(sync.status().problem().contains("no answer yet"), sync.status().problem());
            time.advance(1);
            TimeBase.Status s = sync.status();
            assertFalse(s.synced());
            assertTrue(s.problem().contains("http://edge.test/time") && s.problem().contains("no answer within 2000 ms"), s.problem());
            assertEquals(0, s.samples());
            time.advance(60_000);
            assertFalse(sync.status().synced());
            assertTrue(asked.size() > 12, "it keeps asking after the burst: " + asked.size());
            assertEquals((long) Math.floor(time.now()), sync.clock().millis(), "stamps stay on the host clock");
        }
    }

    @Test
    void on_virtual_time_an_offset_known_only_loosely_stops_publishing_and_says_how_loosely() {
        VirtualTime time = new VirtualTime(T0);
        SyncOptions strict = SyncOptions.builder().maxUncertaintyMs(30).build();
        try (TimeSync sync = onVirtualTime(time, source(time, -1200, 20), strict)) {
            time.advance(1000);
            assertTrue(sync.status().synced(), "± 20 ms is within 30: " + sync.status());
            time.advance(120_000); // re-syncs keep it there
            assertTrue(sync.status().synced(), sync.status().toString());
        }
        VirtualTime slow = new VirtualTime(T0);
        try (TimeSync sync = onVirtualTime(slow, source(slow, -1200, 40), strict)) {
            slow.advance(1000);
            TimeBase.Status s = sync.status();
            assertFalse(s.synced(), "± 40 ms is not: " + s);
            assertEquals(-1200, s.offsetMs(), 1e-9, "the stamps still use the best estimate");
            assertTrue(s.problem().contains("only known to ±40 ms (limit 30)"), s.problem());
        }
    }

    @Test
    void on_virtual_time_an_answer_that_arrives_after_close_changes_nothing() {
        VirtualTime time = new VirtualTime(T0);
        List<CompletableFuture<Double>> asked = new ArrayList<>();
        Supplier<CompletableFuture<Double>> held = () -> {
            CompletableFuture<Double> answer = new CompletableFuture<>();
            asked.add(answer);
            return answer;
        };
        TimeSync sync = onVirtualTime(time, held, SyncOptions.defaults());
        time.advance(300);
        sync.close();
        asked.forEach(a -> a.complete(time.now() + 5000));
        assertEquals(0, sync.status().samples());
        assertTrue(Double.isNaN(sync.status().offsetMs()));
        assertEquals(0, time.pending(), "no timer left behind");
    }
}
