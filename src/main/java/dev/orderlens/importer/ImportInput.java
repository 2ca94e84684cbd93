package dev.orderlens.importer;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A file to import: its display name, its (decompressed) bytes and how far reading has got, for
 * progress bars. gzip and xz input are recognised by their magic bytes, not the file name.
 */
public final class ImportInput {
    private final String name;
    private final StreamOpener opener;
    private final long sizeBytes;
    private final java.util.List<ImportInput> parts;
    private final Path path; // the file read, null for bytes, resources and several-file inputs
    private volatile CountingStream counter;
    private volatile CountingStream inflated; // bytes out of the decompressor, null for plain files

    /** Opens the raw (possibly compressed) bytes. */
    @FunctionalInterface
    public interface StreamOpener {
        InputStream open() throws IOException;
    }

    public ImportInput(String name, StreamOpener opener, long sizeBytes) {
        this(name, opener, sizeBytes, java.util.List.of(), null);
    }

    private ImportInput(
            String name,
            StreamOpener opener,
            long sizeBytes,
            java.util.List<ImportInput> parts,
            Path path) {
        this.name = name;
        this.opener = opener;
        this.sizeBytes = sizeBytes;
        this.parts = parts;
        this.path = path;
    }

    /**
     * One input made of several files read together (blktrace's per-CPU files {@code sda.blktrace.0
     * ...}). Its stream is the first part's (for detection); {@link #parts} lists all of them.
     */
    public static ImportInput ofParts(String name, java.util.List<ImportInput> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no parts");
        }
        long size = parts.stream().mapToLong(ImportInput::sizeBytes).sum();
        ImportInput first = parts.get(0);
        return new ImportInput(name, first.opener, size, java.util.List.copyOf(parts), null);
    }

    /** The files of a several-file input, in order; empty for a single file. */
    public java.util.List<ImportInput> parts() {
        return parts;
    }

    /** Holds bytes already read (standard input, which can be read only once). */
    public static ImportInput ofBytes(String name, byte[] b) {
        return new ImportInput(name, () -> new ByteArrayInputStream(b), b.length);
    }

    public static ImportInput of(Path path) throws IOException {
        return new ImportInput(
                path.toString(),
                () -> Files.newInputStream(path),
                Files.size(path),
                java.util.List.of(),
                path);
    }

    /**
     * The file this input reads, or null when it is not one file (standard input, a resource, a
     * several-file input: see {@link #parts}). The trace cache names its entries by it.
     */
    public Path path() {
        return path;
    }

    /**
     * Why a path cannot be read as an input file, or null if it can. Only regular files (or
     * symlinks to them) are read: opening a FIFO, socket or terminal blocks until something writes
     * to it, and inputs are opened more than once (format detection, then the read), which standard
     * input cannot be.
     */
    public static String unreadableReason(Path path) {
        if (path.toString().equals("-")) {
            return "reading standard input is not supported (the input is read twice: once to"
                    + " detect its format); save it to a file first (a blktrace pipe: --format"
                    + " blktrace -)";
        }
        if (Files.isDirectory(path)) {
            return "is a directory, not a file";
        }
        if (!Files.exists(path)) {
            return "no such file";
        }
        if (!Files.isRegularFile(path)) {
            return "is not a regular file (a FIFO, socket or device would block or never end);"
                    + " save its content to a file first";
        }
        if (!Files.isReadable(path)) {
            return "cannot be read (permissions?)";
        }
        return null;
    }

    public static ImportInput ofString(String name, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new ImportInput(name, () -> new ByteArrayInputStream(b), b.length);
    }

    /** Opens a classpath resource (the bundled samples). */
    public static ImportInput ofResource(String name, Class<?> anchor, String resource)
            throws IOException {
        byte[] b;
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            b = in.readAllBytes();
        }
        return new ImportInput(name, () -> new ByteArrayInputStream(b), b.length);
    }

    public String name() {
        return name;
    }

    /** Size of the raw file in bytes (compressed size for compressed input). */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** Raw bytes consumed so far by the latest stream opened, for progress. */
    public long bytesRead() {
        if (!parts.isEmpty()) {
            long n = 0;
            for (ImportInput p : parts) {
                n += p.bytesRead();
            }
            return n;
        }
        CountingStream c = counter;
        return c == null ? 0 : c.count;
    }

    /** Bytes the decompressor gave so far (0 for a plain file), for "how far it got". */
    public long decompressedBytesRead() {
        if (!parts.isEmpty()) {
            long n = 0;
            for (ImportInput p : parts) {
                n += p.decompressedBytesRead();
            }
            return n;
        }
        CountingStream c = inflated;
        return c == null ? 0 : c.count;
    }

    /** Decompressed bytes. Each call opens a fresh stream. */
    public InputStream openStream() throws IOException {
        CountingStream raw = new CountingStream(new BufferedInputStream(opener.open(), 1 << 16));
        counter = raw;
        inflated = null;
        raw.mark(8);
        byte[] magic = raw.readNBytes(6);
        raw.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            inflated = new CountingStream(new GZIPInputStream(raw, 1 << 16));
            return new BufferedInputStream(inflated, 1 << 16);
        }
        if (magic.length >= 6
                && (magic[0] & 0xff) == 0xfd
                && magic[1] == '7'
                && magic[2] == 'z'
                && magic[3] == 'X'
                && magic[4] == 'Z'
                && magic[5] == 0) {
            inflated = new CountingStream(new XZInputStream(raw));
            return new BufferedInputStream(inflated, 1 << 16);
        }
        return raw;
    }

    /** Decompressed text as UTF-8; malformed bytes become U+FFFD rather than failing. */
    public BufferedReader openReader() throws IOException {
        var decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new BufferedReader(new InputStreamReader(openStream(), decoder), 1 << 16);
    }

    private static final class CountingStream extends FilterInputStream {
        private volatile long count;
        private long markCount;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }

        @Override
        public synchronized void mark(int limit) {
            super.mark(limit);
            markCount = count;
        }

        @Override
        public synchronized void reset() throws IOException {
            super.reset();
            count = markCount;
        }
    }
}
