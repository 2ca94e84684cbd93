package dev.orderlens.export;

import dev.orderlens.model.TraceColumns;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads the cache's byte layout (see {@link CacheFileSink}) from a file through {@link
 * FileChannel#map}: arrays are bulk-copied out of the mapping, which is taken in windows of at most
 * {@value #WINDOW} bytes so a file over 2 GiB reads too. Every length is checked against the bytes
 * left before anything is allocated; reading past the end is {@link TraceColumns.Corrupt}.
 */
final class CacheFileSource implements TraceColumns.Source {
    static final long WINDOW = 1L << 30;

    private final FileChannel channel;
    private final long end;
    private long pos;
    private MappedByteBuffer window;
    private long windowStart;

    CacheFileSource(FileChannel channel, long from, long end) {
        this.channel = channel;
        this.pos = from;
        this.end = end;
    }

    /** CRC-32C of the bytes from here to the end, read through the mapping. */
    int crcToEnd() throws IOException {
        CRC32C crc = new CRC32C();
        for (long at = pos; at < end; ) {
            long n = Math.min(WINDOW, end - at);
            crc.update(channel.map(FileChannel.MapMode.READ_ONLY, at, n));
            at += n;
        }
        return (int) crc.getValue();
    }

    long position() {
        return pos;
    }

    @Override
    public int i32() throws IOException {
        at(4);
        int v = window.getInt((int) (pos - windowStart));
        pos += 4;
        return v;
    }

    @Override
    public long i64() throws IOException {
        at(8);
        long v = window.getLong((int) (pos - windowStart));
        pos += 8;
        return v;
    }

    @Override
    public String string() throws IOException {
        int n = length(2);
        if (n < 0) {
            return null;
        }
        char[] c = new char[n];
        for (int off = 0; off < n; ) {
            at(2);
            int k = (int) Math.min(n - off, (windowEnd() - pos) / 2);
            window.position((int) (pos - windowStart));
            window.asCharBuffer().get(c, off, k);
            pos += 2L * k;
            off += k;
        }
        return new String(c);
    }

    @Override
    public long[] longs() throws IOException {
        int n = length(8);
        if (n < 0) {
            return null;
        }
        long[] a = new long[n];
        for (int off = 0; off < n; ) {
            at(8);
            int k = (int) Math.min(n - off, (windowEnd() - pos) / 8);
            window.position((int) (pos - windowStart));
            window.asLongBuffer().get(a, off, k);
            pos += 8L * k;
            off += k;
        }
        return a;
    }

    @Override
    public int[] ints() throws IOException {
        int n = length(4);
        if (n < 0) {
            return null;
        }
        int[] a = new int[n];
        for (int off = 0; off < n; ) {
            at(4);
            int k = (int) Math.min(n - off, (windowEnd() - pos) / 4);
            window.position((int) (pos - windowStart));
            window.asIntBuffer().get(a, off, k);
            pos += 4L * k;
            off += k;
        }
        return a;
    }

    @Override
    public short[] shorts() throws IOException {
        int n = length(2);
        if (n < 0) {
            return null;
        }
        short[] a = new short[n];
        for (int off = 0; off < n; ) {
            at(2);
            int k = (int) Math.min(n - off, (windowEnd() - pos) / 2);
            window.position((int) (pos - windowStart));
            window.asShortBuffer().get(a, off, k);
            pos += 2L * k;
            off += k;
        }
        return a;
    }

    @Override
    public byte[] bytes() throws IOException {
        int n = length(1);
        if (n < 0) {
            return null;
        }
        byte[] a = new byte[n];
        for (int off = 0; off < n; ) {
            at(1);
            int k = (int) Math.min(n - off, windowEnd() - pos);
            window.position((int) (pos - windowStart));
            window.get(a, off, k);
            pos += k;
            off += k;
        }
        return a;
    }

    /** An array's length (-1: none), bounded by the bytes left before anything is allocated. */
    private int length(int elementBytes) throws IOException {
        int n = i32();
        if (n < -1) {
            throw new TraceColumns.Corrupt("a negative length at byte " + (pos - 4));
        }
        if (n > 0 && (long) n * elementBytes > end - pos) {
            throw new TraceColumns.Corrupt(
                    "a length of " + n + " at byte " + (pos - 4) + " runs past the file's end");
        }
        return n;
    }

    private long windowEnd() {
        return windowStart + window.capacity();
    }

    /** Maps a window holding at least {@code bytes} from the position on. */
    private void at(int bytes) throws IOException {
        if (end - pos < bytes) {
            throw new TraceColumns.Corrupt("the file ends at byte " + end + " inside a value");
        }
        if (window == null || pos < windowStart || pos + bytes > windowEnd()) {
            windowStart = pos;
            window = channel.map(FileChannel.MapMode.READ_ONLY, pos, Math.min(WINDOW, end - pos));
            window.order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
