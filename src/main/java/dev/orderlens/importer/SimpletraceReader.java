package dev.orderlens.importer;

import dev.orderlens.model.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the records of a QEMU simpletrace file, log version 4 (QEMU's trace/simple.c and
 * scripts/simpletrace.py): a header of three u64 ({@code ~0}, magic {@code 0xf2b177cb0aa429b4},
 * version 4), then records, each starting with a u64 type. Type 0 maps an event id to a name (u64
 * id, u32 length, the name); type 1 is an event: u64 id, u64 timestamp in ns, u32 record length
 * (the 24-byte header included), u32 pid, then the arguments, each a u64, or a u32 length and the
 * bytes for a string. Id {@code ~0 - 1} is QEMU's dropped-events record (one u64: how many events
 * its full trace buffer dropped). Values are in the writing host's byte order, told by the magic.
 *
 * <p>Mapping records are consumed here; {@link #next} stops at events. A record that cannot be
 * decoded is skipped by its length when the length is sane, else by scanning to the next plausible
 * record, and reported with the file's byte offset; a file that ends inside a record ends there.
 */
final class SimpletraceReader {
    static final long HEADER_EVENT_ID = -1L;
    static final long MAGIC = 0xf2b177cb0aa429b4L;
    static final long VERSION = 4;
    static final long DROPPED_EVENT_ID = -2L;
    static final int HEADER = 24;
    static final int EVENT_HEADER = 24;

    /** No QEMU event comes near: at most a few dozen arguments, strings cut at 512 bytes. */
    static final int MAX_RECORD = 1 << 16;

    static final int MAX_NAME = 1024;

    /** Event ids are u32 in QEMU (trace_record_start); a mapping beyond this is corrupt. */
    static final long MAX_ID = 1 << 20;

    /** What {@link #next} stopped at. */
    enum Kind {
        /** An event whose layout is known: {@link #args} hold its arguments. */
        EVENT,
        /** An event with a name but no shipped layout: only its name and time are known. */
        UNDECODED,
        /** QEMU's dropped-events record: {@link #dropped} events were lost before it. */
        DROPPED
    }

    private final String name;
    private final InputStream in;
    private final SourceFile source;
    private final byte[] buf = new byte[2 * MAX_RECORD];
    private int pos;
    private int lim;
    private long base; // file offset of buf[0]
    private boolean eof;
    private boolean little = true;

    /** Event names and layouts by id (ids are small: QEMU numbers its events from 0). */
    private String[] names = new String[1024];

    private QemuEventLayout[] layouts = new QemuEventLayout[1024];

    // the current event
    Kind kind;
    long offset;
    long timestamp;
    int pid;
    String event;
    long dropped;
    final SimpletraceArgs args = new SimpletraceArgs();

    /** Records skipped because their layout does not match their length, by event name. */
    final Map<String, Integer> mismatched = new HashMap<>();

    SimpletraceReader(String name, InputStream in, SourceFile source) {
        this.name = name;
        this.in = in;
        this.source = source;
    }

    /** Whether these bytes start with a simpletrace header (either byte order). */
    static boolean isSimpletrace(byte[] b) {
        return b.length >= HEADER
                && le64(b, 0) == HEADER_EVENT_ID
                && (le64(b, 8) == MAGIC || le64(b, 8) == Long.reverseBytes(MAGIC));
    }

    /** Reads the header; throws naming the byte offset when it is not log version 4. */
    void header() throws IOException, ImportException {
        if (!fill(HEADER)) {
            throw new ImportException(
                    name, 0, "not a QEMU simpletrace file: " + (lim - pos) + " bytes, no header");
        }
        long id = le64(buf, pos);
        long magic = le64(buf, pos + 8);
        if (id != HEADER_EVENT_ID || (magic != MAGIC && magic != Long.reverseBytes(MAGIC))) {
            throw new ImportException(
                    name,
                    0,
                    "byte 0: not a QEMU simpletrace file: expected the header ~0, magic 0x"
                            + Long.toHexString(MAGIC)
                            + ", found 0x"
                            + Long.toHexString(id)
                            + ", 0x"
                            + Long.toHexString(magic));
        }
        little = magic == MAGIC;
        long version = u64(pos + 16);
        if (version != VERSION) {
            throw new ImportException(
                    name,
                    0,
                    "byte 16: simpletrace log version "
                            + version
                            + "; OrderLens reads version 4 (QEMU 2.7 and later)");
        }
        pos += HEADER;
    }

    /** Advances to the next event record; false at the end of the file. */
    boolean next() throws IOException {
        while (true) {
            if (!fill(8)) {
                truncated(8);
                return false;
            }
            long type = u64(pos);
            if (type == 0) {
                if (!mapping()) {
                    return false;
                }
            } else if (type == 1) {
                Boolean read = event();
                if (read == null) {
                    return false;
                }
                if (read) {
                    return true;
                }
            } else {
                resync("expected a record type (0 mapping, 1 event), found 0x" + hex(type));
            }
        }
    }

    /** A type-0 record; false when the file ends inside it. */
    private boolean mapping() throws IOException {
        if (!fill(20)) {
            truncated(20);
            return false;
        }
        long id = u64(pos + 8);
        int len = u32(pos + 16);
        if (len <= 0 || len > MAX_NAME) {
            resync("a mapping record's name length is " + Integer.toUnsignedString(len));
            return true;
        }
        if (!fill(20 + len)) {
            truncated(20 + len);
            return false;
        }
        String n = new String(buf, pos + 20, len, StandardCharsets.ISO_8859_1);
        if (!eventName(n)) {
            resync("a mapping record's name is not an event name");
            return true;
        }
        if (Long.compareUnsigned(id, MAX_ID) >= 0) {
            resync("a mapping record's event id " + Long.toUnsignedString(id) + " is too big");
            return true;
        }
        int i = (int) id;
        if (i >= names.length) {
            int size = Math.max(i + 1, names.length * 2);
            names = java.util.Arrays.copyOf(names, size);
            layouts = java.util.Arrays.copyOf(layouts, size);
        }
        names[i] = n.intern();
        layouts[i] = QemuEventLayouts.get(n);
        pos += 20 + len;
        return true;
    }

    /** A type-1 record: true when it is returned, false when skipped, null at a truncated end. */
    private Boolean event() throws IOException {
        if (!fill(8 + EVENT_HEADER)) {
            truncated(8 + EVENT_HEADER);
            return null;
        }
        long id = u64(pos + 8);
        long length = u32(pos + 24) & 0xffff_ffffL;
        if (length < EVENT_HEADER || length > MAX_RECORD) {
            resync("an event record's length is " + length + " (the header alone is 24 bytes)");
            return false;
        }
        int total = 8 + (int) length;
        if (!fill(total)) {
            truncated(total);
            return null;
        }
        offset = base + pos;
        timestamp = u64(pos + 16);
        pid = u32(pos + 28);
        int at = pos + 8 + EVENT_HEADER;
        int end = pos + total;
        if (id == DROPPED_EVENT_ID) {
            if (end - at != 8) {
                skipRecord(total, "a dropped-events record holds " + (end - at) + " bytes, not 8");
                return false;
            }
            dropped = u64(at);
            kind = Kind.DROPPED;
            pos = end;
            return true;
        }
        String n = known(id) ? names[(int) id] : null;
        if (n == null) {
            skipRecord(total, "event id " + Long.toUnsignedString(id) + " has no mapping record");
            return false;
        }
        event = n;
        QemuEventLayout l = layouts[(int) id];
        if (l == null) {
            args.bind(null);
            kind = Kind.UNDECODED;
            pos = end;
            return true;
        }
        args.bind(l);
        boolean[] strings = l.strings();
        for (int i = 0; i < strings.length; i++) {
            if (strings[i]) {
                int len = at + 4 <= end ? u32(at) : -1;
                if (len < 0 || len > end - at - 4) {
                    return mismatch(l, total);
                }
                args.strings[i] = new String(buf, at + 4, len, StandardCharsets.UTF_8);
                at += 4 + len;
            } else {
                if (at + 8 > end) {
                    return mismatch(l, total);
                }
                args.values[i] = l.value(i, u64(at));
                at += 8;
            }
        }
        if (at != end) {
            return mismatch(l, total);
        }
        kind = Kind.EVENT;
        pos = end;
        return true;
    }

    private boolean mismatch(QemuEventLayout l, int total) {
        mismatched.merge(l.name(), 1, Integer::sum);
        skipRecord(
                total,
                l.name()
                        + ": the record's "
                        + (total - 8 - EVENT_HEADER)
                        + " bytes of arguments do not match QEMU "
                        + QemuEventLayouts.VERSION
                        + "'s "
                        + l.name()
                        + " ("
                        + l.arity()
                        + " arguments)");
        return false;
    }

    private void skipRecord(int total, String why) {
        source.skip(0, "byte " + (base + pos) + ": " + why + "; skipped the record");
        pos += total;
    }

    private void truncated(int need) {
        if (lim - pos > 0) {
            source.skip(
                    0,
                    "byte "
                            + (base + pos)
                            + ": the file ends inside a record ("
                            + (lim - pos)
                            + " of at least "
                            + need
                            + " bytes)");
            pos = lim;
        }
    }

    /** Skips to the next offset where a plausible record starts, and reports what was skipped. */
    private void resync(String why) throws IOException {
        long start = base + pos;
        pos++;
        while (true) {
            if (!fill(8 + EVENT_HEADER) && lim - pos < 8) {
                pos = lim;
                break;
            }
            if (plausible()) {
                break;
            }
            pos++;
        }
        source.skip(
                0, "byte " + start + ": " + why + "; skipped " + (base + pos - start) + " bytes");
    }

    /** Whether a record that could have been written by QEMU starts at {@code pos}. */
    private boolean plausible() {
        long type = u64(pos);
        if (type == 1 && lim - pos >= 8 + EVENT_HEADER) {
            long id = u64(pos + 8);
            long length = u32(pos + 24) & 0xffff_ffffL;
            return (known(id) || id == DROPPED_EVENT_ID)
                    && length >= EVENT_HEADER
                    && length <= MAX_RECORD;
        }
        if (type == 0 && lim - pos >= 20) {
            long id = u64(pos + 8);
            int len = u32(pos + 16);
            return id >= 0 && id < MAX_ID && len > 0 && len <= 64;
        }
        return false;
    }

    private boolean known(long id) {
        return id >= 0 && id < names.length && names[(int) id] != null;
    }

    private static boolean eventName(String n) {
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (!(c == '_'
                    || c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** Makes at least {@code n} bytes available at {@code pos}; false if the stream ends first. */
    private boolean fill(int n) throws IOException {
        if (lim - pos >= n) {
            return true;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            base += pos;
            lim -= pos;
            pos = 0;
        }
        while (!eof && lim < n) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
            } else {
                lim += r;
            }
        }
        return lim - pos >= n;
    }

    private int u32(int at) {
        int v =
                (buf[at] & 0xff)
                        | (buf[at + 1] & 0xff) << 8
                        | (buf[at + 2] & 0xff) << 16
                        | (buf[at + 3] & 0xff) << 24;
        return little ? v : Integer.reverseBytes(v);
    }

    private long u64(int at) {
        long v = le64(buf, at);
        return little ? v : Long.reverseBytes(v);
    }

    private static final VarHandle LE64 =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static long le64(byte[] b, int at) {
        return (long) LE64.get(b, at);
    }

    private static String hex(long v) {
        return Long.toHexString(v);
    }
}
