package dev.orderlens.importer;

import dev.orderlens.model.Errno;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The thin adapter between a decoded blktrace record and {@link BlkRequests}: it makes exactly the
 * calls {@link BlkparseImporter} makes for the line blkparse prints for that record (blkparse.c
 * {@code dump_trace_fs}/{@code dump_trace_pc}, blkparse_fmt.c {@code process_default} and {@code
 * fill_rwbs}), so both importers build the same requests. That means reproducing what the text
 * shows and hides: the sector and size appear only when the size is not zero ({@code t_sec}), a
 * remap is drawn on its target device, an unplug and a split carry a big-endian 64-bit payload.
 */
final class BlktraceFeed {
    // __BLK_TA_* (the low 16 bits of action)
    static final int TA_QUEUE = 1;
    static final int TA_BACKMERGE = 2;
    static final int TA_FRONTMERGE = 3;
    static final int TA_GETRQ = 4;
    static final int TA_SLEEPRQ = 5;
    static final int TA_REQUEUE = 6;
    static final int TA_ISSUE = 7;
    static final int TA_COMPLETE = 8;
    static final int TA_PLUG = 9;
    static final int TA_UNPLUG_IO = 10;
    static final int TA_UNPLUG_TIMER = 11;
    static final int TA_INSERT = 12;
    static final int TA_SPLIT = 13;
    static final int TA_BOUNCE = 14;
    static final int TA_REMAP = 15;

    // BLK_TC_* category bits, already shifted into place
    static final int TC_WRITE = (1 << 1) << 16;
    static final int TC_FLUSH = (1 << 2) << 16;
    static final int TC_SYNC = (1 << 3) << 16;
    static final int TC_PC = (1 << 9) << 16;
    static final int TC_AHEAD = (1 << 11) << 16;
    static final int TC_META = (1 << 12) << 16;
    static final int TC_DISCARD = (1 << 13) << 16;
    static final int TC_FUA = (1 << 15) << 16;

    private final BlkRequests requests;
    private final SourceFile source;
    private final Map<Integer, String> processNames;
    private final boolean[] warnedAction = new boolean[1 << 16];
    private final BlkRequests.BioEvent bio = new BlkRequests.BioEvent();

    // the decoded RWBS of the current record, as BlkparseImporter decodes the printed letters
    private Op op;
    private int flags;
    private byte letter;

    BlktraceFeed(BlkRequests requests, SourceFile source, Map<Integer, String> processNames) {
        this.requests = requests;
        this.source = source;
        this.processNames = processNames;
    }

    /** Whether blkparse prints a line for this record (it prints nothing for the others). */
    static boolean printed(BlktraceRecords r) {
        if ((r.action & ~BlktraceRecords.CGROUP)
                == BlktraceRecords.notify(BlktraceRecords.TN_MESSAGE)) {
            return true;
        }
        int act = r.action & 0xffff & ~BlktraceRecords.CGROUP;
        if ((r.action & TC_PC) != 0) {
            return act == TA_QUEUE
                    || act == TA_GETRQ
                    || act == TA_SLEEPRQ
                    || act == TA_REQUEUE
                    || act == TA_ISSUE
                    || act == TA_COMPLETE
                    || act == TA_INSERT;
        }
        return act >= TA_QUEUE && act <= TA_REMAP;
    }

    /**
     * Feeds one record at time {@code t} (relative to the trace's first record) as event {@code
     * line}. Returns false (after recording why) when the record cannot be used.
     */
    boolean feed(BlktraceRecords r, long t, int line) {
        int at = r.pduStart();
        if ((r.action & ~BlktraceRecords.CGROUP)
                == BlktraceRecords.notify(BlktraceRecords.TN_MESSAGE)) {
            int end = at;
            while (end < r.pduLen && r.pdu[end] != 0) {
                end++; // printed with %s: up to the first NUL
            }
            String text = new String(r.pdu, at, end - at, StandardCharsets.UTF_8).strip();
            var d = requests.dev(major(r.device), minor(r.device));
            requests.event(t, EventKind.MESSAGE, d, -1, 0, line, "m", text);
            return true;
        }
        int act = r.action & 0xffff & ~BlktraceRecords.CGROUP;
        if (!printed(r)) {
            if (act < warnedAction.length && !warnedAction[act]) {
                warnedAction[act] = true;
                source.warn(
                        "blktrace action 0x"
                                + Integer.toHexString(r.action)
                                + " is not shown by blkparse and is ignored (first at "
                                + r.name()
                                + " byte "
                                + r.offset
                                + ")");
            }
            return false;
        }
        rwbs(r);
        int count = r.bytes >>> 9; // t_sec
        boolean shown = count != 0; // blkparse prints "sector + count" only then
        long sector = shown ? r.sector : 0;
        boolean pc = (r.action & TC_PC) != 0;
        String comm = processNames.get(r.pid);
        int dev = r.device;
        switch (act) {
            case TA_QUEUE, TA_GETRQ, TA_SLEEPRQ, TA_ISSUE, TA_INSERT, TA_BOUNCE -> {
                if (pc) {
                    passthrough();
                    sector = 0;
                    count = 0;
                } else {
                    count = shown ? count : 0;
                    flushWrite(count);
                }
                var d = requests.dev(major(dev), minor(dev));
                switch (act) {
                    case TA_QUEUE ->
                            requests.queue(
                                    bio.set(
                                            d, letter, op, flags, sector, count, t, r.pid, comm,
                                            line));
                    case TA_GETRQ, TA_INSERT ->
                            requests.step(
                                    bio.set(
                                            d, letter, op, flags, sector, count, t, r.pid, comm,
                                            line),
                                    BlkRequests.GOT,
                                    act == TA_GETRQ ? 'G' : 'I');
                    case TA_ISSUE ->
                            requests.issue(
                                    bio.set(
                                            d, letter, op, flags, sector, count, t, r.pid, comm,
                                            line));
                    default ->
                            requests.step(
                                    bio.set(
                                            d, letter, op, flags, sector, count, t, r.pid, comm,
                                            line),
                                    BlkRequests.QUEUED,
                                    act == TA_SLEEPRQ ? 'S' : 'B');
                }
                return true;
            }
            case TA_BACKMERGE, TA_FRONTMERGE -> {
                flushWrite(count);
                var d = requests.dev(major(dev), minor(dev));
                requests.merge(
                        d,
                        letter,
                        sector,
                        count,
                        t,
                        line,
                        act == TA_BACKMERGE,
                        act == TA_BACKMERGE ? "M" : "F");
                return true;
            }
            case TA_COMPLETE, TA_REQUEUE -> {
                // "sector [+ count] [error]": the sector is always printed here
                sector = r.sector;
                if (pc) {
                    passthrough();
                    sector = 0;
                    count = 0;
                } else {
                    flushWrite(count);
                }
                var d = requests.dev(major(dev), minor(dev));
                if (act == TA_COMPLETE) {
                    requests.complete(d, letter, sector, count, t, Errno.ofBlktrace(r.error), line);
                } else {
                    requests.requeue(d, letter, sector, count, t, line);
                }
                return true;
            }
            case TA_PLUG -> {
                var d = requests.dev(major(dev), minor(dev));
                requests.event(t, EventKind.PLUG, d, -1, 0, line, "P", null);
                return true;
            }
            case TA_UNPLUG_IO, TA_UNPLUG_TIMER -> {
                if (r.pduLen - at < 8) {
                    return truncated(r, line, "unplug", 8);
                }
                // blkparse prints the depth as an unsigned int
                long n = BlktraceRecords.be64(r.pdu, at) & 0xffffffffL;
                var d = requests.dev(major(dev), minor(dev));
                requests.event(
                        t,
                        EventKind.UNPLUG,
                        d,
                        -1,
                        0,
                        line,
                        act == TA_UNPLUG_IO ? "U" : "UT",
                        n + " request(s)");
                return true;
            }
            case TA_SPLIT -> {
                if (r.pduLen - at < 8) {
                    return truncated(r, line, "split", 8);
                }
                long newSector = BlktraceRecords.be64(r.pdu, at);
                var d = requests.dev(major(dev), minor(dev));
                requests.split(d, r.sector, newSector, t, r.pid, comm, line);
                return true;
            }
            case TA_REMAP -> {
                if (r.pduLen - at < 16) {
                    return truncated(r, line, "remap", 16);
                }
                // struct blk_io_trace_remap { __be32 device_from, device_to; __be64 sector_from; }
                int from = BlktraceRecords.be32(r.pdu, at);
                int to = BlktraceRecords.be32(r.pdu, at + 4);
                long fromSector = BlktraceRecords.be64(r.pdu, at + 8);
                flushWrite(count);
                var d = requests.dev(major(to), minor(to));
                requests.remap(
                        d, letter, r.sector, count, t, line, major(from), minor(from), fromSector);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private boolean truncated(BlktraceRecords r, int line, String what, int need) {
        source.skip(
                0,
                r.name()
                        + ": byte "
                        + r.offset
                        + ": expected a "
                        + need
                        + "-byte "
                        + what
                        + " payload, found "
                        + (r.pduLen - r.pduStart())
                        + " bytes (record "
                        + line
                        + ")");
        return false;
    }

    /**
     * The letters blkparse prints ([F] D|W|R|N [F] [A] [S] [M]) decoded as the text importer
     * decodes them: a leading F is PREFLUSH, "FN" is a flush, a trailing F is FUA.
     */
    private void rwbs(BlktraceRecords r) {
        int a = r.action;
        flags = (a & TC_FLUSH) != 0 ? Flags.PREFLUSH : 0;
        if ((a & TC_DISCARD) != 0) {
            op = Op.DISCARD;
            letter = BlkRequests.L_DISCARD;
        } else if ((a & TC_WRITE) != 0) {
            op = r.writeZeroes ? Op.WRITE_ZEROES : Op.WRITE;
            letter = BlkRequests.L_WRITE;
        } else if (r.bytes != 0) {
            op = Op.READ;
            letter = BlkRequests.L_READ;
        } else {
            op = (flags & Flags.PREFLUSH) != 0 ? Op.FLUSH : Op.OTHER;
            flags &= ~Flags.PREFLUSH; // "FN" is a flush request, not a preflush
            letter = BlkRequests.L_NONE;
        }
        if ((a & TC_FUA) != 0) {
            flags |= Flags.FUA;
        }
        if ((a & TC_AHEAD) != 0) {
            flags |= Flags.READAHEAD;
        }
        if ((a & TC_SYNC) != 0) {
            flags |= Flags.SYNC;
        }
        if ((a & TC_META) != 0) {
            flags |= Flags.META;
        }
    }

    private void passthrough() {
        op = Op.OTHER;
        flags |= Flags.PASSTHROUGH;
        letter = BlkRequests.L_PC;
    }

    /** A data-less PREFLUSH write (an fsync's "Q FWS") is a flush, as in the text importer. */
    private void flushWrite(int count) {
        if (op == Op.WRITE && count == 0 && (flags & Flags.PREFLUSH) != 0) {
            op = Op.FLUSH;
        }
    }

    /** The kernel's dev_t as blktrace records it: 12-bit major, 20-bit minor (MINORBITS). */
    static int major(int dev) {
        return dev >>> 20;
    }

    static int minor(int dev) {
        return dev & 0xfffff;
    }
}
