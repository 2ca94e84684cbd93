package dev.orderlens.export;

import dev.orderlens.model.TraceColumns;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Writes a trace's columns to a channel in the cache's byte layout: little-endian, an array as its
 * length (-1 for none) and its values, a string as its UTF-16 length (-1 for null) and its chars,
 * so every string comes back exactly (no lossy re-encoding). Keeps the CRC-32C and the byte count
 * of all it wrote, for the header.
 */
final class CacheFileSink implements TraceColumns.Sink {
    private static final int BUFFER = 1 << 20;

    private final FileChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private long written;

    CacheFileSink(FileChannel channel) {
        this.channel = channel;
    }

    @Override
    public void i32(int v) throws IOException {
        room(4);
        buf.putInt(v);
    }

    @Override
    public void i64(long v) throws IOException {
        room(8);
        buf.putLong(v);
    }

    @Override
    public void string(String s) throws IOException {
        if (s == null) {
            i32(-1);
            return;
        }
        i32(s.length());
        int off = 0;
        while (off < s.length()) {
            room(2);
            int n = Math.min(s.length() - off, buf.remaining() / 2);
            for (int i = 0; i < n; i++) {
                buf.putChar(s.charAt(off + i));
            }
            off += n;
        }
    }

    @Override
    public void longs(long[] a) throws IOException {
        if (a == null) {
            i32(-1);
            return;
        }
        i32(a.length);
        for (int off = 0; off < a.length; ) {
            room(8);
            int n = Math.min(a.length - off, buf.remaining() / 8);
            buf.asLongBuffer().put(a, off, n);
            buf.position(buf.position() + n * 8);
            off += n;
        }
    }

    @Override
    public void ints(int[] a) throws IOException {
        if (a == null) {
            i32(-1);
            return;
        }
        i32(a.length);
        for (int off = 0; off < a.length; ) {
            room(4);
            int n = Math.min(a.length - off, buf.remaining() / 4);
            buf.asIntBuffer().put(a, off, n);
            buf.position(buf.position() + n * 4);
            off += n;
        }
    }

    @Override
    public void shorts(short[] a) throws IOException {
        if (a == null) {
            i32(-1);
            return;
        }
        i32(a.length);
        for (int off = 0; off < a.length; ) {
            room(2);
            int n = Math.min(a.length - off, buf.remaining() / 2);
            buf.asShortBuffer().put(a, off, n);
            buf.position(buf.position() + n * 2);
            off += n;
        }
    }

    @Override
    public void bytes(byte[] a) throws IOException {
        if (a == null) {
            i32(-1);
            return;
        }
        i32(a.length);
        for (int off = 0; off < a.length; ) {
            room(1);
            int n = Math.min(a.length - off, buf.remaining());
            buf.put(a, off, n);
            off += n;
        }
    }

    /** Writes out what is buffered. */
    void flush() throws IOException {
        buf.flip();
        crc.update(buf.duplicate());
        written += buf.remaining();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        buf.clear();
    }

    long written() {
        return written;
    }

    int crc() {
        return (int) crc.getValue();
    }

    private void room(int bytes) throws IOException {
        if (buf.remaining() < bytes) {
            flush();
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new java.io.InterruptedIOException("cache write interrupted");
        }
    }
}
