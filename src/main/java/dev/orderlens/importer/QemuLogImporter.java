package dev.orderlens.importer;

import dev.orderlens.model.HeapBudget;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Problem;
import dev.orderlens.model.Progress;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads QEMU's trace-event "log" backend output (docs/formats.md §2): one event per line with a
 * {@code tid@sec.usec:} prefix (QEMU ≤ 5.2, or 6.0+ with {@code -msg timestamp=on}), an ISO-8601
 * {@code ...Z } prefix (10.1+), or none at all (then events are loaded in order and the user is
 * told how to get timestamps). Arguments are read as {@code key value} pairs, so renamed events and
 * reordered arguments still parse. Requests are rebuilt by {@link QemuRequests}: the virtio layer
 * and the host (QEMU block layer) layer, linked where the events allow.
 */
public final class QemuLogImporter implements TraceImporter {
    public static final String ID = "qemu-log";
    static final String EXPECTED =
            "expected a QEMU trace event line '[tid@sec.usec:]event_name key value ...'";
    static final String NO_TIMESTAMPS =
            "this QEMU log has no timestamps, so requests are loaded in event order"
                    + " (1 µs apart) and durations mean nothing; run QEMU with -msg timestamp=on to record times";

    /** Event-name prefixes that mark a block-related QEMU trace event (for detection). */
    private static final String[] KNOWN_PREFIXES = {
        "virtio_blk_",
        "virtqueue_",
        "virtio_",
        "blk_co_",
        "bdrv_",
        "luring_",
        "thread_pool_",
        "qcow2_",
        "file_",
        "paio_",
        "laio_",
        "blk_"
    };

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "QEMU trace-event log (-trace ... -D file, log backend)";
    }

    @Override
    public String defaultLayer() {
        return Layer.VIRTIO;
    }

    @Override
    public int sniff(List<String> head) {
        int prefixed = 0;
        int known = 0;
        int other = 0;
        Fields f = new Fields();
        Line l = new Line();
        for (String s : head) {
            if (s.isBlank()) {
                continue;
            }
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            f.reset(b, 0, b.length);
            if (l.parse(f)) {
                String name = f.text(l.nameStart, l.nameEnd);
                if (isKnown(name)) {
                    known++;
                }
                if (l.time != Time.NONE) {
                    prefixed++;
                }
            } else {
                other++;
            }
        }
        if (known == 0 && prefixed == 0) {
            return 0;
        }
        if (known >= 2 || (known >= 1 && prefixed >= 1)) {
            return 90;
        }
        return prefixed > other ? 60 : 25;
    }

    static boolean isKnown(String name) {
        for (String p : KNOWN_PREFIXES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Trace read(ImportInput input, ImportOptions options, Progress progress)
            throws IOException, ImportException {
        try (InputStream in = input.openStream()) {
            ByteLines ls = new ByteLines(in);
            TraceBuilder b = new TraceBuilder();
            SourceFile source = new SourceFile(input.name(), ID);
            int file = b.addSource(source);
            QemuRequests requests = new QemuRequests(b, source, file);
            Fields f = new Fields();
            Line l = new Line();
            long first = Time.NONE;
            long last = 0;
            long order = 0;
            boolean untimed = false;
            long eventLines = 0;
            String firstBad = null;
            while (ls.next()) {
                if ((ls.lineNo & 0x3fff) == 0) {
                    HeapBudget.atLine(ls.lineNo);
                    progress.update(input.bytesRead(), input.sizeBytes());
                    progress.checkCancelled();
                }
                f.reset(ls.buf, ls.start, ls.end);
                if (!l.parse(f)) {
                    if (ls.isBlank()) {
                        continue;
                    }
                    if (l.programMessage) {
                        requests.message(last, ls.text(), ls.lineNo);
                    } else {
                        source.skip(ls.lineNo, EXPECTED + ", found: " + ls.excerpt());
                        firstBad = firstBad == null ? ls.excerpt() : firstBad;
                    }
                    continue;
                }
                long t;
                if (l.time != Time.NONE) {
                    if (first == Time.NONE) {
                        first = l.time;
                        b.meta().startEpochNs(first);
                    }
                    t = l.time - first;
                } else {
                    if (!untimed) {
                        untimed = true;
                        source.warn(NO_TIMESTAMPS);
                    }
                    t = first == Time.NONE ? ++order * 1000 : last;
                }
                if (t < last) {
                    t = last; // a clock step back (threads logging out of order): keep the
                    // timeline monotonic
                }
                last = t;
                f.p = l.argsStart;
                eventLines++;
                requests.event(f.string(l.nameStart, l.nameEnd), l.argsStart, f, t, ls.lineNo);
            }
            requests.finish();
            source.lines(ls.lineNo);
            if (eventLines == 0 && source.skippedLines() > 0) {
                Problem p = source.problems().get(0);
                throw new ImportException(
                        input.name(),
                        p.line(),
                        "not a QEMU trace-event log: no line is an event"
                                + " ('[tid@sec.usec:]event_name key value ...') (first line: "
                                + (firstBad != null ? firstBad : p.message())
                                + ")");
            }
            if (untimed) {
                source.metadata().put("timestamps", "none (load order)");
            }
            b.meta().source(ID).title(Path.of(input.name()).getFileName().toString());
            return b.build();
        }
    }

    /** The prefix, name and argument start of one line. */
    static final class Line {
        long time;
        int tid;
        int nameStart;
        int nameEnd;
        int argsStart;
        boolean programMessage;

        boolean parse(Fields f) {
            time = Time.NONE;
            tid = -1;
            programMessage = false;
            f.spaces();
            int start = f.p;
            // the usual shapes first: "tid@sec.usec:name", "ISO name", "name"
            if ((!Character.isDigit(f.peek()) || timestamp(f)) && name(f)) {
                return true;
            }
            // the proposed message context may stand before or after the timestamp
            f.p = start;
            time = Time.NONE;
            tid = -1;
            for (int pass = 0; pass < 2; pass++) {
                if (!skipGuestName(f)) {
                    return false;
                }
                skipProgramContext(f);
                if (time == Time.NONE && Character.isDigit(f.peek()) && !timestamp(f)) {
                    return false;
                }
            }
            return name(f);
        }

        /**
         * The event name at the cursor, followed by a space or the line's end; sets the args start.
         */
        private boolean name(Fields f) {
            int ns = f.p;
            int i = ns;
            boolean underscore = false;
            while (i < f.end) {
                int c = f.b[i];
                if (c == '_') {
                    underscore = true;
                } else if (!((c >= 'a' && c <= 'z')
                        || (c >= '0' && c <= '9')
                        || (c >= 'A' && c <= 'Z'))) {
                    break;
                }
                i++;
            }
            if (i == ns || (i < f.end && f.b[i] != ' ')) {
                programMessage = i < f.end && (f.b[i] == ':' || f.b[i] == '-');
                return false;
            }
            if (time == Time.NONE && !underscore) {
                return false; // without a prefix only event-shaped names (a_b) count as events
            }
            nameStart = ns;
            nameEnd = i;
            f.p = i;
            f.spaces();
            argsStart = f.p;
            return true;
        }

        /**
         * "tid@sec.usec:" or "YYYY-MM-DDTHH:MM:SS.ffffffZ "; false (cursor unchanged) when neither.
         */
        private boolean timestamp(Fields f) {
            int s = f.p;
            long n = f.number();
            if (f.eat('@')) {
                long ts = f.seconds();
                if (ts != Fields.BAD && f.eat(':')) {
                    time = ts;
                    tid = (int) n;
                    return true;
                }
            } else if (f.peek() == '-' && f.p - s == 4) {
                f.p = s;
                long ts = iso(f);
                if (ts != Fields.BAD && f.spaces() > 0) {
                    time = ts;
                    return true;
                }
            }
            f.p = s;
            return false;
        }

        /**
         * Skips "[guest-name] " of the proposed message context, if present; false if it does not
         * close.
         */
        private static boolean skipGuestName(Fields f) {
            if (f.peek() != '[') {
                return true;
            }
            for (int i = f.p + 1; i < f.end; i++) {
                if (f.b[i] == ']') {
                    f.p = i + 1;
                    f.spaces();
                    return true;
                }
            }
            return false;
        }

        /** Skips "prog: (tid:thread): " of the proposed message context, if present. */
        private static void skipProgramContext(Fields f) {
            int te = f.tokenEnd();
            if (te > f.p && f.b[te - 1] == ':' && te + 1 < f.end && f.b[te + 1] == '(') {
                int save = f.p;
                f.p = te;
                f.spaces();
                int close = -1;
                for (int i = f.p; i < f.end - 1; i++) {
                    if (f.b[i] == ')' && f.b[i + 1] == ':') {
                        close = i;
                        break;
                    }
                }
                if (close < 0) {
                    f.p = save;
                    return;
                }
                f.p = close + 2;
                f.spaces();
            }
        }

        /** "2025-07-21T18:43:28.089797Z" as ns since the epoch (UTC), or BAD. */
        static long iso(Fields f) {
            long y = f.number();
            if (y == Fields.BAD || !f.eat('-')) {
                return Fields.BAD;
            }
            long mo = f.number();
            if (mo == Fields.BAD || !f.eat('-')) {
                return Fields.BAD;
            }
            long d = f.number();
            if (d == Fields.BAD || !f.eat('T')) {
                return Fields.BAD;
            }
            long hh = f.number();
            if (hh == Fields.BAD || !f.eat(':')) {
                return Fields.BAD;
            }
            long mm = f.number();
            if (mm == Fields.BAD || !f.eat(':')) {
                return Fields.BAD;
            }
            long ss = f.number();
            if (ss == Fields.BAD) {
                return Fields.BAD;
            }
            long frac = 0;
            if (f.eat('.')) {
                int fs = f.p;
                long v = f.number();
                int digits = f.p - fs;
                if (v == Fields.BAD || digits > 9) {
                    return Fields.BAD;
                }
                for (int i = digits; i < 9; i++) {
                    v *= 10;
                }
                frac = v;
            }
            if (!f.eat('Z')) {
                return Fields.BAD;
            }
            long days = daysFromCivil(y, (int) mo, (int) d);
            return ((days * 24 + hh) * 60 + mm) * 60_000_000_000L + ss * 1_000_000_000L + frac;
        }

        /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
        static long daysFromCivil(long y, int m, int d) {
            y -= m <= 2 ? 1 : 0;
            long era = (y >= 0 ? y : y - 399) / 400;
            long yoe = y - era * 400;
            long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
            long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
            return era * 146097 + doe - 719468;
        }
    }
}
