package dev.cuecast.timebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeSyncTest {
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

    private static TimeBase.Status awaitSynced(TimeSync sync) throws InterruptedException {
        for (int i = 0; i < 200 && !sync.status().synced(); i++) {
            Thread.sleep(50);
        }
        return sync.status();
    }

    @Test
    void a_host_clock_5_s_behind_the_time_source_stamps_on_the_time_source() throws Exception {
        HttpServer server = timeServer(5000);
        try (TimeSync sync = TimeSync.start(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/time"), Clock.systemUTC())) {
            TimeBase.Status s = awaitSynced(sync);
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
    void an_unreachable_time_source_is_unsynced_and_says_where_it_looked() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (TimeSync sync = TimeSync.start(URI.create("http://127.0.0.1:" + port + "/time"), Clock.systemUTC())) {
            Thread.sleep(500);
            TimeBase.Status s = sync.status();
            assertFalse(s.synced());
            assertNotNull(s.problem());
            assertTrue(s.problem().contains("/time"), s.problem());
            // Until an answer comes, stamps fall back to the host clock rather than nothing.
            assertEquals(System.currentTimeMillis(), sync.clock().millis(), 60);
        }
    }
}
