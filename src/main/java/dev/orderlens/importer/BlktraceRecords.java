package dev.orderlens.importer;

import dev.orderlens.model.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Reads {@code struct blk_io_trace} records (include/uapi/linux/blktrace_api.h: 48 bytes, then
 * {@code pdu_len} bytes of payload) from one stream, in either byte order (told by the magic of the
 * first record, as blkparse's {@code check_data_endianness} does). Process-name notes ({@code
 * BLK_TN_PROCESS}) are consumed here, as blkparse does when it reads a record, and never reach the
 * caller; everything else (actions and {@code BLK_TN_MESSAGE}) does.
 *
 * <p>A record with a bad magic or version is skipped by scanning forward to the next valid magic; a
 * file that ends inside a record ends the stream. Both are reported with file and byte offset. The
 * payload is at most 65,535 bytes ({@code pdu_len} is 16 bits), so no length field can ask for a
 * large allocation.
 */
final class BlktraceRecords {
    static final int MAGIC = 0x65617400;
    static final int VERSION = 0x07;
    static final int HEADER = 48;

    /** Category bits (BLK_TC_*) sit in the upper 16 bits of {@code action}. */
    static final int TC_SHIFT = 16;

    static final int TC_NOTIFY = 1 << 10;
    static final int TN_PROCESS = 0;
    static final int TN_TIMESTAMP = 1;
    static final int TN_MESSAGE = 2;

    /** __BLK_TA_CGROUP: the payload starts with an 8-byte cgroup id. */
    static final int CGROUP = 1 << 8;

    private final String name;
    private final InputStream in;
    private final SourceFile source;
    private final Map<Integer, String> processNames;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private long base; // file offset of buf[0]
    private boolean eof;
    private int order; // 0 unknown, 1 little endian, 2 big endian

    // the current record
    long offset;
    int sequence;
    long time;
    long sector;
    int bytes;
    int action;
    int pid;
    int device;
    int cpu;
    int error;
    int pduLen;
    byte[] pdu = new byte[64];

    /** Wall clock of the trace start from a BLK_TN_TIMESTAMP note: seconds, nanoseconds, time. */
    long timestampSec = -1;

    long timestampNsec;
    long timestampAt;

    BlktraceRecords(
            String name, InputStream in, SourceFile source, Map<Integer, String> processNames) {
        this.name = name;
        this.in = in;
        this.source = source;
        this.processNames = processNames;
    }

    String name() {
        return name;
    }

    /**
     * A record filled field by field by a text reader ({@link TracepointImporter}) rather than read
     * from a stream: {@link #clear} before each, then set the fields and the payload.
     */
    static BlktraceRecords synthetic(
            String name, SourceFile source, Map<Integer, String> processNames) {
        return new BlktraceRecords(name, InputStream.nullInputStream(), source, processNames);
    }

    /** A REQ_OP_WRITE_ZEROES the text spelt 'N' (blktrace itself records only "write"). */
    boolean writeZeroes;

    void clear() {
        sector = 0;
        bytes = 0;
        action = 0;
        pid = -1;
        device = 0;
        error = 0;
        pduLen = 0;
        writeZeroes = false;
    }

    /** Payload fields are big-endian, as blktrace writes them (cpu_to_be32/64). */
    void payload32(int at, int v) {
        pdu[at] = (byte) (v >>> 24);
        pdu[at + 1] = (byte) (v >>> 16);
        pdu[at + 2] = (byte) (v >>> 8);
        pdu[at + 3] = (byte) v;
    }

    void payload64(int at, long v) {
        payload32(at, (int) (v >>> 32));
        payload32(at + 4, (int) v);
    }

    /** Whether these bytes start with a blktrace record magic (either byte order). */
    static boolean isBlktrace(byte[] b) {
        if (b.length < 4) {
            return false;
        }
        return (le32(b, 0) & 0xffffff00) == MAGIC || (be32(b, 0) & 0xffffff00) == MAGIC;
    }

    /** Advances to the next action or message record; false at the end of the stream. */
    boolean next() throws IOException {
        while (true) {
            if (!fill(HEADER)) {
                if (lim - pos > 0) {
                    source.skip(
                            0,
                            name
                                    + ": byte "
                                    + (base + pos)
                                    + ": the file ends inside a record ("
                                    + (lim - pos)
                                    + " of "
                                    + HEADER
                                    + " bytes)");
                    pos = lim;
                }
                return false;
            }
            int magic = u32(pos);
            if (order == 0) {
                order = (le32(buf, pos) & 0xffffff00) == MAGIC ? 1 : 2;
                magic = u32(pos);
            }
            if ((magic & 0xffffff00) != MAGIC || (magic & 0xff) != VERSION) {
                resync(magic);
                continue;
            }
            offset = base + pos;
            sequence = u32(pos + 4);
            time = u64(pos + 8);
            sector = u64(pos + 16);
            bytes = u32(pos + 24);
            action = u32(pos + 28);
            pid = u32(pos + 32);
            device = u32(pos + 36);
            cpu = u32(pos + 40);
            error = u16(pos + 44);
            pduLen = u16(pos + 46);
            pos += HEADER;
            if (!fill(pduLen)) {
                source.skip(
                        0,
                        name
                                + ": byte "
                                + offset
                                + ": the file ends inside a record's payload ("
                                + (lim - pos)
                                + " of "
                                + pduLen
                                + " bytes)");
                pos = lim;
                return false;
            }
            if (pdu.length < pduLen) {
                pdu = new byte[Math.max(pduLen, pdu.length * 2)];
            }
            System.arraycopy(buf, pos, pdu, 0, pduLen);
            pos += pduLen;
            if ((action & (TC_NOTIFY << TC_SHIFT)) != 0
                    && (action & ~CGROUP) != notify(TN_MESSAGE)) {
                note();
                continue;
            }
            return true;
        }
    }

    /** Where the payload proper starts (after the cgroup id, if the record has one). */
    int pduStart() {
        return (action & CGROUP) != 0 ? Math.min(8, pduLen) : 0;
    }

    static int notify(int kind) {
        return kind | (TC_NOTIFY << TC_SHIFT);
    }

    /** BLK_TN_PROCESS (the first name seen for a pid wins, as in blkparse) and BLK_TN_TIMESTAMP. */
    private void note() {
        int at = pduStart();
        if ((action & ~CGROUP) == notify(TN_PROCESS)) {
            int n = 0;
            while (at + n < pduLen && n < 16 && pdu[at + n] != 0) {
                n++;
            }
            // blkparse keeps 15 characters (comm[16] with its terminating NUL)
            processNames.putIfAbsent(
                    pid,
                    new String(pdu, at, Math.min(n, 15), java.nio.charset.StandardCharsets.UTF_8));
        } else if (action == notify(TN_TIMESTAMP) && pduLen == 8) {
            timestampSec = order == 1 ? le32(pdu, 0) & 0xffffffffL : be32(pdu, 0) & 0xffffffffL;
            timestampNsec = order == 1 ? le32(pdu, 4) : be32(pdu, 4);
            timestampAt = time;
        }
    }

    /** Skips to the next offset holding a valid magic (in this stream's byte order). */
    private void resync(int magic) throws IOException {
        long start = base + pos;
        pos++;
        while (true) {
            if (!fill(4)) {
                pos = lim;
                break;
            }
            int m = u32(pos);
            if ((m & 0xffffff00) == MAGIC && (m & 0xff) == VERSION) {
                break;
            }
            pos++;
        }
        source.skip(
                0,
                name
                        + ": byte "
                        + start
                        + ": expected a blktrace record (magic 0x65617407), found 0x"
                        + Integer.toHexString(magic)
                        + "; skipped "
                        + (base + pos - start)
                        + " bytes");
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

    private int u16(int at) {
        return order == 1
                ? (buf[at] & 0xff) | (buf[at + 1] & 0xff) << 8
                : (buf[at] & 0xff) << 8 | (buf[at + 1] & 0xff);
    }

    private int u32(int at) {
        return order == 1 ? le32(buf, at) : be32(buf, at);
    }

    private long u64(int at) {
        long a = u32(at) & 0xffffffffL;
        long b = u32(at + 4) & 0xffffffffL;
        return order == 1 ? a | b << 32 : a << 32 | b;
    }

    static int le32(byte[] b, int at) {
        return (b[at] & 0xff)
                | (b[at + 1] & 0xff) << 8
                | (b[at + 2] & 0xff) << 16
                | (b[at + 3] & 0xff) << 24;
    }

    static int be32(byte[] b, int at) {
        return (b[at] & 0xff) << 24
                | (b[at + 1] & 0xff) << 16
                | (b[at + 2] & 0xff) << 8
                | (b[at + 3] & 0xff);
    }

    /** A big-endian 64-bit payload value (split and unplug PDUs are {@code __be64}). */
    static long be64(byte[] b, int at) {
        return (be32(b, at) & 0xffffffffL) << 32 | (be32(b, at + 4) & 0xffffffffL);
    }
}
