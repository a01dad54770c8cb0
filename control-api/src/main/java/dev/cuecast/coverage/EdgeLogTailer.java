package dev.cuecast.coverage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Follows the local edge's access log ({@code scripts/run --coverage-log PATH}) like {@code tail -F}: new lines
 * go to the sink as they are flushed; a rotated file (new inode at the path) is read from its start, a
 * truncated one from its start again; a missing file is waited for. Memory is bounded: at most
 * {@link #CHUNK} bytes are read per step and an unfinished line longer than {@link #MAX_LINE} is dropped.
 */
public final class EdgeLogTailer implements AutoCloseable {
    static final int CHUNK = 1 << 20;
    static final int MAX_LINE = 4096;
    /** On start, only the end of an existing log is read: older lines are outside every window anyway. */
    static final long START_BACKLOG = 8L << 20;
    private final Path path;
    private final Consumer<String> sink;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
    private final StringBuilder partial = new StringBuilder();
    private FileChannel channel;
    private Object fileKey;
    private long position;
    private boolean skipToNewline;
    private boolean firstOpen = true;
    /** Polls the rotated-away file has stayed quiet since it was last read. */
    private int quietPolls;
    private final ReaderLoop loop;

    public EdgeLogTailer(Path path, Consumer<String> sink, long pollMs) {
        this(path, sink, pollMs, Thread::sleep);
    }

    EdgeLogTailer(Path path, Consumer<String> sink, long pollMs, ReaderLoop.Sleeper sleeper) {
        this.path = Objects.requireNonNull(path);
        this.sink = sink;
        // A backlog is drained a chunk at a time without pausing. A log that cannot be read (its directory gone, an
        // I/O error) is reopened at most once a second: no point in hammering a broken disk, no doubling either,
        // since the edge's log is local and usually back at once.
        long retryMs = Math.max(pollMs, 1000);
        this.loop = new ReaderLoop("coverage-edge-log", "reading " + path, new ReaderLoop.Reader() {
            @Override
            public boolean read() throws IOException {
                return step() > 0;
            }

            @Override
            public void reset() {
                closeChannel();
            }
        }, new ReaderLoop.Pacing(pollMs, retryMs, retryMs), sleeper);
    }

    public void start() {
        loop.start();
    }

    /** The reading loop on the calling thread (tests, with their own sleeper). */
    void runLoop() {
        loop.run();
    }

    /** Reads what is new (at most one chunk); returns the number of bytes read. Package-private for tests. */
    int step() throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            attrs = null; // rotated away and not yet recreated, or the edge not started yet
        }
        if (channel != null && (attrs == null || !Objects.equals(attrs.fileKey(), fileKey))) {
            // Rotated: nginx workers still flush their buffers into the renamed file until each reopens its log, so
            // read the old file to its end, and once more a poll later, before moving to the new one.
            int n = readChunk();
            if (n > 0) {
                quietPolls = 0;
                return n;
            }
            if (attrs == null || ++quietPolls < 2) {
                return 0;
            }
            reopen(attrs);
        } else if (attrs == null) {
            return 0;
        } else if (channel == null) {
            reopen(attrs);
        } else if (attrs.size() < position) {
            position = 0; // truncated (copytruncate, or "> access.log"): start over
            partial.setLength(0);
        }
        return readChunk();
    }

    private int readChunk() throws IOException {
        buffer.clear();
        int n = channel.read(buffer, position);
        if (n <= 0) {
            return 0;
        }
        position += n;
        buffer.flip();
        consume(buffer);
        return n;
    }

    private void reopen(BasicFileAttributes attrs) throws IOException {
        boolean rotated = channel != null;
        quietPolls = 0;
        closeChannel();
        channel = FileChannel.open(path, StandardOpenOption.READ);
        fileKey = attrs.fileKey();
        partial.setLength(0);
        // The first file may be long: start near its end (and drop the line cut there). A rotated-in file is new:
        // read it whole.
        position = !rotated && firstOpen ? Math.max(0, channel.size() - START_BACKLOG) : 0;
        skipToNewline = position > 0;
        firstOpen = false;
    }

    private void consume(ByteBuffer bytes) {
        // Lines are ASCII (nginx escapes other bytes as \xNN), so decoding chunk by chunk is safe.
        String text = StandardCharsets.ISO_8859_1.decode(bytes).toString();
        int start = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
            if (skipToNewline) {
                skipToNewline = false;
            } else if (partial.length() + (nl - start) <= MAX_LINE) {
                partial.append(text, start, nl);
                sink.accept(partial.toString());
            }
            partial.setLength(0);
            start = nl + 1;
        }
        if (!skipToNewline && partial.length() + (text.length() - start) <= MAX_LINE) {
            partial.append(text, start, text.length());
        } else {
            partial.setLength(0);
            skipToNewline = true; // an overlong line: skip the rest of it
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do: we only read
            }
            channel = null;
        }
    }

    /** Why the last read failed, or null while reading works (a missing file is waited for, not a failure). */
    String failure() {
        return loop.failure();
    }

    @Override
    public void close() {
        loop.stop();
        closeChannel();
    }
}
