package dev.cuecast.api;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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
            if (socket == null) {
                open();
            }
            requestsOnConnection++;
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
            lastAnswerNanos = System.nanoTime();
            String connection = answer.header("connection");
            boolean asked = new String(head, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n");
            if (asked || connection != null && connection.toLowerCase(Locale.ROOT).contains("close")) {
                close();
            }
            return answer;
        } catch (IOException e) {
            String where = " (request " + requestsOnConnection + " on this connection" + (reused ? ", which was idle "
                    + idleMs + " ms before it" : ", a new one") + ")";
            close();
            return new Exchange(-1, Map.of(), new byte[0], e.getClass().getSimpleName() + ": " + e.getMessage() + where);
        }
    }

    private void open() throws IOException {
        requestsOnConnection = 0;
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
        socket.setSoTimeout(timeoutMs);
        in = new BufferedInputStream(socket.getInputStream(), 16_384);
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
