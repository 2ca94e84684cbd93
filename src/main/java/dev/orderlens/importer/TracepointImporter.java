package dev.orderlens.importer;

import dev.orderlens.model.HeapBudget;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Problem;
import dev.orderlens.model.Progress;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the Linux block tracepoints as text: {@code /sys/kernel/tracing/trace} (or {@code
 * trace_pipe}), {@code trace-cmd report} and {@code perf script} output of the {@code block:*}
 * events. The kernel's blktrace is itself a set of probes on these tracepoints
 * (kernel/trace/blktrace.c {@code blk_register_tracepoints}), so each event is turned into the
 * record blktrace's probe would have written for it and fed, through {@link BlktraceFeed}, to the
 * same request reconstruction as blkparse text and blktrace binary. Two spellings differ from
 * blkparse's and are translated: the kernel's {@code blk_fill_rwbs} (include/trace/events/block.h
 * prints it) spells a flush request {@code FF} (REQ_PREFLUSH + REQ_OP_FLUSH) where blkparse prints
 * {@code FN}, and a write-zeroes {@code N} with sectors where blktrace has a plain {@code W}
 * (REQ_OP_WRITE_ZEROES is a write); a flush completes at sector 2^64−1 ({@code blk_rq_pos} unset),
 * which blktrace records as 0 ({@code blk_rq_trace_sector}). Times are made relative to the first
 * block event, as blkparse makes them relative to the trace start.
 */
public final class TracepointImporter implements TraceImporter {
    public static final String ID = "tracepoints";

    private static final byte[] BLOCK = "block_".getBytes(StandardCharsets.US_ASCII);

    /** perf script's "block:" before the event name. */
    private static final byte[] SUBSYSTEM = "block:".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Linux block tracepoints as text (ftrace trace/trace_pipe, trace-cmd report, perf"
                + " script)";
    }

    @Override
    public boolean linuxBlockLayer() {
        return true;
    }

    @Override
    public String defaultLayer() {
        return Layer.DEVICE;
    }

    @Override
    public int sniff(List<String> head) {
        int events = 0;
        int other = 0;
        boolean header = false;
        Line l = new Line();
        for (String line : head) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# tracer:") || line.startsWith("cpus=")) {
                header = true;
                continue;
            }
            if (line.startsWith("#") || line.startsWith("version = ")) {
                continue;
            }
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            if (l.parse(b, 0, b.length)) {
                events++; // any block_* event, even one that makes no request
            } else if (!l.event) {
                other++;
            }
        }
        if (events == 0) {
            return header ? 10 : 0;
        }
        return events >= 3 && events >= other ? 96 : events > other ? 72 : 30;
    }

    @Override
    public Trace read(ImportInput input, ImportOptions options, Progress progress)
            throws IOException, ImportException {
        try (InputStream in = input.openStream()) {
            return new Reader(input, options, progress, new ByteLines(in)).read();
        }
    }

    /** The block events that make requests, as blktrace's probes record them. */
    enum Kind {
        QUEUE(BlktraceFeed.TA_QUEUE, Args.BIO),
        GETRQ(BlktraceFeed.TA_GETRQ, Args.BIO),
        SLEEPRQ(BlktraceFeed.TA_SLEEPRQ, Args.BIO),
        BOUNCE(BlktraceFeed.TA_BOUNCE, Args.BIO),
        BACKMERGE(BlktraceFeed.TA_BACKMERGE, Args.BIO),
        FRONTMERGE(BlktraceFeed.TA_FRONTMERGE, Args.BIO),
        BIO_COMPLETE(BlktraceFeed.TA_COMPLETE, Args.BIO),
        INSERT(BlktraceFeed.TA_INSERT, Args.RQ),
        ISSUE(BlktraceFeed.TA_ISSUE, Args.RQ),
        RQ_MERGE(BlktraceFeed.TA_BACKMERGE, Args.RQ),
        RQ_COMPLETE(BlktraceFeed.TA_COMPLETE, Args.RQ_DONE),
        REQUEUE(BlktraceFeed.TA_REQUEUE, Args.RQ_DONE),
        REMAP(BlktraceFeed.TA_REMAP, Args.REMAP),
        SPLIT(BlktraceFeed.TA_SPLIT, Args.SPLIT),
        PLUG(BlktraceFeed.TA_PLUG, Args.PLUG),
        UNPLUG(BlktraceFeed.TA_UNPLUG_IO, Args.PLUG),
        /** A block event blktrace records nothing for (block_dirty_buffer, block_rq_error...). */
        OTHER(0, null);

        final int action;
        final Args args;

        Kind(int action, Args args) {
            this.action = action;
            this.args = args;
        }

        private static final Kind[] REQUEST_KINDS =
                java.util.Arrays.stream(values()).filter(k -> k != OTHER).toArray(Kind[]::new);

        /** The event's own name (block_rq_remap shares REMAP's: the name kept is the bio one). */
        String event;

        /** The kind of the event named by b[from, to), without making a String. */
        static Kind of(byte[] b, int from, int to) {
            int n = to - from;
            for (Kind k : REQUEST_KINDS) {
                for (byte[] name : k.names) {
                    if (name.length == n && Arrays.equals(name, 0, n, b, from, to)) {
                        return k;
                    }
                }
            }
            return OTHER;
        }

        private byte[][] names = new byte[0][];

        private static final String[] EVENTS = {
            "block_bio_queue",
            "block_getrq",
            "block_sleeprq",
            "block_bio_bounce",
            "block_bio_backmerge",
            "block_bio_frontmerge",
            "block_bio_complete",
            "block_rq_insert",
            "block_rq_issue",
            "block_rq_merge",
            "block_rq_complete",
            "block_rq_requeue",
            "block_bio_remap",
            "block_rq_remap",
            "block_split",
            "block_plug",
            "block_unplug"
        };

        static {
            for (Kind k : REQUEST_KINDS) {
                List<byte[]> names = new java.util.ArrayList<>();
                for (String e : EVENTS) {
                    if (of(e) == k) {
                        names.add(e.getBytes(StandardCharsets.US_ASCII));
                        k.event = k.event == null ? e : k.event;
                    }
                }
                k.names = names.toArray(byte[][]::new);
            }
        }

        static Kind of(String event) {
            return switch (event) {
                case "block_bio_queue" -> QUEUE;
                case "block_getrq" -> GETRQ;
                case "block_sleeprq" -> SLEEPRQ;
                case "block_bio_bounce" -> BOUNCE;
                case "block_bio_backmerge" -> BACKMERGE;
                case "block_bio_frontmerge" -> FRONTMERGE;
                case "block_bio_complete" -> BIO_COMPLETE;
                case "block_rq_insert" -> INSERT;
                case "block_rq_issue" -> ISSUE;
                case "block_rq_merge" -> RQ_MERGE;
                case "block_rq_complete" -> RQ_COMPLETE;
                case "block_rq_requeue" -> REQUEUE;
                case "block_bio_remap", "block_rq_remap" -> REMAP;
                case "block_split" -> SPLIT;
                case "block_plug" -> PLUG;
                case "block_unplug" -> UNPLUG;
                default -> OTHER;
            };
        }
    }

    /** The shapes of the events' printed arguments (TP_printk in include/trace/events/block.h). */
    enum Args {
        /** "maj,min RWBS sector + nr [comm]" ([error] for block_bio_complete). */
        BIO,
        /** "maj,min RWBS bytes (cmd) sector + nr [ioprio] [comm]". */
        RQ,
        /** "maj,min RWBS (cmd) sector + nr [ioprio] [error]". */
        RQ_DONE,
        /** "maj,min RWBS sector + nr <- (maj,min) sector [nr_bios]". */
        REMAP,
        /** "maj,min RWBS sector / new_sector [comm]". */
        SPLIT,
        /** "[comm]" and "[comm] depth". */
        PLUG
    }

    /**
     * The common prefix of one text line: task, pid, CPU, time and event name, as ftrace ({@code
     * comm-pid [cpu] flags time: event: args}), trace-cmd ({@code comm-pid [cpu] time: event:
     * args}) and perf script ({@code comm pid [cpu] time: block:event: args}) print it.
     */
    static final class Line {
        /** Whether the line has "time: [block:]block_xxx:" at all. */
        boolean event;

        Kind kind;
        String name;
        long timeNs;
        boolean timeBad;
        int pid;
        int commStart;
        int commEnd;
        int argsStart;

        private final Fields time = new Fields();
        private byte[] lastOther = new byte[0];
        private String lastOtherName = "";

        /** The name of an event that makes no request (kept for the summary of ignored ones). */
        private String otherName(byte[] b, int from, int to) {
            if (!Arrays.equals(lastOther, 0, lastOther.length, b, from, to)) {
                lastOther = Arrays.copyOfRange(b, from, to);
                lastOtherName = new String(lastOther, StandardCharsets.US_ASCII);
            }
            return lastOtherName;
        }

        boolean parse(byte[] b, int start, int end) {
            event = false;
            int at = find(b, start, end);
            if (at < 0) {
                return false;
            }
            int nameEnd = at;
            while (nameEnd < end && b[nameEnd] != ':' && b[nameEnd] != ' ') {
                nameEnd++;
            }
            if (nameEnd >= end || b[nameEnd] != ':') {
                return false;
            }
            event = true;
            // the time token ends with ':' right before " block_" (or " block:block_")
            int sys = at >= 6 && b[at - 1] == ':' && b[at - 2] == 'k' ? at - 6 : at;
            int te = sys - 1; // the space before the event
            while (te > start && b[te] == ' ') {
                te--;
            }
            if (te <= start || b[te] != ':') {
                return false;
            }
            int ts = te;
            while (ts > start && b[ts - 1] != ' ' && b[ts - 1] != '\t') {
                ts--;
            }
            timeNs = seconds(time, b, ts, te);
            timeBad = timeNs == Fields.BAD;
            task(b, start, ts);
            kind = Kind.of(b, at, nameEnd);
            name = kind != Kind.OTHER ? kind.event : otherName(b, at, nameEnd);
            int a = nameEnd + 1;
            while (a < end && (b[a] == ' ' || b[a] == '\t')) {
                a++;
            }
            argsStart = a;
            return !timeBad;
        }

        /** The index of the event name: "block_" after ": " or ": block:". */
        private static int find(byte[] b, int start, int end) {
            for (int i = start + 2; i + BLOCK.length < end; i++) {
                if (b[i] != 'b' || !startsWith(b, i, BLOCK)) {
                    continue;
                }
                byte before = b[i - 1];
                if (before == ' ' && b[i - 2] == ':') {
                    return i;
                }
                if (before == ':'
                        && i >= start + 8
                        && b[i - 6] == 'b'
                        && startsWith(b, i - 6, SUBSYSTEM)
                        && b[i - 7] == ' ') {
                    return i;
                }
            }
            return -1;
        }

        private static boolean startsWith(byte[] b, int at, byte[] prefix) {
            for (int k = 0; k < prefix.length; k++) {
                if (b[at + k] != prefix[k]) {
                    return false;
                }
            }
            return true;
        }

        /** "seconds.fraction" as ns, or BAD (a trace_clock counter prints no fraction). */
        private static long seconds(Fields f, byte[] b, int from, int to) {
            f.reset(b, from, to);
            long t = f.seconds();
            return t == Fields.BAD || f.p != to ? Fields.BAD : t;
        }

        /**
         * The task before the "[cpu]" token: "comm-pid" (ftrace, trace-cmd) or "comm pid" (perf
         * script). A comm may hold '-' and spaces, so the pid is read from the end.
         */
        private void task(byte[] b, int start, int timeStart) {
            pid = -1;
            commStart = commEnd = start;
            int cpu = -1;
            for (int i = timeStart - 1; i > start; i--) {
                if (b[i] == '[') {
                    cpu = i;
                    break;
                }
            }
            if (cpu < 0) {
                return;
            }
            int e = cpu;
            while (e > start && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
                e--;
            }
            int s = start;
            while (s < e && (b[s] == ' ' || b[s] == '\t')) {
                s++;
            }
            int d = e;
            while (d > s && b[d - 1] >= '0' && b[d - 1] <= '9') {
                d--;
            }
            if (d == e || e - d > 9) {
                return;
            }
            int p = 0;
            for (int i = d; i < e; i++) {
                p = p * 10 + (b[i] - '0');
            }
            int c = d - 1;
            if (c >= s && (b[c] == '-' || b[c] == ' ' || b[c] == '/')) {
                if (b[c] == '/') { // perf's "pid/tid": the tid is the task
                    c--;
                    while (c >= s && b[c] >= '0' && b[c] <= '9') {
                        c--;
                    }
                }
                pid = p;
                commStart = s;
                commEnd = c;
                while (commEnd > s && (b[commEnd - 1] == ' ' || b[commEnd - 1] == '\t')) {
                    commEnd--;
                }
            }
        }
    }

    private static final class Reader {
        private final ImportInput input;
        private final Progress progress;
        private final ByteLines lines;
        private final Line l = new Line();
        private final Fields f = new Fields();
        private final Fields scratch = new Fields();
        private final TraceBuilder b = new TraceBuilder();
        private final SourceFile source;
        private final BlkRequests requests;
        private final Map<Integer, String> names = new HashMap<>();
        private final BlktraceFeed feed;
        private final BlktraceRecords r;
        private final Map<String, Integer> ignored = new TreeMap<>();
        private long genesis = Long.MIN_VALUE;
        private long lost;
        private String firstBad;

        Reader(ImportInput input, ImportOptions options, Progress progress, ByteLines lines) {
            this.input = input;
            this.progress = progress;
            this.lines = lines;
            this.source = new SourceFile(input.name(), ID);
            int file = b.addSource(source);
            String layer = options.layer() != null ? options.layer() : Layer.DEVICE;
            this.requests = new BlkRequests(b, source, file, b.layer(layer));
            this.feed = new BlktraceFeed(requests, source, names);
            this.r = BlktraceRecords.synthetic(input.name(), source, names);
        }

        Trace read() throws IOException, ImportException {
            ByteLines ls = lines;
            int events = 0;
            while (ls.next()) {
                if ((ls.lineNo & 0x3fff) == 0) {
                    HeapBudget.atLine(ls.lineNo);
                    progress.update(input.bytesRead(), input.sizeBytes());
                    progress.checkCancelled();
                }
                if (l.parse(ls.buf, ls.start, ls.end)) {
                    if (l.kind == Kind.OTHER) {
                        ignored.merge(l.name, 1, Integer::sum);
                    } else if (event(ls)) {
                        events++;
                    }
                } else if (l.event) {
                    bad(ls, "expected a time in seconds before the event name");
                } else {
                    notAnEvent(ls);
                }
            }
            requests.finish();
            source.lines(ls.lineNo);
            if (lost > 0) {
                source.warn(
                        "the kernel's ring buffer lost "
                                + lost
                                + " events: requests may be missing or unfinished (record with a"
                                + " bigger buffer_size_kb)");
            }
            if (!ignored.isEmpty()) {
                StringBuilder sb = new StringBuilder("ignored events that make no requests:");
                ignored.forEach((k, v) -> sb.append(' ').append(k).append(" ×").append(v));
                source.warn(sb.toString());
            }
            if (events == 0) {
                String why =
                        firstBad != null
                                ? firstBad
                                : source.problems().stream()
                                        .findFirst()
                                        .map(Problem::message)
                                        .orElse("no block_* request events in the file");
                throw new ImportException(
                        input.name(),
                        source.problems().isEmpty() ? 0 : source.problems().get(0).line(),
                        "no block request events (block_bio_queue, block_rq_issue,"
                                + " block_rq_complete, ...): "
                                + why);
            }
            if (genesis != Long.MIN_VALUE) {
                source.metadata()
                        .put(
                                "First event at (kernel trace clock)",
                                dev.orderlens.model.Time.formatSeconds(genesis));
            }
            b.meta().source(ID).title(Path.of(input.name()).getFileName().toString());
            return b.build();
        }

        /** Comments, headers and the ring buffer's notes; anything else is reported. */
        private void notAnEvent(ByteLines ls) {
            if (ls.isBlank()) {
                return;
            }
            byte c = firstNonSpace(ls);
            if (c == '#') {
                return;
            }
            String text = ls.text().strip();
            if (text.startsWith("cpus=")
                    || text.startsWith("version = ")
                    || text.startsWith("CPU ")
                    || text.startsWith("#####")) {
                return;
            }
            int lostAt = text.indexOf("[LOST ");
            if (lostAt >= 0) {
                int end = text.indexOf(' ', lostAt + 6);
                try {
                    lost +=
                            Long.parseLong(
                                    text.substring(lostAt + 6, end < 0 ? text.length() : end));
                } catch (NumberFormatException e) {
                    lost++;
                }
                return;
            }
            if (text.contains(": ") && hasCpu(text)) {
                return; // another subsystem's event (sched_switch, ...): not ours to read
            }
            bad(ls, "expected a block tracepoint line ('task-pid [cpu] time: block_xxx: ...')");
        }

        /**
         * A "[123]" CPU column, told without a regex (input lines never meet a backtracking one).
         */
        private static boolean hasCpu(String text) {
            int open = text.indexOf('[');
            while (open >= 0) {
                int i = open + 1;
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    i++;
                }
                if (i > open + 1 && i < text.length() && text.charAt(i) == ']') {
                    return true;
                }
                open = text.indexOf('[', open + 1);
            }
            return false;
        }

        private static byte firstNonSpace(ByteLines ls) {
            for (int i = ls.start; i < ls.end; i++) {
                if (ls.buf[i] != ' ' && ls.buf[i] != '\t') {
                    return ls.buf[i];
                }
            }
            return ' ';
        }

        private boolean event(ByteLines ls) {
            if (genesis == Long.MIN_VALUE) {
                genesis = l.timeNs;
            }
            long t = l.timeNs - genesis;
            if (t < 0) {
                return bad(ls, "time goes back before the first event");
            }
            f.reset(ls.buf, l.argsStart, ls.end);
            r.clear();
            r.pid = l.pid;
            boolean ok =
                    switch (l.kind.args) {
                        case BIO -> bio();
                        case RQ -> rq();
                        case RQ_DONE -> rqDone();
                        case REMAP -> remap();
                        case SPLIT -> split();
                        case PLUG -> plug();
                    };
            if (!ok) {
                return bad(ls, "unexpected arguments for " + l.name);
            }
            r.action |= l.kind.action;
            if (l.pid >= 0) {
                rememberName(ls.buf);
            }
            return feed.feed(r, t, ls.lineNo);
        }

        /**
         * Names a pid as blkparse's text names it on each line: the kernel's current->comm, which
         * the events print in brackets (completions print their error there instead). The task
         * column is the tracer's own idea of the name (perf adds a kworker's workqueue, ftrace may
         * print "<...>"), so it is only the fallback for a pid never named by an event.
         */
        private void rememberName(byte[] buf) {
            boolean commLast =
                    l.kind.args != Args.RQ_DONE
                            && l.kind != Kind.BIO_COMPLETE
                            && l.kind.args != Args.REMAP;
            int s = -1;
            if (l.kind.args == Args.PLUG) { // "[comm]" or "[comm] depth"
                s = l.argsStart + 1;
                bracketEnd = s;
                while (bracketEnd < f.end && buf[bracketEnd] != ']') {
                    bracketEnd++;
                }
                s = bracketEnd < f.end ? s : -1;
            } else if (commLast) {
                s = lastBracket(l.argsStart);
            }
            if (s >= 0) {
                String known = names.get(l.pid);
                if (known == null
                        || !same(known, buf, s, bracketEnd)) { // a pid's name changes on exec
                    names.put(l.pid, new String(buf, s, bracketEnd - s, StandardCharsets.UTF_8));
                }
            } else if (!names.containsKey(l.pid)
                    && l.commEnd > l.commStart
                    && buf[l.commStart] != '<') {
                names.put(
                        l.pid,
                        new String(
                                buf, l.commStart, l.commEnd - l.commStart, StandardCharsets.UTF_8));
            }
        }

        private static boolean same(String known, byte[] buf, int s, int e) {
            if (known.length() != e - s) {
                return false;
            }
            for (int i = s; i < e; i++) {
                if (known.charAt(i - s) != (char) (buf[i] & 0xff)) {
                    return false;
                }
            }
            return true;
        }

        /** "maj,min RWBS": the device and the RWBS as blktrace's action bits. */
        private boolean devRwbs() {
            long maj = f.number();
            if (maj == Fields.BAD || maj > 4095 || !f.eat(',')) {
                return false;
            }
            long min = f.number();
            if (min == Fields.BAD || min > 0xfffff || f.spaces() == 0) {
                return false;
            }
            r.device = (int) (maj << 20 | min);
            int s = f.p;
            int e = f.tokenEnd();
            if (!rwbs(f.b, s, e)) {
                return false;
            }
            f.p = e;
            f.spaces();
            return true;
        }

        /**
         * blk_fill_rwbs: [F]{W,D,DE,F,R,N}[F][A][S][M] (a leading F is REQ_PREFLUSH, a trailing F
         * REQ_FUA). Translated to the category bits blktrace's probe sets (blktrace.c
         * __blk_add_trace): write for every odd op, discard, flush for PREFLUSH and REQ_OP_FLUSH.
         */
        private boolean rwbs(byte[] b, int s, int e) {
            int i = s;
            int bits = 0;
            zeroes = false;
            if (i < e && b[i] == 'F' && i + 1 < e && isOp(b[i + 1])) {
                bits |= BlktraceFeed.TC_FLUSH;
                i++;
            }
            if (i >= e) {
                return false;
            }
            switch (b[i]) {
                case 'W' -> bits |= BlktraceFeed.TC_WRITE;
                case 'D' -> {
                    bits |= BlktraceFeed.TC_DISCARD | BlktraceFeed.TC_WRITE;
                    if (i + 1 < e && b[i + 1] == 'E') {
                        i++; // secure erase
                    }
                }
                case 'F' -> bits |= BlktraceFeed.TC_FLUSH; // REQ_OP_FLUSH
                case 'R' -> {}
                case 'N' -> zeroes = true; // decided once the size is known
                default -> {
                    return false;
                }
            }
            i++;
            if (i < e && b[i] == 'F') {
                bits |= BlktraceFeed.TC_FUA;
                i++;
            }
            if (i < e && b[i] == 'A') {
                bits |= BlktraceFeed.TC_AHEAD;
                i++;
            }
            if (i < e && b[i] == 'S') {
                bits |= BlktraceFeed.TC_SYNC;
                i++;
            }
            if (i < e && b[i] == 'M') {
                bits |= BlktraceFeed.TC_META;
                i++;
            }
            r.action = bits;
            return i == e;
        }

        /** 'N' with sectors is REQ_OP_WRITE_ZEROES (or another write-like op): a write. */
        private boolean zeroes;

        private void sized(int sectors) {
            r.bytes = sectors << 9;
            if (zeroes && sectors > 0) {
                r.action |= BlktraceFeed.TC_WRITE;
                r.writeZeroes = true;
            }
            zeroes = false;
        }

        private static boolean isOp(byte c) {
            return c == 'W' || c == 'D' || c == 'F' || c == 'R' || c == 'N';
        }

        /** "sector + nr" with the sector unsigned (2^64−1 = unset, recorded as 0 by blktrace). */
        private boolean range() {
            long sector = sector();
            if (sector == Fields.BAD || f.spaces() == 0 || !f.eat('+') || f.spaces() == 0) {
                return false;
            }
            long nr = f.number();
            if (nr == Fields.BAD || nr > Integer.MAX_VALUE >> 9) {
                return false;
            }
            r.sector = sector;
            sized((int) nr);
            return true;
        }

        private long sector() {
            int s = f.p;
            long v = f.number();
            if (v != Fields.BAD) {
                return v;
            }
            int e = f.tokenEnd();
            if (e - s < 19 || e - s > 20) {
                return Fields.BAD;
            }
            try {
                long u =
                        Long.parseUnsignedLong(
                                new String(f.b, s, e - s, StandardCharsets.US_ASCII));
                f.p = e;
                return u == -1L ? 0 : u;
            } catch (NumberFormatException ex) {
                return Fields.BAD;
            }
        }

        /** The last "[...]" of the line: a comm, or an error as a signed decimal. */
        /** End (the ']') of the bracket {@link #lastBracket} found. */
        private int bracketEnd;

        /** The start of the last "[...]" of the line after {@code from}, or -1. */
        private int lastBracket(int from) {
            int e = f.end;
            while (e > from && (f.b[e - 1] == ' ' || f.b[e - 1] == '\t')) {
                e--;
            }
            if (e <= from || f.b[e - 1] != ']') {
                return -1;
            }
            int s = e - 1;
            while (s > from && f.b[s - 1] != '[') {
                s--;
            }
            bracketEnd = e - 1;
            return s > from ? s : -1;
        }

        private int lastBracket() {
            return lastBracket(f.p);
        }

        private boolean error() {
            int s = lastBracket();
            if (s < 0) {
                return false;
            }
            Fields g = scratch;
            g.reset(f.b, s, f.end);
            long v = g.value();
            if (v == Fields.BAD) {
                return false;
            }
            r.error = (int) (v & 0xffff); // blktrace keeps the error in 16 bits
            return true;
        }

        private boolean bio() {
            if (!devRwbs() || !range()) {
                return false;
            }
            return l.kind != Kind.BIO_COMPLETE || error();
        }

        /**
         * "bytes (cmd) sector + nr": the cmd is hex bytes with spaces for a passthrough request.
         */
        private boolean rq() {
            if (!devRwbs() || f.number() == Fields.BAD || f.spaces() == 0) {
                return false;
            }
            return cmd() && range();
        }

        private boolean rqDone() {
            return devRwbs() && cmd() && range() && error();
        }

        private boolean cmd() {
            if (!f.eat('(')) {
                return false;
            }
            int s = f.p;
            while (f.p < f.end && f.b[f.p] != ')') {
                f.p++;
            }
            if (f.p >= f.end) {
                return false;
            }
            if (f.p > s) {
                r.action |= BlktraceFeed.TC_PC; // only passthrough requests print their command
            }
            f.p++;
            f.spaces();
            return true;
        }

        private boolean remap() {
            if (!devRwbs() || !range()) {
                return false;
            }
            f.spaces();
            if (!f.eat('<') || !f.eat('-')) {
                return false;
            }
            f.spaces();
            if (!f.eat('(')) {
                return false;
            }
            long maj = f.number();
            if (maj == Fields.BAD || maj > 4095 || !f.eat(',')) {
                return false;
            }
            long min = f.number();
            if (min == Fields.BAD || min > 0xfffff || !f.eat(')') || f.spaces() == 0) {
                return false;
            }
            long from = sector();
            if (from == Fields.BAD) {
                return false;
            }
            // struct blk_io_trace_remap { __be32 device_from, device_to; __be64 sector_from; }
            r.payload32(0, (int) (maj << 20 | min));
            r.payload32(4, r.device);
            r.payload64(8, from);
            r.pduLen = 16;
            return true;
        }

        private boolean split() {
            if (!devRwbs()) {
                return false;
            }
            long sector = sector();
            if (sector == Fields.BAD || f.spaces() == 0 || !f.eat('/') || f.spaces() == 0) {
                return false;
            }
            long newSector = sector();
            if (newSector == Fields.BAD) {
                return false;
            }
            r.sector = sector;
            r.payload64(0, newSector);
            r.pduLen = 8;
            return true;
        }

        /** "[comm]" or "[comm] depth": blktrace's unplug payload is the depth. */
        private boolean plug() {
            if (!f.eat('[')) {
                return false;
            }
            while (f.p < f.end && f.b[f.p] != ']') {
                f.p++;
            }
            if (!f.eat(']')) {
                return false;
            }
            if (l.kind == Kind.UNPLUG) {
                f.spaces();
                long depth = f.number();
                r.payload64(0, depth == Fields.BAD ? 0 : depth);
                r.pduLen = 8;
            }
            return true;
        }

        private boolean bad(ByteLines ls, String why) {
            String message = why + ": " + ls.excerpt();
            source.skip(ls.lineNo, message);
            firstBad = firstBad == null ? message : firstBad;
            return false;
        }
    }
}
