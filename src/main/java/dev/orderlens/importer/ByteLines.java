package dev.orderlens.importer;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a text stream line by line into one reusable byte buffer, so the text importers scan fields
 * in place instead of making a String (and running a regex) per line. The current line is {@code
 * buf[start, end)} without its line terminator; {@link #lineNo} is 1-based.
 */
final class ByteLines {
    /** The longest line read (bytes): no trace line comes near it; a bomb's endless line does. */
    static final int MAX_LINE = 64 << 20;

    private final InputStream in;
    byte[] buf = new byte[1 << 16];
    int start;
    int end;
    int lineNo;
    private int fill;
    private int next;
    private boolean eof;

    ByteLines(InputStream in) {
        this.in = in;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        int scan = next;
        while (true) {
            byte[] b = buf;
            int f = fill;
            int i = indexOfNewline(b, scan, f);
            if (i >= 0) {
                start = next;
                end = i > start && b[i - 1] == '\r' ? i - 1 : i;
                next = i + 1;
                lineNo++;
                return true;
            }
            if (eof) {
                if (next < fill) {
                    start = next;
                    end = fill > start && b[fill - 1] == '\r' ? fill - 1 : fill;
                    next = fill;
                    lineNo++;
                    return true;
                }
                return false;
            }
            // keep the partial line, make room and read more
            int keep = fill - next;
            if (next > 0) {
                System.arraycopy(buf, next, buf, 0, keep);
            } else if (keep == buf.length) {
                if (buf.length >= MAX_LINE) {
                    // past this the buffer would take the heap (and past 1 GiB overflow an int)
                    throw new IOException(
                            "line "
                                    + (lineNo + 1)
                                    + " is longer than "
                                    + (MAX_LINE >> 20)
                                    + " MiB, the longest line OrderLens reads");
                }
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            next = 0;
            fill = keep;
            scan = keep;
            int n = in.read(buf, fill, buf.length - fill);
            if (n < 0) {
                eof = true;
            } else {
                fill += n;
            }
        }
    }

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * The first '\n' in b[from, to), or -1; tests 8 bytes at a time (the classic zero-byte trick).
     */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The current line as text (for problems and free-text fields only: not in the hot path). */
    String text() {
        return new String(buf, start, end - start, StandardCharsets.UTF_8);
    }

    /** The current line, cut to 120 characters, for error messages. */
    String excerpt() {
        String t = text();
        return t.length() > 120 ? t.substring(0, 117) + "..." : t;
    }

    boolean isBlank() {
        for (int i = start; i < end; i++) {
            if (buf[i] != ' ' && buf[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
