package dev.orderlens.importer;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.Problem;
import dev.orderlens.model.Progress;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads blkparse's default text output (docs/formats.md §1): the fixed header {@code maj,min cpu
 * seq sec.nsec pid action RWBS} and each action's trailer, scanned by hand (no regex per line).
 * Widths may overflow, devices interleave, the summary block is read as metadata. Requests are
 * rebuilt by {@link BlkRequests}. One lane per device ("maj,min"); the layer is the one given in
 * the options ({@link TraceLoader} picks "device" alone, "guest" next to a QEMU log).
 */
public final class BlkparseImporter implements TraceImporter {
    public static final String ID = "blkparse";

    /** A little under the bytes of text per request of real and generated captures (~350). */
    private static final int BYTES_PER_REQUEST = 300;

    static final String EXPECTED =
            "expected a blkparse event line 'maj,min cpu seq sec.nsec pid action RWBS ...'";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "blkparse text (blktrace's default output format)";
    }

    @Override
    public String defaultLayer() {
        return Layer.DEVICE;
    }

    @Override
    public int sniff(List<String> head) {
        int events = 0;
        int other = 0;
        Fields f = new Fields();
        for (String line : head) {
            if (line.isBlank() || line.startsWith("Input file ")) {
                continue;
            }
            byte[] b = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            f.reset(b, 0, b.length);
            if (Header.parse(f, new Header())) {
                events++;
            } else {
                other++;
            }
        }
        if (events == 0) {
            return 0;
        }
        return events >= 3 && events >= other ? 95 : events > other ? 70 : 30;
    }

    @Override
    public Trace read(ImportInput input, ImportOptions options, Progress progress)
            throws IOException, ImportException {
        try (InputStream in = input.openStream()) {
            return new Reader(input, options, progress, new ByteLines(in)).read();
        }
    }

    /** The fields of one event line's header; {@code f.p} is left at the trailer. */
    static final class Header {
        int major;
        int minor;
        long time;
        int pid;
        int actStart;
        int actEnd;
        int rwbsStart;
        int rwbsEnd;

        static boolean parse(Fields f, Header h) {
            f.spaces();
            long maj = f.number();
            if (maj == Fields.BAD || maj > 4095 || !f.eat(',')) {
                return false;
            }
            long min = f.number();
            if (min == Fields.BAD || min > 0xfffff || f.spaces() == 0) {
                return false;
            }
            if (f.number() == Fields.BAD || f.spaces() == 0) { // cpu
                return false;
            }
            if (f.number() == Fields.BAD || f.spaces() == 0) { // sequence
                return false;
            }
            long t = f.seconds();
            if (t == Fields.BAD || f.spaces() == 0) {
                return false;
            }
            long pid = f.number();
            if (pid == Fields.BAD || f.spaces() == 0) {
                return false;
            }
            int te = f.tokenEnd();
            for (int i = f.p; i < te; i++) {
                if (f.b[i] == ',') { // cgroup "ino,gen" (hex) before the action of message lines
                    f.p = te;
                    f.spaces();
                    te = f.tokenEnd();
                    break;
                }
            }
            if (te - f.p > 2 || !f.letters(f.p, te)) {
                return false;
            }
            h.actStart = f.p;
            h.actEnd = te;
            f.p = te;
            if (f.spaces() == 0) {
                return false;
            }
            int re = f.tokenEnd();
            if (!f.letters(f.p, re)) {
                return false;
            }
            h.rwbsStart = f.p;
            h.rwbsEnd = re;
            f.p = re;
            f.spaces();
            h.major = (int) maj;
            h.minor = (int) min;
            h.time = t;
            h.pid = (int) pid;
            return true;
        }
    }

    private static final class Reader {
        private final ImportInput input;
        private final Progress progress;
        private final ByteLines lines;
        private final Fields f = new Fields();
        private final Header h = new Header();
        private final TraceBuilder b = new TraceBuilder();
        private final SourceFile source;
        private final BlkRequests requests;
        private final boolean[] warnedLetter = new boolean[128];
        private final Summary summary;
        private String firstBad;
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

        Reader(ImportInput input, ImportOptions options, Progress progress, ByteLines lines) {
            this.input = input;
            this.progress = progress;
            this.lines = lines;
            this.source = new SourceFile(input.name(), ID);
            int file = b.addSource(source);
            String layer = options.layer() != null ? options.layer() : Layer.DEVICE;
            this.requests = new BlkRequests(b, source, file, b.layer(layer));
            this.summary = new Summary(source.metadata());
            // blkparse prints ~5 lines of ~70 bytes per request: size the columns once instead of
            // doubling and copying them (compressed input underestimates; the columns then grow)
            b.requests().reserve((int) Math.min(1 << 28, input.sizeBytes() / BYTES_PER_REQUEST));
        }

        Trace read() throws IOException, ImportException {
            ByteLines ls = lines;
            int events = 0;
            while (ls.next()) {
                if ((ls.lineNo & 0x3fff) == 0) {
                    progress.update(input.bytesRead(), input.sizeBytes());
                    progress.checkCancelled();
                }
                f.reset(ls.buf, ls.start, ls.end);
                if (Header.parse(f, h)) {
                    if (event(ls.lineNo)) {
                        events++;
                    }
                } else if (f.timeOutOfRange) {
                    source.skip(
                            ls.lineNo,
                            "time out of range (at most "
                                    + Fields.MAX_SECONDS
                                    + " s): "
                                    + ls.excerpt());
                } else if (!ls.isBlank() && !summary.accept(ls.text())) {
                    source.skip(ls.lineNo, EXPECTED + ", found: " + ls.excerpt());
                    firstBad = firstBad == null ? ls.excerpt() : firstBad;
                }
            }
            requests.finish();
            source.lines(ls.lineNo);
            if (events == 0 && source.skippedLines() > 0) {
                Problem first = source.problems().get(0);
                throw new ImportException(
                        input.name(),
                        first.line(),
                        "not blkparse text: no line is a blkparse event"
                                + " ('maj,min cpu seq sec.nsec pid action RWBS ...'); custom -f/-F formats are not read"
                                + " (first line: "
                                + (firstBad != null ? firstBad : first.message())
                                + ")");
            }
            b.meta().source(ID).title(Path.of(input.name()).getFileName().toString());
            return b.build();
        }

        /** Handles one event line; returns false (after recording why) when its trailer is bad. */
        private boolean event(int line) {
            int a0 = f.b[h.actStart];
            int a1 = h.actEnd - h.actStart == 2 ? f.b[h.actStart + 1] : 0;
            rwbs();
            var d = requests.dev(h.major, h.minor);
            long t = h.time;
            if (a1 != 0) {
                if (a0 == 'U' && a1 == 'T') {
                    return unplug(d, t, line, "UT");
                }
                return bad(line, "unknown action '" + (char) a0 + (char) a1 + "'");
            }
            switch (a0) {
                case 'Q', 'G', 'S', 'I', 'B', 'D', 'M', 'F' -> {
                    if (!requestTrailer()) {
                        return bad(
                                line,
                                "expected 'sector + count [process]' after '" + (char) a0 + "'");
                    }
                    String comm = commEnd > commStart ? f.string(commStart, commEnd) : null;
                    finishOp();
                    switch (a0) {
                        case 'Q' ->
                                requests.queue(
                                        new BlkRequests.BioEvent(
                                                d, letter, op, flags, sector, count, t, h.pid, comm,
                                                line));
                        case 'G', 'I' ->
                                requests.step(
                                        new BlkRequests.BioEvent(
                                                d, letter, op, flags, sector, count, t, h.pid, comm,
                                                line),
                                        BlkRequests.GOT,
                                        (char) a0);
                        case 'S', 'B' ->
                                requests.step(
                                        new BlkRequests.BioEvent(
                                                d, letter, op, flags, sector, count, t, h.pid, comm,
                                                line),
                                        BlkRequests.QUEUED,
                                        (char) a0);
                        case 'D' ->
                                requests.issue(
                                        new BlkRequests.BioEvent(
                                                d, letter, op, flags, sector, count, t, h.pid, comm,
                                                line));
                        default ->
                                requests.merge(
                                        d,
                                        letter,
                                        sector,
                                        count,
                                        t,
                                        line,
                                        a0 == 'M',
                                        String.valueOf((char) a0));
                    }
                    return true;
                }
                case 'C', 'R' -> {
                    if (!completionTrailer()) {
                        return bad(
                                line,
                                "expected 'sector [+ count] [error]' after '" + (char) a0 + "'");
                    }
                    if (a0 == 'C') {
                        requests.complete(d, letter, sector, count, t, bracketValue != 0, line);
                    } else {
                        requests.requeue(d, letter, sector, count, t, line);
                    }
                    return true;
                }
                case 'P' -> {
                    requests.event(t, EventKind.PLUG, d, -1, 0, line, "P", null);
                    return true;
                }
                case 'U', 'T' -> {
                    return unplug(d, t, line, a0 == 'U' ? "U" : "UT");
                }
                case 'X' -> {
                    long s = f.number();
                    f.spaces();
                    boolean slash = f.eat('/');
                    f.spaces();
                    long ns = f.number();
                    if (s == Fields.BAD || !slash || ns == Fields.BAD) {
                        return bad(line, "expected 'sector / new-sector [process]' after 'X'");
                    }
                    f.spaces();
                    comm();
                    requests.split(
                            d,
                            s,
                            ns,
                            t,
                            h.pid,
                            commEnd > commStart ? f.string(commStart, commEnd) : null,
                            line);
                    return true;
                }
                case 'A' -> {
                    return remap(d, t, line);
                }
                case 'm' -> {
                    requests.event(t, EventKind.MESSAGE, d, -1, 0, line, "m", f.text(f.p, f.end));
                    return true;
                }
                default -> {
                    return bad(line, "unknown action '" + (char) a0 + "'");
                }
            }
        }

        private boolean bad(int line, String why) {
            source.skip(line, why + ": " + lines.excerpt());
            return false;
        }

        private boolean unplug(BlkRequests.Dev d, long t, int line, String name) {
            comm();
            f.p = Math.min(f.end, commEnd + 1);
            f.spaces();
            long n = f.number();
            requests.event(
                    t,
                    EventKind.UNPLUG,
                    d,
                    -1,
                    0,
                    line,
                    name,
                    n == Fields.BAD ? null : n + " request(s)");
            return true;
        }

        private boolean remap(BlkRequests.Dev d, long t, int line) {
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
                return bad(line, "expected 'sector + count <- (maj,min) from-sector' after 'A'");
            }
            sector = s;
            count = (int) n;
            finishOp();
            requests.remap(
                    d, letter, s, (int) n, t, line, (int) fromMaj, (int) fromMin, fromSector);
            return true;
        }

        /**
         * Q/G/S/I/B/D/M/F: [sector + count] [(elapsed)] [comm]; passthrough: bytes (hex ..) [comm].
         */
        private boolean requestTrailer() {
            sector = 0;
            count = 0;
            pc = false;
            if (Character.isDigit(f.peek())) {
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
            if (Character.isDigit(f.peek())) {
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
            Fields v = f;
            int save = v.p;
            v.p = commStart;
            long e = v.value();
            v.p = save;
            if (e == Fields.BAD) {
                return false;
            }
            bracketValue = e;
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
         * RWBS by position: [F=preflush] op letter [F=FUA] [A] [S] [M]; older/newer letters
         * tolerated.
         */
        private void rwbs() {
            byte[] x = f.b;
            int i = h.rwbsStart;
            int e = h.rwbsEnd;
            flags = 0;
            if (x[i] == 'F' && e - i >= 2 && isOpLetter(x[i + 1])) {
                flags |= Flags.PREFLUSH;
                i++;
            }
            int opAt = i;
            while (opAt < e && !isOpLetter(x[opAt])) {
                opAt++;
            }
            if (opAt < e && !(x[i] == 'F' && e - i == 1)) {
                for (; i < opAt; i++) {
                    unknownLetter(
                            x[i], line()); // a newer letter before the op letter (zone ops, ...)
                }
            }
            switch (i < e ? x[i] : 0) {
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
                    if (x[i] == 'F' && e - i == 1) { // a lone "F": a flush (kernel ftrace style)
                        op = Op.FLUSH;
                        i++;
                    }
                }
            }
            for (; i < e; i++) {
                switch (x[i]) {
                    case 'F' -> flags |= Flags.FUA;
                    case 'A' -> flags |= Flags.READAHEAD;
                    case 'S' -> flags |= Flags.SYNC;
                    case 'M' -> flags |= Flags.META;
                    case 'B' -> flags |= Flags.BARRIER;
                    case 'E' ->
                            op =
                                    op == Op.DISCARD
                                            ? Op.DISCARD
                                            : op; // secure erase: still a discard
                    default -> unknownLetter(x[i], line());
                }
            }
        }

        private int line() {
            return lines.lineNo;
        }

        private static boolean isOpLetter(byte c) {
            return c == 'W' || c == 'R' || c == 'D' || c == 'N';
        }

        private void unknownLetter(byte c, int line) {
            int k = c & 0x7f;
            if (!warnedLetter[k]) {
                warnedLetter[k] = true;
                source.warn(
                        "unknown RWBS letter '"
                                + (char) k
                                + "' (first in '"
                                + f.text(h.rwbsStart, h.rwbsEnd)
                                + "' at line "
                                + line
                                + "); ignored");
            }
        }

        /**
         * Adjusts op/flags once the size is known: passthrough, and a data-less PREFLUSH write =
         * flush.
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

    /**
     * Recognises blkparse's summary block and "Input file ... added" noise, storing them as
     * metadata.
     */
    static final class Summary {
        private final java.util.Map<String, String> meta;
        private boolean inSummary;
        private String section = "";

        Summary(java.util.Map<String, String> meta) {
            this.meta = meta;
        }

        boolean accept(String line) {
            String t = line.strip();
            if (line.startsWith("Input file ") && t.endsWith(" added")) {
                String name = t.substring("Input file ".length(), t.length() - " added".length());
                meta.merge("Input files", name, (a, c) -> a + ", " + c);
                return true;
            }
            if (line.startsWith("Trace started at")) {
                meta.put("Trace started at", t.substring("Trace started at".length()).strip());
                return true;
            }
            if (isDeviceBlockHeader(line)) {
                inSummary = true;
                section = t.substring(0, t.length() - 1);
                return true;
            }
            if (line.startsWith("Throughput")
                    || line.startsWith("Events (")
                    || line.startsWith("Skips:")) {
                inSummary = true;
                int colon = t.indexOf(':');
                if (colon < 0) {
                    return false; // not the summary line it starts like
                }
                // one block per device: a second device's Throughput/Skips line is appended
                meta.merge(
                        t.substring(0, colon),
                        t.substring(colon + 1).strip().replaceAll("\\s+", " "),
                        (a, c) -> a + "; " + c);
                return true;
            }
            if (!line.startsWith(" ") && isProcessBlockHeader(t)) { // -s per-process block
                inSummary = true;
                section = t.endsWith(":") ? t.substring(0, t.length() - 1) : t;
                return true;
            }
            if (!inSummary) {
                return false;
            }
            if (line.startsWith(" ") && t.contains(":")) {
                for (String column : line.split("\t")) {
                    String c = column.strip();
                    int colon = c.indexOf(':');
                    if (colon > 0) {
                        meta.put(
                                section + " " + c.substring(0, colon),
                                c.substring(colon + 1).strip().replaceAll("\\s+", " "));
                    }
                }
                return true;
            }
            return false;
        }

        /**
         * "CPU3 (8,0):" or "Total (8,0):" with trailing spaces; scanned, not matched by a regex
         * that could backtrack on a long line.
         */
        static boolean isDeviceBlockHeader(String line) {
            int i;
            if (line.startsWith("Total")) {
                i = 5;
            } else if (line.startsWith("CPU")) {
                i = 3;
                while (i < line.length() && Character.isDigit(line.charAt(i))) {
                    i++;
                }
                if (i == 3) {
                    return false;
                }
            } else {
                return false;
            }
            int e = line.length();
            while (e > i && Character.isWhitespace(line.charAt(e - 1))) {
                e--;
            }
            return line.startsWith(" (", i) && e >= i + 4 && line.startsWith("):", e - 2);
        }

        /**
         * blkparse -s per-process header, "name (pid)" or "name (pid, ...)" with an optional ':':
         * some " (" followed by digits and then ")" at the end or ", ". One pass over the line.
         */
        static boolean isProcessBlockHeader(String t) {
            int e = t.endsWith(":") ? t.length() - 1 : t.length();
            if (e < 5 || t.charAt(e - 1) != ')' || Character.isWhitespace(t.charAt(0))) {
                return false;
            }
            for (int i = t.indexOf(" (", 1); i >= 0 && i < e; i = t.indexOf(" (", i + 1)) {
                int j = i + 2;
                while (j < e && t.charAt(j) >= '0' && t.charAt(j) <= '9') {
                    j++;
                }
                if (j > i + 2 && (j == e - 1 || t.startsWith(", ", j))) {
                    return true;
                }
            }
            return false;
        }
    }
}
