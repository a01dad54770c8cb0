package dev.cuecast.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cuecast.cue.Pointer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hostile inputs issue 15 names, one test each; every one failed before the fix. */
class HostileInputExamplesTest {
    private static final int TWO_MB = 2 * 1024 * 1024;

    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_two_megabyte_chunked_body_gets_the_json_413_not_a_connection_reset() {
        String answer = upload("POST /api/cues", TestServer.TOKEN, true, TWO_MB);
        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        assertTrue(answer.contains("\"error\":\"payload_too_large\""), answer);
    }

    @Test
    void a_two_megabyte_declared_body_sent_without_waiting_gets_the_json_413_not_a_connection_reset() {
        String answer = upload("POST /api/cues", TestServer.TOKEN, false, TWO_MB);
        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        assertTrue(answer.contains("\"error\":\"payload_too_large\""), answer);
    }

    @Test
    void a_refusal_made_before_the_body_is_read_still_lets_the_client_finish_its_upload() {
        String unauthorized = upload("POST /api/cues", "wrong-token", true, TWO_MB);
        assertTrue(unauthorized.startsWith("HTTP/1.1 401 "), unauthorized);
        String notAllowed = upload("POST /live/pointer.json", TestServer.TOKEN, true, TWO_MB);
        assertTrue(notAllowed.startsWith("HTTP/1.1 405 "), notAllowed);
    }

    @Test
    void a_zone_range_of_four_numbers_is_refused_not_cut_to_its_first_two() {
        assertEquals(201, server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#102040\"}").statusCode());
        byte[] pointer = server.store.get(Pointer.KEY).orElseThrow().body();
        var res = server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#FF0000\",\"zone\":{\"seats\":[[0,4999,20000,24999]]}}");
        assertEquals(422, res.statusCode(), res.body());
        assertTrue(res.body().contains("exactly two whole seat numbers") && res.body().contains("[[0,4999],[20000,24999]]"), res.body());
        assertArrayEquals(pointer, server.store.get(Pointer.KEY).orElseThrow().body(), "nothing published");
    }

    @Test
    void a_go_after_a_dry_run_with_the_same_idempotency_key_publishes_and_a_blank_key_is_refused() {
        String cue = "{\"mode\":\"solid\",\"color\":\"#FF0000\"}";
        var preview = server.post("/api/cues?dry_run=true", cue, b -> b.header("Idempotency-Key", "k1"));
        assertTrue(preview.statusCode() < 300, preview.body());
        var go = server.post("/api/cues", cue, b -> b.header("Idempotency-Key", "k1"));
        assertEquals(201, go.statusCode(), go.body());
        assertTrue(server.store.get(Pointer.KEY).isPresent(), "the GO published");
        var blank = server.post("/api/cues", cue, b -> b.header("Idempotency-Key", " "));
        assertEquals(422, blank.statusCode(), blank.body());
    }

    @Test
    void head_on_the_origin_keys_and_the_app_carries_the_headers_get_sends() {
        assertEquals(201, server.post("/api/cues", "{\"mode\":\"solid\",\"color\":\"#102040\"}").statusCode());
        try (RawClient client = new RawClient(server.app.port(), 10_000)) {
            for (String path : new String[]{"/live/pointer.json", "/states/1.json", "/show", "/sw.js", "/lib/show.js", "/time"}) {
                byte[] get = ("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                byte[] head = ("HEAD " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                RawClient.Exchange g = client.send(get, new byte[0], 1, false);
                RawClient.Exchange h = client.send(head, new byte[0], 1, true);
                assertEquals(200, h.status(), path);
                assertEquals(g.header("cache-control"), h.header("cache-control"), path);
                assertEquals(g.header("content-type"), h.header("content-type"), path);
                assertEquals(g.header("etag"), h.header("etag"), path);
                assertTrue(h.header("cache-control") != null && h.header("content-type") != null, path + " " + h.headers());
            }
            RawClient.Exchange missing = client.send("HEAD /states/99.json HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                    new byte[0], 1, true);
            assertEquals(404, missing.status(), "HEAD of a missing state is a 404 like its GET");
            assertNull(missing.header("etag"));
        }
    }

    /**
     * Sends the body as a phone or script on a slower link would, without waiting for an answer, then reads the
     * answer. A reset while sending or reading fails the test with the exception.
     */
    private String upload(String requestLine, String token, boolean chunked, int size) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.app.port()), 5_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + size + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] piece = new byte[16 * 1024];
            java.util.Arrays.fill(piece, (byte) ' ');
            for (int sent = 0; sent < size; sent += piece.length) {
                if (chunked) {
                    out.write((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(piece);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                LockSupport.parkNanos(200_000); // a link slower than loopback: the server answers while we still send
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            return readAnswer(socket.getInputStream());
        } catch (IOException e) {
            throw new AssertionError("the connection failed instead of answering: " + e, e);
        }
    }


    @Test
    void a_cue_whose_mode_holds_invalid_utf8_is_refused_as_malformed_json_naming_the_byte() throws IOException {
        for (String path : new String[]{"/api/cues", "/api/cues?dry_run=true"}) {
            byte[] body = "{\"mode\":\"\u0000solid\",\"color\":\"#FF0000\"}".getBytes(StandardCharsets.ISO_8859_1);
            body[9] = (byte) 0xFF; // not a byte UTF-8 ever uses
            try (RawClient client = new RawClient(server.app.port(), 10_000)) {
                byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestServer.TOKEN
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                RawClient.Exchange answer = client.send(head, body, 65_536, false);
                assertEquals(400, answer.status(), answer.bodyText());
                assertTrue(answer.bodyText().contains("\"error\":\"malformed_json\"") && answer.bodyText().contains("0xff"), answer.bodyText());
            }
        }
        assertTrue(server.store.get(Pointer.KEY).isEmpty(), "nothing published");
    }

    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            answer.write(buffer, 0, n);
            String text = answer.toString(StandardCharsets.UTF_8);
            int headEnd = text.indexOf("\r\n\r\n");
            var length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(text);
            if (headEnd > 0 && length.find() && answer.size() >= headEnd + 4 + Integer.parseInt(length.group(1))) {
                return text;
            }
        }
        return answer.toString(StandardCharsets.UTF_8);
    }
}
