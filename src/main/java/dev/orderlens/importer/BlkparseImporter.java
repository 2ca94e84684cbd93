package dev.orderlens.importer;

import dev.orderlens.model.Errno;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.HeapBudget;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Problem;
import dev.orderlens.model.Progress;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

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
        return read(input, options, progress, input.sizeBytes() >= PARALLEL_FROM_BYTES);
    }

    /** Scanning on a thread of its own pays from a few MB on; below, one thread is as fast. */
    private static final long PARALLEL_FROM_BYTES = 4 << 20;

    /**
     * The scanner runs batches ahead of the reconstruction and outside the import's heap budget (a
     * per-thread {@code HeapBudget}): with a small heap it is the thread that runs out first, so
     * below this the import stays on one thread and is refused cleanly instead.
     */
    private static final long PARALLEL_FROM_HEAP = 1L << 30;

    /** Reads with the line scanning on a second thread ({@code parallel}) or on this one. */
    Trace read(ImportInput input, ImportOptions options, Progress progress, boolean parallel)
            throws IOException, ImportException {
        try (InputStream in = input.openStream()) {
            return new Reader(input, options, progress, new ByteLines(in))
                    .read(
                            parallel
                                    && Runtime.getRuntime().availableProcessors() > 1
                                    && Runtime.getRuntime().maxMemory() >= PARALLEL_FROM_HEAP);
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

    /**
     * Applies decoded lines to the request reconstruction in file order; the scanning runs on a
     * thread of its own when {@code parallel} (a pipeline: the result is the same by construction,
     * since every entry is applied in the order of the file).
     */
    private static final class Reader {
        /** Batches in flight between the scanning thread and this one. */
        private static final int BATCHES = 4;

        private final ImportInput input;
        private final Progress progress;
        private final BlkparseDecoder decoder;
        private final TraceBuilder b = new TraceBuilder();
        private final SourceFile source;
        private final BlkRequests requests;
        private final Summary summary;
        private String firstBad;
        private int events;
        private final BlkRequests.BioEvent bio = new BlkRequests.BioEvent();

        Reader(ImportInput input, ImportOptions options, Progress progress, ByteLines lines) {
            this.input = input;
            this.progress = progress;
            this.decoder = new BlkparseDecoder(input, lines);
            this.source = new SourceFile(input.name(), ID);
            int file = b.addSource(source);
            String layer = options.layer() != null ? options.layer() : Layer.DEVICE;
            this.requests = new BlkRequests(b, source, file, b.layer(layer));
            this.summary = new Summary(source.metadata());
            // blkparse prints ~5 lines of ~70 bytes per request: size the columns once instead of
            // doubling and copying them (compressed input underestimates; the columns then grow)
            int rows = (int) Math.min(1 << 28, input.sizeBytes() / BYTES_PER_REQUEST);
            b.requests().reserve(rows);
            // and so are the source lines past each request's first (~4.3 a request: Q G I D C,
            // merges) and the point events (~0.6 a request: plugs, unplugs, merges)
            try {
                b.requests().reserveExtraLines(rows * 4);
                b.events().reserve(rows / 2);
            } catch (HeapBudget.Exceeded e) {
                // an estimate the heap cannot hold up front: they grow as needed, under the budget
            }
        }

        Trace read(boolean parallel) throws IOException, ImportException {
            if (parallel) {
                readInParallel();
            } else {
                BlkparseDecoder.Batch batch = new BlkparseDecoder.Batch();
                do {
                    batch.clear();
                    decoder.fill(batch);
                    apply(batch);
                } while (!batch.last);
            }
            requests.finish();
            source.lines(decoder.lineCount());
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

        /** Scans on a second thread, applies here; batches go round through two queues. */
        private void readInParallel() throws IOException {
            BlockingQueue<BlkparseDecoder.Batch> empty = new ArrayBlockingQueue<>(BATCHES);
            BlockingQueue<BlkparseDecoder.Batch> filled = new ArrayBlockingQueue<>(BATCHES);
            for (int i = 0; i < BATCHES; i++) {
                empty.add(new BlkparseDecoder.Batch());
            }
            Thread scanner =
                    new Thread(
                            () -> {
                                try {
                                    boolean last;
                                    do {
                                        BlkparseDecoder.Batch batch = empty.take();
                                        batch.clear();
                                        try {
                                            decoder.fill(batch);
                                        } catch (IOException | RuntimeException | Error e) {
                                            batch.failure = e;
                                            batch.last = true;
                                        }
                                        last = batch.last; // once handed over, it is not ours
                                        filled.put(batch);
                                    } while (!last);
                                } catch (InterruptedException e) {
                                    // the import stopped (cancelled or failed): nothing to hand
                                    // over
                                }
                            },
                            "blkparse-scanner");
            scanner.setDaemon(true);
            scanner.start();
            try {
                boolean last;
                do {
                    BlkparseDecoder.Batch batch = filled.take();
                    if (batch.failure != null) {
                        rethrow(batch.failure);
                    }
                    apply(batch);
                    // read before handing the batch back: the scanner clears and refills it at
                    // once, and a "last" read after that ended the import a batch early (a
                    // 120,000-line file once lost 12,918 requests)
                    last = batch.last;
                    empty.put(batch);
                } while (!last);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("import interrupted");
            } finally {
                scanner.interrupt();
                try {
                    scanner.join(); // the stream is closed after this returns
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private static void rethrow(Throwable t) throws IOException {
            if (t instanceof IOException io) {
                throw io;
            }
            if (t instanceof RuntimeException re) {
                throw re;
            }
            throw (Error) t;
        }

        /** Applies one batch of decoded lines, in order. */
        private void apply(BlkparseDecoder.Batch x) {
            HeapBudget.atLine(x.size > 0 ? x.line[0] : 0);
            progress.update(x.bytesRead, input.sizeBytes());
            progress.checkCancelled();
            for (int i = 0; i < x.size; i++) {
                int line = x.line[i];
                switch (x.kind[i]) {
                    case BlkparseDecoder.EVENT -> {
                        event(x, i, line);
                        events++;
                    }
                    case BlkparseDecoder.BAD -> {
                        requests.dev(x.major[i], x.minor[i]); // the line names a device
                        source.skip(line, x.text[i]);
                    }
                    case BlkparseDecoder.SKIP -> source.skip(line, x.text[i]);
                    case BlkparseDecoder.WARN -> source.warn(x.text[i]);
                    case BlkparseDecoder.OTHER -> {
                        if (!summary.accept(x.text[i])) {
                            source.skip(line, EXPECTED + ", found: " + x.text2[i]);
                            firstBad = firstBad == null ? x.text2[i] : firstBad;
                        }
                    }
                    default -> throw new IllegalStateException("entry kind " + x.kind[i]);
                }
            }
        }

        /** One decoded event line, handed to the reconstruction. */
        private void event(BlkparseDecoder.Batch x, int i, int line) {
            BlkRequests.Dev d = requests.dev(x.major[i], x.minor[i]);
            long t = x.time[i];
            byte a0 = x.a0[i];
            if (x.a1[i] != 0 || a0 == 'U' || a0 == 'T') { // U, UT (and T)
                long n = x.extra[i];
                requests.event(
                        t,
                        EventKind.UNPLUG,
                        d,
                        -1,
                        0,
                        line,
                        a0 == 'U' && x.a1[i] == 0 ? "U" : "UT",
                        n == Fields.BAD ? null : n + " request(s)");
                return;
            }
            switch (a0) {
                case 'Q', 'G', 'S', 'I', 'B', 'D' -> {
                    var e =
                            bio.set(
                                    d,
                                    x.letter[i],
                                    x.op[i],
                                    x.flags[i],
                                    x.sector[i],
                                    x.count[i],
                                    t,
                                    x.pid[i],
                                    x.text[i],
                                    line);
                    switch (a0) {
                        case 'Q' -> requests.queue(e);
                        case 'G', 'I' -> requests.step(e, BlkRequests.GOT, (char) a0);
                        case 'S', 'B' -> requests.step(e, BlkRequests.QUEUED, (char) a0);
                        default -> requests.issue(e);
                    }
                }
                case 'M', 'F' ->
                        requests.merge(
                                d,
                                x.letter[i],
                                x.sector[i],
                                x.count[i],
                                t,
                                line,
                                a0 == 'M',
                                a0 == 'M' ? "M" : "F");
                case 'C' ->
                        requests.complete(
                                d,
                                x.letter[i],
                                x.sector[i],
                                x.count[i],
                                t,
                                Errno.ofBlktrace(x.extra[i]),
                                line);
                case 'R' -> requests.requeue(d, x.letter[i], x.sector[i], x.count[i], t, line);
                case 'P' -> requests.event(t, EventKind.PLUG, d, -1, 0, line, "P", null);
                case 'X' ->
                        requests.split(d, x.sector[i], x.extra[i], t, x.pid[i], x.text[i], line);
                case 'A' ->
                        requests.remap(
                                d,
                                x.letter[i],
                                x.sector[i],
                                x.count[i],
                                t,
                                line,
                                x.fromMajor[i],
                                x.fromMinor[i],
                                x.extra[i]);
                case 'm' -> requests.event(t, EventKind.MESSAGE, d, -1, 0, line, "m", x.text[i]);
                default -> throw new IllegalStateException("action " + (char) a0);
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
                meta.merge("Input files", name, (a, c) -> appended(a, ", ", c));
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
                        (a, c) -> appended(a, "; ", c));
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

        /** Longest value a repeated summary line is appended to (one entry per device). */
        static final int MAX_APPENDED = 4096;

        /**
         * {@code a + sep + c} until the value is {@link #MAX_APPENDED} long, then {@code a}: a file
         * of a million repeated summary lines would otherwise copy an ever longer string for each
         * (issue 17: time linear in the input).
         */
        private static String appended(String a, String sep, String c) {
            if (a.length() >= MAX_APPENDED) {
                return a;
            }
            String s = a + sep + c;
            return s.length() < MAX_APPENDED ? s : s + sep + "…";
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
