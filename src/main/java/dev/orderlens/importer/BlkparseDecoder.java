package dev.orderlens.importer;

import dev.orderlens.importer.BlkparseImporter.Header;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import java.io.IOException;

/**
 * Scans blkparse text lines into {@link Batch}es of decoded entries without touching the trace, so
 * scanning can run on its own thread ahead of the request reconstruction ({@link
 * BlkparseImporter}), which applies the entries in file order. Everything the import reports about
 * a line (a skipped line, a warning) is an entry too, so the reports come out in the same order
 * whichever thread scanned.
 */
final class BlkparseDecoder {
    /** A valid event line: action, device, RWBS and trailer decoded. */
    static final byte EVENT = 0;

    /** An event line whose trailer is bad: {@code text} is the problem; the device is set. */
    static final byte BAD = 1;

    /** A line that is no event: {@code text} is the line, {@code text2} its excerpt. */
    static final byte OTHER = 2;

    /** A warning about the file: {@code text}. */
    static final byte WARN = 3;

    /** A line whose time is out of range: {@code text} is the problem. */
    static final byte SKIP = 4;

    /** Decoded entries, in columns; reused from batch to batch. */
    static final class Batch {
        static final int CAPACITY = 4096;
        final byte[] kind = new byte[CAPACITY];
        final int[] line = new int[CAPACITY];

        /** The action letter(s): a0, and a1 for two-letter actions (UT), else 0. */
        final byte[] a0 = new byte[CAPACITY];

        final byte[] a1 = new byte[CAPACITY];
        final int[] major = new int[CAPACITY];
        final int[] minor = new int[CAPACITY];
        final long[] time = new long[CAPACITY];
        final int[] pid = new int[CAPACITY];
        final byte[] letter = new byte[CAPACITY];
        final Op[] op = new Op[CAPACITY];
        final int[] flags = new int[CAPACITY];
        final long[] sector = new long[CAPACITY];
        final int[] count = new int[CAPACITY];

        /**
         * Per action: C the bracketed value (error), X the new sector, A the source sector, U/UT
         * the request count (or {@link Fields#BAD}).
         */
        final long[] extra = new long[CAPACITY];

        /** A: the source device. */
        final int[] fromMajor = new int[CAPACITY];

        final int[] fromMinor = new int[CAPACITY];

        /** The process name of request actions and X, the message of m, or an entry's text. */
        final String[] text = new String[CAPACITY];

        final String[] text2 = new String[CAPACITY];
        int size;

        /** Raw bytes read when the batch was filled, for progress. */
        long bytesRead;

        /** The last batch of the file. */
        boolean last;

        /** What stopped the scan (an I/O error), delivered in order. */
        Throwable failure;

        boolean full() {
            // a line makes one entry after its warnings, and each letter warns once per file
            return size >= CAPACITY - 130;
        }

        void clear() {
            java.util.Arrays.fill(text, 0, size, null);
            java.util.Arrays.fill(text2, 0, size, null);
            java.util.Arrays.fill(op, 0, size, null);
            size = 0;
            last = false;
            failure = null;
        }
    }

    private final ImportInput input;
    private final ByteLines lines;
    private final Fields f = new Fields();
    private final Header h = new Header();
    private final boolean[] warnedLetter = new boolean[128];
    private Batch out;
    private int e; // the current entry
    // the decoded RWBS of the current line
    private Op op;
    private int flags;
    private byte letter;
    // the decoded trailer of the current line
    private long sector;
    private int count;
    private boolean pc;
    private int commStart;
    private int commEnd;
    private long bracketValue;

    BlkparseDecoder(ImportInput input, ByteLines lines) {
        this.input = input;
        this.lines = lines;
    }

    /** Fills the batch with the next lines; sets {@code last} at the end of the input. */
    void fill(Batch batch) throws IOException {
        out = batch;
        ByteLines ls = lines;
        while (!batch.full()) {
            if (!ls.next()) {
                batch.last = true;
                break;
            }
            f.reset(ls.buf, ls.start, ls.end);
            if (Header.parse(f, h)) {
                event(ls.lineNo);
            } else if (f.timeOutOfRange) {
                entry(SKIP, ls.lineNo).text[e] =
                        "time out of range (at most " + Fields.MAX_SECONDS + " s): " + ls.excerpt();
            } else if (!ls.isBlank()) {
                entry(OTHER, ls.lineNo).text[e] = ls.text();
                out.text2[e] = ls.excerpt();
            }
        }
        batch.bytesRead = input.bytesRead();
    }

    int lineCount() {
        return lines.lineNo;
    }

    private Batch entry(byte kind, int line) {
        e = out.size++;
        out.kind[e] = kind;
        out.line[e] = line;
        return out;
    }

    /** Decodes one event line into an EVENT entry, or a BAD one saying why its trailer is bad. */
    private void event(int line) {
        byte a0 = f.b[h.actStart];
        byte a1 = h.actEnd - h.actStart == 2 ? f.b[h.actStart + 1] : 0;
        rwbs();
        if (a1 != 0) {
            if (a0 == 'U' && a1 == 'T') {
                unplug(line, a0, a1);
                return;
            }
            bad(line, "unknown action '" + (char) a0 + (char) a1 + "'");
            return;
        }
        switch (a0) {
            case 'Q', 'G', 'S', 'I', 'B', 'D', 'M', 'F' -> {
                if (!requestTrailer()) {
                    bad(line, "expected 'sector + count [process]' after '" + (char) a0 + "'");
                    return;
                }
                String comm = commEnd > commStart ? f.string(commStart, commEnd) : null;
                finishOp();
                request(line, a0).text[e] = comm;
            }
            case 'C', 'R' -> {
                if (!completionTrailer()) {
                    bad(line, "expected 'sector [+ count] [error]' after '" + (char) a0 + "'");
                    return;
                }
                request(line, a0).extra[e] = bracketValue;
            }
            case 'P' -> request(line, a0);
            case 'U', 'T' -> unplug(line, a0, (byte) (a0 == 'U' ? 0 : 'T'));
            case 'X' -> {
                long s = f.number();
                f.spaces();
                boolean slash = f.eat('/');
                f.spaces();
                long ns = f.number();
                if (s == Fields.BAD || !slash || ns == Fields.BAD) {
                    bad(line, "expected 'sector / new-sector [process]' after 'X'");
                    return;
                }
                f.spaces();
                comm();
                Batch b = request(line, a0);
                b.sector[e] = s;
                b.extra[e] = ns;
                b.text[e] = commEnd > commStart ? f.string(commStart, commEnd) : null;
            }
            case 'A' -> remap(line);
            case 'm' -> request(line, a0).text[e] = f.text(f.p, f.end);
            default -> bad(line, "unknown action '" + (char) a0 + "'");
        }
    }

    /** An EVENT entry with the header, RWBS and trailer fields decoded so far. */
    private Batch request(int line, byte a0) {
        Batch b = entry(EVENT, line);
        b.a0[e] = a0;
        b.a1[e] = 0;
        b.major[e] = h.major;
        b.minor[e] = h.minor;
        b.time[e] = h.time;
        b.pid[e] = h.pid;
        b.letter[e] = letter;
        b.op[e] = op;
        b.flags[e] = flags;
        b.sector[e] = sector;
        b.count[e] = count;
        return b;
    }

    /** The device of a bad event line still gets its lane, as the line names it. */
    private void bad(int line, String why) {
        Batch b = entry(BAD, line);
        b.text[e] = why + ": " + lines.excerpt();
        b.major[e] = h.major;
        b.minor[e] = h.minor;
    }

    /** U, UT (and T): the request count after the process name. */
    private void unplug(int line, byte a0, byte a1) {
        comm();
        f.p = Math.min(f.end, commEnd + 1);
        f.spaces();
        long n = f.number();
        Batch b = request(line, a0);
        b.a1[e] = a1;
        b.extra[e] = n;
    }

    private void remap(int line) {
        long s = f.number();
        f.spaces();
        boolean plus = f.eat('+');
        f.spaces();
        long n = f.number();
        f.spaces();
        boolean arrow = f.eat('<') && f.eat('-');
        f.spaces();
        boolean open = f.eat('(');
        long fromMaj = f.number();
        boolean comma = f.eat(',');
        long fromMin = f.number();
        boolean close = f.eat(')');
        f.spaces();
        long fromSector = f.number();
        if (s == Fields.BAD
                || !plus
                || n == Fields.BAD
                || !arrow
                || !open
                || fromMaj == Fields.BAD
                || !comma
                || fromMin == Fields.BAD
                || !close
                || fromSector == Fields.BAD) {
            bad(line, "expected 'sector + count <- (maj,min) from-sector' after 'A'");
            return;
        }
        sector = s;
        count = (int) n;
        finishOp();
        Batch b = request(line, (byte) 'A');
        b.extra[e] = fromSector;
        b.fromMajor[e] = (int) fromMaj;
        b.fromMinor[e] = (int) fromMin;
    }

    /** Q/G/S/I/B/D/M/F: [sector + count] [(elapsed)] [comm]; passthrough: bytes (hex ..) [comm]. */
    private boolean requestTrailer() {
        sector = 0;
        count = 0;
        pc = false;
        if (isDigit(f.peek())) {
            long s = f.number();
            f.spaces();
            if (f.eat('+')) {
                f.spaces();
                long n = f.number();
                if (n == Fields.BAD || n > Integer.MAX_VALUE) {
                    return false;
                }
                sector = s;
                count = (int) n;
                f.spaces();
            } else if (f.peek() == '(') {
                pc = true; // "bytes (cdb) [comm]"
            } else {
                return false;
            }
        }
        if (f.peek() == '(' && !paren()) {
            return false;
        }
        return comm();
    }

    /** C/R: sector [+ count] [(elapsed)] [error]; passthrough: (hex ..) [error]. */
    private boolean completionTrailer() {
        sector = 0;
        count = 0;
        pc = false;
        if (isDigit(f.peek())) {
            sector = f.number();
            f.spaces();
            if (f.eat('+')) {
                f.spaces();
                long n = f.number();
                if (n == Fields.BAD || n > Integer.MAX_VALUE) {
                    return false;
                }
                count = (int) n;
                f.spaces();
            }
        }
        if (f.peek() == '(' && !paren()) {
            return false;
        }
        if (!comm()) {
            return false;
        }
        int save = f.p;
        f.p = commStart;
        long v = f.value();
        f.p = save;
        if (v == Fields.BAD) {
            return false;
        }
        bracketValue = v;
        finishOp();
        return true;
    }

    /** An "(elapsed)" field (ignored) or a passthrough "(hex hex ..)" dump (sets pc). */
    private boolean paren() {
        int close = -1;
        for (int i = f.p + 1; i < f.end; i++) {
            if (f.b[i] == ')') {
                close = i;
                break;
            }
        }
        if (close < 0) {
            return false;
        }
        int tokens = 0;
        boolean hexOnly = false;
        boolean inToken = false;
        for (int i = f.p + 1; i < close; i++) {
            int c = f.b[i];
            if (c == ' ') {
                inToken = false;
            } else {
                if (!inToken) {
                    tokens++;
                }
                inToken = true;
                if ((c >= 'a' && c <= 'f') || c == '.') {
                    hexOnly = true;
                }
            }
        }
        if (tokens > 1 || hexOnly) {
            pc = true;
        }
        f.p = close + 1;
        f.spaces();
        return true;
    }

    /** "[...]" up to the line's last ']' (process names may hold spaces and brackets). */
    private boolean comm() {
        commStart = commEnd = 0;
        if (!f.eat('[')) {
            return false;
        }
        int close = f.lastIndexOf(']', f.p);
        if (close < 0) {
            return false;
        }
        commStart = f.p;
        commEnd = close;
        return true;
    }

    /**
     * RWBS by position: [F=preflush] op letter [F=FUA] [A] [S] [M]; older/newer letters tolerated.
     */
    private void rwbs() {
        byte[] x = f.b;
        int i = h.rwbsStart;
        int end = h.rwbsEnd;
        flags = 0;
        if (x[i] == 'F' && end - i >= 2 && isOpLetter(x[i + 1])) {
            flags |= Flags.PREFLUSH;
            i++;
        }
        int opAt = i;
        while (opAt < end && !isOpLetter(x[opAt])) {
            opAt++;
        }
        if (opAt < end && !(x[i] == 'F' && end - i == 1)) {
            for (; i < opAt; i++) {
                unknownLetter(x[i]); // a newer letter before the op letter (zone ops, ...)
            }
        }
        switch (i < end ? x[i] : 0) {
            case 'W' -> {
                op = Op.WRITE;
                letter = BlkRequests.L_WRITE;
                i++;
            }
            case 'R' -> {
                op = Op.READ;
                letter = BlkRequests.L_READ;
                i++;
            }
            case 'D' -> {
                op = Op.DISCARD;
                letter = BlkRequests.L_DISCARD;
                i++;
            }
            case 'N' -> {
                op = (flags & Flags.PREFLUSH) != 0 ? Op.FLUSH : Op.OTHER;
                flags &= ~Flags.PREFLUSH; // "FN" is a flush request, not a preflush
                letter = BlkRequests.L_NONE;
                i++;
            }
            default -> {
                op = Op.OTHER;
                letter = BlkRequests.L_NONE;
                if (x[i] == 'F' && end - i == 1) { // a lone "F": a flush (kernel ftrace style)
                    op = Op.FLUSH;
                    i++;
                }
            }
        }
        for (; i < end; i++) {
            switch (x[i]) {
                case 'F' -> flags |= Flags.FUA;
                case 'A' -> flags |= Flags.READAHEAD;
                case 'S' -> flags |= Flags.SYNC;
                case 'M' -> flags |= Flags.META;
                case 'B' -> flags |= Flags.BARRIER;
                case 'E' -> {} // secure erase: still a discard
                default -> unknownLetter(x[i]);
            }
        }
    }

    /** An ASCII digit ({@code Character.isDigit} is a table look-up for all of Unicode). */
    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isOpLetter(byte c) {
        return c == 'W' || c == 'R' || c == 'D' || c == 'N';
    }

    private void unknownLetter(byte c) {
        int k = c & 0x7f;
        if (!warnedLetter[k]) {
            warnedLetter[k] = true;
            entry(WARN, lines.lineNo).text[e] =
                    "unknown RWBS letter '"
                            + (char) k
                            + "' (first in '"
                            + f.text(h.rwbsStart, h.rwbsEnd)
                            + "' at line "
                            + lines.lineNo
                            + "); ignored";
        }
    }

    /**
     * Adjusts op/flags once the size is known: passthrough, and a data-less PREFLUSH write = flush.
     */
    private void finishOp() {
        if (pc) {
            op = Op.OTHER;
            flags |= Flags.PASSTHROUGH;
            letter = BlkRequests.L_PC;
            sector = 0;
            count = 0;
        } else if (op == Op.WRITE && count == 0 && (flags & Flags.PREFLUSH) != 0) {
            op = Op.FLUSH;
        }
    }
}
