package dev.orderlens.export;

import dev.orderlens.importer.ImportException;
import dev.orderlens.importer.ImportInput;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceColumns;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The on-disk trace cache (ADR 0360): after an import, the built trace's columns go to one file
 * named by a hash of what was read (each input's real path, size and modification time, the import
 * options, this format's version and the code that imported it); opening the same unchanged inputs
 * with the same options again reads that file through a memory mapping instead of parsing.
 *
 * <p>A file is used only when its header, its key, its length and the CRC-32C of all its bytes
 * check out; anything else is one logged line and a fresh import, never a wrong trace. Files are
 * written to a temporary sibling and renamed into place. The directory is kept under a size bound
 * by removing the least recently used files.
 */
public final class TraceCache {
    private static final System.Logger LOG = System.getLogger(TraceCache.class.getName());

    /** Bump when the layout of {@link TraceColumns} or of this file changes. */
    static final int FORMAT_VERSION = 1;

    static final String SUFFIX = ".trace-cache";
    private static final byte[] MAGIC = "OLCACHE\0".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 32;
    private static final int MAX_KEY = 1 << 20;

    /** Default bound of the directory: 8 GiB (a 100 M-request trace is about 5 GB). */
    public static final long DEFAULT_MAX_BYTES = 8L << 30;

    private final Path dir;
    private final long maxBytes;

    public TraceCache(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /**
     * The user's cache: {@code -Dorderlens.cacheDir}, else {@code $XDG_CACHE_HOME/orderlens}, else
     * {@code ~/.cache/orderlens}; bounded by {@code ORDERLENS_CACHE_MAX} (bytes, or with a k, m or
     * g suffix), default {@link #DEFAULT_MAX_BYTES}. Null when {@code -Dorderlens.cache=off}.
     */
    public static TraceCache userDefault() {
        if ("off".equals(System.getProperty("orderlens.cache"))) {
            return null;
        }
        String given = System.getProperty("orderlens.cacheDir");
        Path dir;
        if (given != null && !given.isEmpty()) {
            dir = Path.of(given);
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            dir =
                    xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()
                            ? Path.of(xdg, "orderlens")
                            : Path.of(System.getProperty("user.home"), ".cache", "orderlens");
        }
        return new TraceCache(dir, maxBytes(System.getenv("ORDERLENS_CACHE_MAX")));
    }

    static long maxBytes(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_MAX_BYTES;
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        switch (t.charAt(t.length() - 1)) {
            case 'k' -> unit = 1L << 10;
            case 'm' -> unit = 1L << 20;
            case 'g' -> unit = 1L << 30;
            default -> {}
        }
        try {
            long n = Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1));
            return n < 0 ? DEFAULT_MAX_BYTES : n * unit;
        } catch (NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "ORDERLENS_CACHE_MAX=" + text + " ignored");
            return DEFAULT_MAX_BYTES;
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * What a cache entry stands for: its text (stored in the file and compared on read, so even a
     * hash collision cannot give another trace) and the file name derived from it.
     */
    public record Key(String text, String fileName) {}

    /** A trace and whether it came from the cache; {@code toWrite} is the key to store it under. */
    public record Loaded(Trace trace, boolean fromCache, Key toWrite) {}

    /**
     * Opens the inputs: from the cache when an entry for them is there and sound, else by
     * importing. An import's trace is not written here: call {@link #write} when it suits (the app
     * does after its first frame).
     */
    public Loaded open(List<TraceLoader.FileSpec> specs, Progress progress)
            throws IOException, ImportException {
        Key key = keyOf(specs);
        if (key != null) {
            Trace cached = read(key);
            if (cached != null) {
                return new Loaded(cached, true, null);
            }
        }
        Trace trace = TraceLoader.load(specs, progress);
        // an input changed while it was read: its entry would describe neither version
        boolean unchanged = key != null && key.equals(keyOf(specs));
        return new Loaded(trace, false, unchanged ? key : null);
    }

    /** The key of these inputs with these options, or null when one is not a plain file. */
    public static Key keyOf(List<TraceLoader.FileSpec> specs) {
        StringBuilder text = new StringBuilder();
        text.append("OrderLens trace cache ").append(FORMAT_VERSION).append('\n');
        text.append("code ").append(CodeFingerprint.get()).append('\n');
        try {
            for (TraceLoader.FileSpec spec : specs) {
                ImportInput in = spec.input();
                text.append("input format=")
                        .append(spec.format())
                        .append(" layer=")
                        .append(spec.layer())
                        .append(" offset=")
                        .append(spec.offsetSeconds())
                        .append('\n');
                List<ImportInput> files = in.parts().isEmpty() ? List.of(in) : in.parts();
                for (ImportInput f : files) {
                    if (f.path() == null) {
                        return null; // standard input, a resource: nothing to name it by
                    }
                    Path real = f.path().toRealPath();
                    text.append(" file ")
                            .append(real)
                            .append(' ')
                            .append(Files.size(real))
                            .append(' ')
                            .append(Files.getLastModifiedTime(real).to(TimeUnit.NANOSECONDS))
                            .append('\n');
                }
            }
        } catch (IOException e) {
            return null;
        }
        String t = text.toString();
        return new Key(t, sha256(t).substring(0, 32) + SUFFIX);
    }

    /** The trace stored under the key, or null (missing, stale or damaged: logged). */
    public Trace read(Key key) {
        Path file = dir.resolve(key.fileName());
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Trace t = read(ch, key);
            try {
                Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            } catch (IOException e) {
                // a read-only cache still serves; it just ages by its write time
            }
            return t;
        } catch (IOException | RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "trace cache " + file + " ignored (" + e.getMessage() + "); importing again");
            return null;
        }
    }

    /** Reads and checks one cache file; any doubt is an IOException saying what was wrong. */
    static Trace read(FileChannel ch, Key key) throws IOException {
        long size = ch.size();
        if (size < HEADER) {
            throw new TraceColumns.Corrupt("shorter than its header: " + size + " bytes");
        }
        ByteBuffer head = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, head, 0);
        head.flip();
        byte[] magic = new byte[MAGIC.length];
        head.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new TraceColumns.Corrupt("not a trace cache file");
        }
        int version = head.getInt();
        int keyLength = head.getInt();
        long payloadLength = head.getLong();
        int payloadCrc = head.getInt();
        int headerCrc = head.getInt();
        if (version != FORMAT_VERSION) {
            throw new TraceColumns.Corrupt("format version " + version + ", not " + FORMAT_VERSION);
        }
        if (keyLength < 0 || keyLength > MAX_KEY || keyLength > size - HEADER) {
            throw new TraceColumns.Corrupt("a key length of " + keyLength);
        }
        ByteBuffer keyBytes = ByteBuffer.allocate(keyLength);
        readFully(ch, keyBytes, HEADER);
        CRC32C crc = new CRC32C();
        crc.update(head.array(), 0, HEADER - 4);
        crc.update(keyBytes.array());
        if ((int) crc.getValue() != headerCrc) {
            throw new TraceColumns.Corrupt("its header's checksum does not match");
        }
        if (!new String(keyBytes.array(), StandardCharsets.UTF_8).equals(key.text())) {
            throw new TraceColumns.Corrupt("written for other inputs");
        }
        long payloadStart = payloadStart(keyLength);
        if (payloadLength < 0 || payloadStart + payloadLength != size) {
            throw new TraceColumns.Corrupt(
                    size + " bytes, not the " + (payloadStart + payloadLength) + " it says");
        }
        CacheFileSource in = new CacheFileSource(ch, payloadStart, size);
        if (in.crcToEnd() != payloadCrc) {
            throw new TraceColumns.Corrupt("its contents' checksum does not match");
        }
        Trace t = TraceColumns.read(in);
        if (in.position() != size) {
            throw new TraceColumns.Corrupt("bytes left over after the trace");
        }
        return t;
    }

    /**
     * Stores a trace under its key: written to a temporary sibling, then renamed over any older
     * entry, then the directory trimmed to its bound. A failure (full disk, no permission) is one
     * logged line; the trace on screen is not affected.
     */
    public void write(Key key, Trace trace) {
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, key.fileName() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                write(ch, key, trace);
            }
            Path target = dir.resolve(key.fileName());
            try {
                Files.move(
                        tmp,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            evict(target);
        } catch (IOException | RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "trace cache not written in " + dir + ": " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // left for the next eviction's sweep of old temporaries
                }
            }
        }
    }

    static void write(FileChannel ch, Key key, Trace trace) throws IOException {
        byte[] keyBytes = key.text().getBytes(StandardCharsets.UTF_8);
        long payloadStart = payloadStart(keyBytes.length);
        ch.position(payloadStart);
        CacheFileSink out = new CacheFileSink(ch);
        TraceColumns.write(trace, out);
        out.flush();
        ByteBuffer head = ByteBuffer.allocate((int) payloadStart).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC);
        head.putInt(FORMAT_VERSION);
        head.putInt(keyBytes.length);
        head.putLong(out.written());
        head.putInt(out.crc());
        CRC32C crc = new CRC32C();
        crc.update(head.array(), 0, HEADER - 4);
        crc.update(keyBytes);
        head.putInt((int) crc.getValue());
        head.put(keyBytes);
        head.flip();
        long at = 0;
        while (head.hasRemaining()) {
            at += ch.write(head, at);
        }
    }

    /** The payload starts 8-byte aligned after the header and the key. */
    private static long payloadStart(int keyLength) {
        return (HEADER + keyLength + 7L) & ~7L;
    }

    /**
     * Removes the least recently used entries until the directory is within its bound (never the
     * one just written), and temporaries an interrupted write left more than an hour ago.
     */
    void evict(Path keep) throws IOException {
        List<Path> entries = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (var list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(SUFFIX) && Files.isRegularFile(p)) {
                    entries.add(p);
                } else if (name.contains(SUFFIX + ".")
                        && name.endsWith(".tmp")
                        && now - Files.getLastModifiedTime(p).toMillis() > 3_600_000) {
                    Files.deleteIfExists(p);
                }
            }
        }
        long total = 0;
        for (Path p : entries) {
            total += Files.size(p);
        }
        entries.sort(Comparator.comparingLong(TraceCache::lastUsed));
        for (Path p : entries) {
            if (total <= maxBytes) {
                break;
            }
            if (!p.equals(keep)) {
                total -= Files.size(p);
                Files.deleteIfExists(p);
            }
        }
    }

    private static long lastUsed(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, at);
            if (n < 0) {
                throw new TraceColumns.Corrupt("ends inside its header");
            }
            at += n;
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
