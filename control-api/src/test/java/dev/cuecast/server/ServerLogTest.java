package dev.cuecast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's log as an operator sees it: the real entry point in its own JVM, with the server's own logging
 * configuration (src/main/resources; the test classpath's copy is left out), so what a hostile client can make
 * it write is what production writes.
 */
class ServerLogTest {
    private static final int BAD_REQUESTS = 120;

    @TempDir
    Path dir;

    /** The real entry point in its own JVM on {@code port}, stdout and stderr both into {@code log}. */
    private Process startServer(int port, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", mainClassPath(), Main.class.getName(), "--port", String.valueOf(port), "--data",
                dir.resolve("data").toString(), "--create")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CUECAST_OPERATOR_TOKEN", "server-log-test-token-0123456789");
        return builder.start();
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(20, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    @Test
    void the_banner_is_the_first_thing_printed_and_jetty_says_nothing_at_info() throws Exception {
        int port = freePort();
        Path log = dir.resolve("server.log");
        Process server = startServer(port, log);
        try {
            waitForHealth(port, server);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.readString(log).contains("Press Ctrl-C to stop.") && System.nanoTime() < deadline) {
                Thread.sleep(50); // the banner follows the start by microseconds; /health may answer in between
            }
        } finally {
            stop(server);
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.startsWith("SLF4J(")) // the test classpath's second binding, not the server's
                .toList();
        String text = String.join("\n", lines);
        assertTrue(!lines.isEmpty() && lines.get(0).startsWith("Cuecast is running (objects in "), text);
        assertTrue(lines.stream().noneMatch(line -> line.contains(" INFO ")), "no INFO lines: " + text);
        assertTrue(lines.stream().anyMatch(line -> line.equals("Press Ctrl-C to stop.")), text);
    }

    @Test
    void a_flood_of_requests_with_a_bad_authority_is_refused_and_summarised_not_logged_line_by_line() throws Exception {
        int port = freePort();
        Path log = dir.resolve("server.log");
        Process server = startServer(port, log);
        try {
            waitForHealth(port, server);
            for (int i = 0; i < BAD_REQUESTS; i++) {
                // CONNECT takes an authority (host:port); a path there is what Jetty's HostPort warned about per request
                String target = i % 2 == 0 ? "/api/cues/" : "/a/" + "b/".repeat(i) + "?x=" + i;
                String answer = exchange(port, "CONNECT " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
                assertTrue(answer.contains("\"error\":\"bad_request\""), answer);
            }
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(metrics.body().lines().anyMatch(l -> l.contains("bad_request") && !l.startsWith("#")),
                    "each refusal is still counted: " + metrics.body());
        } finally {
            stop(server);
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String text = String.join("\n", lines);
        assertEquals(0, lines.stream().filter(l -> l.contains("Bad Authority")).count(), text);
        List<String> warnings = lines.stream().filter(l -> l.contains("WARN") || l.contains("ERROR")).toList();
        assertTrue(warnings.size() <= 2, BAD_REQUESTS + " bad requests may log a summary line, not a line each: " + warnings);
        assertTrue(warnings.stream().anyMatch(l -> l.contains("refused") && l.contains("unreadable request")),
                "the refusals are summarised, not hidden: " + text);
    }

    /** The test classpath without the test classes and resources: the server's own simplelogger.properties wins. */
    private static String mainClassPath() {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(full.split(File.pathSeparator))
                .filter(entry -> !entry.replace('\\', '/').endsWith("/test-classes") && !entry.replace('\\', '/').endsWith("/test-classes/"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static void waitForHealth(int port, Process server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertTrue(server.isAlive(), "the server exited at start");
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the server did not answer /health within 90 s");
    }

    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8); // the refusal closes the connection
        }
    }
}
