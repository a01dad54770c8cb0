package dev.cuecast.api;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately dumb HTTP/1.1 client over one keep-alive socket: it sends exactly the bytes it is given (bad
 * headers, chunked or oversized bodies included) and reads one response, so a fuzzer can tell a well-formed
 * answer from a reset or a malformed one. Not thread-safe; one per fuzzing thread.
 */
final class RawClient implements AutoCloseable {
    /** One exchange: {@code status} -1 means no well-formed answer ({@code failure} says why). */
    record Exchange(int status, Map<String, String> headers, byte[] body, String failure) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Answers that came while the request was still being sent (the rest of the upload was refused). */
    int earlyAnswers;
    /** Requests re-sent because the kept-alive connection turned out to be closed before they were sent. */
    int staleRetries;
    /**
     * Answers nobody asked for: bytes that were already waiting on a kept-alive connection before the next request
     * was sent (the server answered the previous request twice, or read part of its body as a second request). The
     * connection is dropped and the request sent on a new one, so the shift is caught here, at the request that
     * caused it, instead of surfacing later as someone else's answer.
     */
    final List<String> unsolicited = new ArrayList<>();
    /** The last few exchanges on this connection, raw (request head, body size and start, answer bytes). */
    private final java.util.ArrayDeque<String> recent = new java.util.ArrayDeque<>();
    private static final int RECENT = 6;
    /** {@link #history()} as it was when the last exchange failed (the connection is gone by then). */
    String lastFailureHistory = "";
    private static final int RECORD_CAP = 4_096;
    private final ByteArrayOutputStream answerBytes = new ByteArrayOutputStream();
    private final int port;
    private final int timeoutMs;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** For a failure's diagnosis: how many requests this connection carried, and when it last got an answer. */
    private int requestsOnConnection;
    private long lastAnswerNanos;

    RawClient(int port, int timeoutMs) {
        this.port = port;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Sends {@code head} then {@code body} in pieces of {@code pieceBytes} (a client streaming an upload) and reads
     * the answer. {@code headRequest}: the answer has no body whatever its headers say.
     */
    Exchange send(byte[] head, byte[] body, int pieceBytes, boolean headRequest) {
        boolean reused = socket != null;
        long idleMs = reused ? (System.nanoTime() - lastAnswerNanos) / 1_000_000 : 0;
        try {
            if (socket != null && in.available() > 0) {
                // Bytes before we asked: an extra answer to an earlier request on this connection
                byte[] extra = new byte[Math.min(in.available(), RECORD_CAP)];
                int n = in.read(extra);
                unsolicited.add(history() + "=== UNSOLICITED before request " + (requestsOnConnection + 1) + " on this connection ("
                        + n + " bytes waiting):\n" + new String(extra, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1) + "\n");
                close();
                reused = false;
            }
            if (socket == null) {
                open();
            }
            requestsOnConnection++;
            answerBytes.reset();
            IOException writeFailed = null;
            try {
                out.write(head);
                for (int i = 0; i < body.length; i += pieceBytes) {
                    out.write(body, i, Math.min(pieceBytes, body.length - i));
                }
                out.flush();
            } catch (IOException e) {
                writeFailed = e; // the server may have answered early and closed: read that answer, as curl does
            }
            Exchange answer;
            try {
                answer = read(headRequest);
            } catch (IOException e) {
                if (reused && writeFailed != null) {
                    // A kept-alive connection the server had already closed: clients retry on a new one
                    close();
                    staleRetries++;
                    return send(head, body, pieceBytes, headRequest);
                }
                throw writeFailed != null ? writeFailed : e;
            }
            if (writeFailed != null) {
                earlyAnswers++;
            }
            remember(head, body, answerBytes.toByteArray(), writeFailed);
            lastAnswerNanos = System.nanoTime();
            if (asked(head) || closes(answer.header("connection")) || ambiguousFraming(head, body)) {
                close();
            }
            return answer;
        } catch (IOException e) {
            remember(head, body, answerBytes.toByteArray(), null);
            lastFailureHistory = history();
            String where = " (request " + requestsOnConnection + " on this connection" + (reused ? ", which was idle "
                    + idleMs + " ms before it" : ", a new one") + ")";
            close();
            return new Exchange(-1, Map.of(), new byte[0], e.getClass().getSimpleName() + ": " + e.getMessage() + where);
        }
    }

    /** The request asked the server to close after answering ({@code Connection: close} in any case or spacing). */
    private static boolean asked(byte[] head) {
        return headerValues(head, "connection").stream().anyMatch(RawClient::closes);
    }

    private static boolean closes(String connection) {
        if (connection == null) {
            return false;
        }
        for (String token : connection.split(",")) {
            if (token.trim().equalsIgnoreCase("close")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The server may frame this request differently from the bytes sent: a Content-Length that is not the number
     * of body bytes, both Transfer-Encoding and Content-Length, a Transfer-Encoding other than a lone
     * {@code chunked}, or an {@code Expect} header (the server may answer before or without reading the body).
     * After the answer to such a request the connection carries nothing else: whatever the server makes of the
     * leftover bytes (a second answer, a close) would otherwise be read as the next request's answer.
     */
    static boolean ambiguousFraming(byte[] head, byte[] body) {
        List<String> lengths = headerValues(head, "content-length");
        List<String> encodings = headerValues(head, "transfer-encoding");
        if (!headerValues(head, "expect").isEmpty() || encodings.size() > 1 || !encodings.isEmpty() && !lengths.isEmpty()) {
            return true;
        }
        if (!encodings.isEmpty()) {
            return !encodings.get(0).trim().equalsIgnoreCase("chunked");
        }
        if (lengths.size() > 1) {
            return true;
        }
        long declared = lengths.isEmpty() ? 0 : parseLength(lengths.get(0));
        return declared != body.length;
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The values of header {@code name} (any case) in a raw request head, in order. */
    static List<String> headerValues(byte[] head, String name) {
        List<String> values = new ArrayList<>();
        String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase(name)) {
                values.add(lines[i].substring(colon + 1).trim());
            }
        }
        return values;
    }

    /** The last exchanges on the current connection, oldest first, for a failure's dump. */
    String history() {
        StringBuilder out = new StringBuilder();
        for (String e : recent) {
            out.append(e);
        }
        return out.toString();
    }

    boolean isOpen() {
        return socket != null;
    }

    private void remember(byte[] head, byte[] body, byte[] answer, IOException writeFailed) {
        if (recent.size() == RECENT) {
            recent.removeFirst();
        }
        recent.addLast("=== request " + requestsOnConnection + " on this connection: " + head.length + " head bytes, " + body.length
                + " body bytes" + (writeFailed == null ? "" : " (write failed: " + writeFailed.getMessage() + ")") + "\n"
                + new String(head, StandardCharsets.ISO_8859_1) + new String(body, 0, Math.min(body.length, 300), StandardCharsets.ISO_8859_1)
                + (body.length > 300 ? "...[" + (body.length - 300) + " more]" : "") + "\n--- answer (" + answer.length + " bytes read)\n"
                + new String(answer, StandardCharsets.ISO_8859_1) + "\n");
    }

    private void open() throws IOException {
        requestsOnConnection = 0;
        recent.clear();
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
        socket.setSoTimeout(timeoutMs);
        in = new BufferedInputStream(socket.getInputStream(), 16_384) {
            // every byte of an answer passes through here once: keep the first RECORD_CAP for a failure's dump
            @Override
            public synchronized int read() throws IOException {
                int b = super.read();
                if (b >= 0 && answerBytes.size() < RECORD_CAP) {
                    answerBytes.write(b);
                }
                return b;
            }

            @Override
            public synchronized int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0 && answerBytes.size() < RECORD_CAP) {
                    answerBytes.write(buf, off, Math.min(n, RECORD_CAP - answerBytes.size()));
                }
                return n;
            }
        };
        out = socket.getOutputStream();
    }

    private Exchange read(boolean headRequest) throws IOException {
        String statusLine = line();
        while (statusLine.isEmpty()) {
            statusLine = line();
        }
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("malformed status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + h);
            }
            headers.merge(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        if (status == 100) {
            return read(headRequest);
        }
        byte[] body;
        String length = headers.get("content-length");
        if (headRequest || status == 204 || status == 304) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked();
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
            if (body.length != Integer.parseInt(length)) {
                throw new IOException("body cut short: " + body.length + " of " + length + " bytes");
            }
        } else {
            body = in.readAllBytes();
            close();
        }
        return new Exchange(status, headers, body, null);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (;;) {
            int size = Integer.parseInt(line().split(";", 2)[0].trim(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            line();
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (;;) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed mid-response after \"" + line.toString(StandardCharsets.ISO_8859_1) + "\"");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (line.size() > 65_536) {
                throw new IOException("response line longer than 64 KiB");
            }
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a broken socket: nothing left to do
            }
        }
        socket = null;
    }
}
