package dev.cuecast.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Raw-socket helpers for tests that need to see exactly what the server sends on the wire. */
final class RawHttp {
    private RawHttp() {
    }

    /** A POST over a fresh socket with {@code Expect: 100-continue}: the body is sent only if the server asks for it. @return {status, body} */
    static String[] postExpectContinue(int port, String path, String token, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                    + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = requireHead(in);
            if (head.startsWith("HTTP/1.1 100")) {
                out.write(bytes);
                out.flush();
                head = requireHead(in);
            }
            String status = head.substring(9, 12);
            return new String[]{status, new String(in.readAllBytes(), StandardCharsets.UTF_8)};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One response (head, then a Content-Length body unless it answers a HEAD) as text, skipping interim
     * {@code 100 Continue}; null when the connection ended (FIN or reset) before its first byte.
     */
    static String readAnswer(InputStream in, boolean headRequest) throws IOException {
        String text = readHead(in);
        if (text == null) {
            return null;
        }
        if (text.startsWith("HTTP/1.1 100 ")) {
            return readAnswer(in, headRequest);
        }
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return text + (headRequest ? "" : new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private static String requireHead(InputStream in) throws IOException {
        String head = readHead(in);
        if (head == null) {
            throw new IOException("connection closed before an answer");
        }
        return head;
    }

    /** A response head up to its blank line; null when the connection ended (FIN or reset) before its first byte. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b;
            try {
                b = in.read();
            } catch (java.net.SocketException e) {
                b = -1; // a reset: no answer
            }
            if (b < 0) {
                org.junit.jupiter.api.Assertions.assertEquals(0, head.size(), "the connection closed mid-answer: " + head);
                return null;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
