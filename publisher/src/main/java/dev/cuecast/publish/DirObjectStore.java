package dev.cuecast.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * An {@link ObjectStore} on a local directory, for the embedded default and tests. Each key is a plain file
 * under the root (so the tree can be served or inspected as is); Cache-Control and Content-Type sit in a
 * sidecar under {@code .meta/}. Writes go to a temp file and are renamed into place, so readers see whole
 * objects only. Conditional writes hold a lock on {@code .lock}, which serialises writers across threads and
 * processes sharing the directory. The ETag is the quoted MD5 of the body, as S3 computes it for a single PUT.
 */
public final class DirObjectStore implements ObjectStore {
    private static final String META_DIR = ".meta";
    private static final String TMP_DIR = ".tmp";
    private static final String LOCK_FILE = ".lock";
    /**
     * A FileLock belongs to the whole JVM (a second lock from the same JVM throws), so threads and several
     * stores on one directory in one JVM first queue on this lock, then take the file lock against other processes.
     */
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path root;
    private final boolean durable;
    private final ReentrantLock jvmLock;

    /**
     * @param durable fsync each body before it is renamed into place, so an acknowledged write survives a power cut
     *                (a process crash never loses a renamed file either way)
     */
    public DirObjectStore(Path root, boolean durable) {
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
            Files.createDirectories(this.root.resolve(META_DIR));
            Files.createDirectories(this.root.resolve(TMP_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use directory " + root + " as an object store: " + e.getMessage(), e);
        }
        this.durable = durable;
        this.jvmLock = JVM_LOCKS.computeIfAbsent(this.root, p -> new ReentrantLock());
        removeAbandonedTemps();
    }

    /** Temp files a crashed writer left behind; an hour old is far beyond any write in progress. */
    private void removeAbandonedTemps() {
        long cutoff = System.currentTimeMillis() - 3_600_000L;
        try (Stream<Path> temps = Files.list(root.resolve(TMP_DIR))) {
            for (Path tmp : (Iterable<Path>) temps::iterator) {
                if (Files.getLastModifiedTime(tmp).toMillis() < cutoff) {
                    Files.deleteIfExists(tmp);
                }
            }
        } catch (IOException e) {
            // only housekeeping: a store that cannot tidy up still works
        }
    }

    public DirObjectStore(Path root) {
        this(root, true);
    }

    public Path root() {
        return root;
    }

    @Override
    public Optional<StoredObject> get(String key) {
        Path file = file(key);
        byte[] body;
        try {
            body = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key + ": " + e.getMessage(), e);
        }
        String[] meta = readMeta(key);
        return Optional.of(new StoredObject(key, body, etag(body), meta[0], meta[1]));
    }

    @Override
    public String createOnly(String key, byte[] body, CachePolicy policy) throws VersionConflictException {
        Path file = file(key);
        try (Locked ignored = lock()) {
            if (Files.exists(file)) {
                throw new VersionConflictException(key + " already exists");
            }
            return write(key, file, body, policy);
        }
    }

    @Override
    public String replaceIfMatch(String key, byte[] body, CachePolicy policy, String etag)
            throws VersionConflictException {
        Path file = file(key);
        try (Locked ignored = lock()) {
            byte[] current;
            try {
                current = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new VersionConflictException(key + " does not exist, so it cannot match " + etag);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + key + ": " + e.getMessage(), e);
            }
            String currentEtag = etag(current);
            if (!currentEtag.equals(etag)) {
                throw new VersionConflictException(key + " changed: its ETag is " + currentEtag + ", not " + etag);
            }
            return write(key, file, body, policy);
        }
    }

    @Override
    public List<String> list(String prefix) {
        int slash = prefix.lastIndexOf('/');
        if (slash >= 0) {
            checkKey(prefix.substring(0, slash));
        }
        Path dir = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        List<String> keys = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return d.equals(root.resolve(META_DIR)) || d.equals(root.resolve(TMP_DIR))
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String key = root.relativize(file).toString().replace('\\', '/');
                    if (attrs.isRegularFile() && key.startsWith(prefix) && !internal(key)) {
                        keys.add(key);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    // deleted while we walked (gc, another process): it is simply not listed
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + prefix + ": " + e.getMessage(), e);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public void delete(String key) {
        Path file = file(key);
        try (Locked ignored = lock()) {
            Files.deleteIfExists(file);
            Files.deleteIfExists(metaFile(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Called with the lock held. Headers other than the key's own ({@link CachePolicy#forKey}) go in a sidecar, written
     * first so a reader never sees a body without its headers. Each is
     * written to a temp file, fsynced, renamed into place, and then its directory is fsynced, so after a power cut
     * an acknowledged write is there whole, with its headers (when {@code durable}).
     */
    private String write(String key, Path file, byte[] body, CachePolicy policy) {
        try {
            Files.createDirectories(file.getParent());
            Path meta = metaFile(key);
            if (policy == CachePolicy.forKey(key)) {
                // the headers its key implies, which a read derives without a sidecar: two fsyncs fewer per new object
                // (a state or a history entry), which is most of a publish's time on this store
                if (Files.exists(meta)) {
                    Files.delete(meta);
                    syncDirectory(meta.getParent());
                }
            } else {
                Files.createDirectories(meta.getParent());
                byte[] sidecar = (policy.header() + "\n" + ContentTypes.forKey(key) + "\n").getBytes(StandardCharsets.UTF_8);
                if (!sameContent(meta, sidecar)) {
                    moveIntoPlace(writeTemp(sidecar, durable), meta);
                    syncDirectory(meta.getParent());
                }
            }
            moveIntoPlace(writeTemp(body, durable), file);
            syncDirectory(file.getParent());
            return etag(body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + key + ": " + e.getMessage(), e);
        }
    }

    /** Makes a rename durable: the directory entry itself must reach the disk. */
    private void syncDirectory(Path dir) throws IOException {
        if (!durable) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems (and platforms) cannot open or sync a directory; the rename is still atomic
            if (!(e instanceof java.nio.file.AccessDeniedException) && !"Is a directory".equals(e.getMessage())) {
                throw e;
            }
        }
    }

    private static boolean sameContent(Path file, byte[] expected) throws IOException {
        try {
            return Files.size(file) == expected.length && Arrays.equals(Files.readAllBytes(file), expected);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private Path writeTemp(byte[] bytes, boolean sync) throws IOException {
        Path tmp = root.resolve(TMP_DIR).resolve(UUID.randomUUID() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (sync) {
                ch.force(true);
            }
        }
        return tmp;
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private String[] readMeta(String key) {
        try {
            String[] lines = Files.readString(metaFile(key), StandardCharsets.UTF_8).split("\n");
            return new String[] {lines[0], lines.length > 1 ? lines[1] : ContentTypes.forKey(key)};
        } catch (NoSuchFileException e) {
            // lost, or written by hand or by an older tool: serve it with the headers its kind is written with
            return new String[] {CachePolicy.forKey(key).header(), ContentTypes.forKey(key)};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read headers of " + key + ": " + e.getMessage(), e);
        }
    }

    private Locked lock() {
        jvmLock.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = channel.lock();
            FileChannel ch = channel;
            return () -> {
                try {
                    fileLock.release();
                    ch.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot release the store lock: " + e.getMessage(), e);
                } finally {
                    jvmLock.unlock();
                }
            };
        } catch (IOException e) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            jvmLock.unlock();
            throw new UncheckedIOException("cannot lock " + root.resolve(LOCK_FILE) + ": " + e.getMessage(), e);
        }
    }

    private interface Locked extends AutoCloseable {
        @Override
        void close();
    }

    private Path file(String key) {
        checkKey(key);
        return root.resolve(key);
    }

    private Path metaFile(String key) {
        return root.resolve(META_DIR).resolve(key);
    }

    /** Keys are relative slash-separated paths; nothing may escape the root or touch the store's own files. */
    private static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("\\")) {
            throw new IllegalArgumentException("invalid object key \"" + key + "\"");
        }
        for (String segment : key.split("/")) {
            if (segment.isEmpty() || segment.startsWith(".")) {
                throw new IllegalArgumentException("invalid object key \"" + key + "\": empty or dot segment");
            }
        }
    }

    private static boolean internal(String key) {
        return key.startsWith(META_DIR + "/") || key.startsWith(TMP_DIR + "/") || key.equals(LOCK_FILE);
    }

    static String etag(byte[] body) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "DirObjectStore[" + root + "]";
    }
}
