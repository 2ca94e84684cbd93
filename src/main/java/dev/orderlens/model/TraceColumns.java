package dev.orderlens.model;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A built trace as a flat sequence of primitives and arrays, and back: what the on-disk trace cache
 * stores (ADR 0360). Everything an import gives is written — meta, layers, lanes, strings, tasks,
 * every request column as it is stored (through {@code RequestTable.Columns.all()}, so a new column
 * follows), events, source files with their problems and warnings, the simulator's truth — so the
 * trace read back is the one that was written, field for field. The byte layout (file, header,
 * checksum) belongs to the {@link Sink} and {@link Source}; this class only fixes the order.
 */
public final class TraceColumns {
    private TraceColumns() {}

    /** Where a trace is written. A null array is written as absent, not as empty. */
    public interface Sink {
        void i32(int v) throws IOException;

        void i64(long v) throws IOException;

        /** A string, or null. */
        void string(String s) throws IOException;

        void longs(long[] a) throws IOException;

        void ints(int[] a) throws IOException;

        void shorts(short[] a) throws IOException;

        void bytes(byte[] a) throws IOException;
    }

    /**
     * Where a trace is read from. Implementations bound every length by the bytes left before
     * allocating and throw {@link Corrupt} when it does not fit.
     */
    public interface Source {
        int i32() throws IOException;

        long i64() throws IOException;

        String string() throws IOException;

        long[] longs() throws IOException;

        int[] ints() throws IOException;

        short[] shorts() throws IOException;

        byte[] bytes() throws IOException;

        /** A non-negative count (of rows, strings, list items). */
        default int count() throws IOException {
            int n = i32();
            if (n < 0) {
                throw new Corrupt("a negative count");
            }
            return n;
        }
    }

    /** The stored form does not describe a trace. */
    public static final class Corrupt extends IOException {
        public Corrupt(String message) {
            super(message);
        }
    }

    /** Writes every part of the trace. */
    public static void write(Trace t, Sink out) throws IOException {
        writeMeta(t.meta(), out);
        out.i32(t.layers().size());
        for (Layer l : t.layers()) {
            out.string(l.id());
            out.string(l.name());
        }
        out.i32(t.lanes().size());
        for (Lane l : t.lanes()) {
            out.i32(l.layer());
            out.i32(l.file());
            out.string(l.name());
        }
        RequestTable table = t.requestTable();
        table.pool().save(out);
        table.tasks().save(out);
        table.save(out);
        ((EventTable) t.events()).save(out);
        out.i32(t.sources().size());
        for (SourceFile f : t.sources()) {
            writeSource(f, out);
        }
        writeTruth(t.truth(), out);
    }

    /** Reads a trace written by {@link #write}. */
    public static Trace read(Source in) throws IOException {
        TraceMeta meta = readMeta(in);
        int layerCount = in.count();
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < layerCount; i++) {
            layers.add(new Layer(i, present(in.string()), present(in.string())));
        }
        int laneCount = in.count();
        List<Lane> lanes = new ArrayList<>();
        for (int i = 0; i < laneCount; i++) {
            int layer = in.i32();
            int file = in.i32();
            if (layer < 0 || layer >= layerCount || file < 0) {
                throw new Corrupt("lane " + i + " points outside the trace");
            }
            lanes.add(new Lane(i, layer, file, in.string()));
        }
        StringPool pool = new StringPool();
        pool.load(in);
        TaskTable tasks = new TaskTable(pool);
        tasks.load(in);
        RequestTable requests = RequestTable.load(in, pool, tasks, lanes);
        EventTable events = new EventTable(pool);
        events.load(in, layerCount, laneCount, requests.size());
        int sourceCount = in.count();
        List<SourceFile> sources = new ArrayList<>();
        for (int i = 0; i < sourceCount; i++) {
            sources.add(readSource(in));
        }
        for (Lane l : lanes) {
            if (l.file() >= sourceCount && sourceCount > 0) {
                throw new Corrupt("lane " + l.index() + " names a file the trace does not have");
            }
        }
        Truth truth = readTruth(in);
        return new Trace(meta, layers, lanes, requests, events, sources, truth, pool);
    }

    /** The array, checked to hold exactly {@code n} values (null stays null: no storage). */
    static long[] sized(long[] a, int n) throws Corrupt {
        return a == null || a.length == n ? a : wrongLength(a.length, n);
    }

    static int[] sized(int[] a, int n) throws Corrupt {
        return a == null || a.length == n ? a : wrongLength(a.length, n);
    }

    static short[] sized(short[] a, int n) throws Corrupt {
        return a == null || a.length == n ? a : wrongLength(a.length, n);
    }

    static byte[] sized(byte[] a, int n) throws Corrupt {
        return a == null || a.length == n ? a : wrongLength(a.length, n);
    }

    private static <T> T wrongLength(int got, int n) throws Corrupt {
        throw new Corrupt("a column of " + got + " values for " + n + " rows");
    }

    /** The value, which must be there. */
    static <T> T present(T value) throws Corrupt {
        if (value == null) {
            throw new Corrupt("a required value is absent");
        }
        return value;
    }

    /** CSR offsets: start at 0, never decrease, end at the values' length. */
    static void checkOffsets(int[] start, int values) throws Corrupt {
        if (start == null) {
            return;
        }
        int prev = 0;
        for (int v : start) {
            if (v < prev || v > values) {
                throw new Corrupt("index offsets out of order");
            }
            prev = v;
        }
        if (start.length > 0 && (start[0] != 0 || start[start.length - 1] != values)) {
            throw new Corrupt("index offsets do not cover their values");
        }
    }

    private static void writeMeta(TraceMeta m, Sink out) throws IOException {
        out.string(m.title());
        out.string(m.source());
        out.i32(m.sectorSize());
        out.string(m.scenario());
        out.i64(m.startEpochNs());
        writeValue(m.config(), out);
    }

    @SuppressWarnings("unchecked")
    private static TraceMeta readMeta(Source in) throws IOException {
        TraceMeta m = new TraceMeta();
        m.title(in.string()).source(in.string()).sectorSize(in.i32()).scenario(in.string());
        m.startEpochNs(in.i64());
        if (!(readValue(in, 0) instanceof Map<?, ?> config)) {
            throw new Corrupt("the trace's config is not an object");
        }
        m.config().putAll((Map<String, Object>) config);
        return m;
    }

    private static void writeSource(SourceFile f, Sink out) throws IOException {
        out.string(f.path());
        out.string(f.format());
        out.i64(f.offsetNs());
        out.i32(f.offsetEstimated() ? 1 : 0);
        out.i32(f.clockSegments().size());
        for (ClockSegment c : f.clockSegments()) {
            out.i64(c.fromNs());
            out.i64(c.offsetNs());
            out.i64(c.pauseNs());
            out.i64(c.pausedFromNs());
            out.i32(c.estimated() ? 1 : 0);
        }
        out.i64(f.lines());
        out.i64(f.skippedLines());
        out.i32(f.problems().size());
        for (Problem p : f.problems()) {
            out.string(p.file());
            out.i32(p.line());
            out.string(p.message());
        }
        out.i32(f.warnings().size());
        for (String w : f.warnings()) {
            out.string(w);
        }
        out.i32(f.metadata().size());
        for (Map.Entry<String, String> e : f.metadata().entrySet()) {
            out.string(e.getKey());
            out.string(e.getValue());
        }
    }

    private static SourceFile readSource(Source in) throws IOException {
        SourceFile f = new SourceFile(present(in.string()), in.string());
        long offset = in.i64();
        f.offset(offset, in.i32() != 0);
        int segments = in.count();
        List<ClockSegment> clock = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            clock.add(new ClockSegment(in.i64(), in.i64(), in.i64(), in.i64(), in.i32() != 0));
        }
        f.clockSegments(clock);
        f.lines(in.i64());
        long skipped = in.i64();
        int problems = in.count();
        List<Problem> kept = new ArrayList<>();
        for (int i = 0; i < problems; i++) {
            kept.add(new Problem(in.string(), in.i32(), in.string()));
        }
        f.restore(skipped, kept);
        int warnings = in.count();
        for (int i = 0; i < warnings; i++) {
            f.warn(present(in.string()));
        }
        int metadata = in.count();
        for (int i = 0; i < metadata; i++) {
            f.metadata().put(present(in.string()), in.string());
        }
        return f;
    }

    private static void writeTruth(Truth t, Sink out) throws IOException {
        out.i32(t == null ? 0 : 1);
        if (t == null) {
            return;
        }
        out.i64(t.crashAt());
        out.string(t.crashKind());
        out.i32(t.sectors().size());
        for (Truth.SectorContent s : t.sectors()) {
            out.i64(s.sector());
            out.string(s.data());
        }
        out.i32(t.inFlight().size());
        for (Truth.InFlight f : t.inFlight()) {
            out.i32(f.requestId());
            out.string(f.where());
        }
    }

    private static Truth readTruth(Source in) throws IOException {
        if (in.i32() == 0) {
            return null;
        }
        Truth t = new Truth(in.i64(), in.string());
        int sectors = in.count();
        for (int i = 0; i < sectors; i++) {
            t.addSector(in.i64(), in.string());
        }
        int inFlight = in.count();
        for (int i = 0; i < inFlight; i++) {
            t.addInFlight(in.i32(), in.string());
        }
        return t;
    }

    // config values: what the JSON reader puts there, each with its own tag so the
    // trace written back out is the same JSON
    private static final int NULL = 0;
    private static final int STRING = 1;
    private static final int INT = 2;
    private static final int LONG = 3;
    private static final int DOUBLE = 4;
    private static final int BIG_INTEGER = 5;
    private static final int BIG_DECIMAL = 6;
    private static final int BOOLEAN = 7;
    private static final int MAP = 8;
    private static final int LIST = 9;

    /** Deeper config nesting than this is refused on read (a damaged file cannot recurse). */
    private static final int MAX_DEPTH = 64;

    private static void writeValue(Object v, Sink out) throws IOException {
        if (v == null) {
            out.i32(NULL);
        } else if (v instanceof String s) {
            out.i32(STRING);
            out.string(s);
        } else if (v instanceof Integer i) {
            out.i32(INT);
            out.i32(i);
        } else if (v instanceof Long l) {
            out.i32(LONG);
            out.i64(l);
        } else if (v instanceof Double d) {
            out.i32(DOUBLE);
            out.i64(Double.doubleToRawLongBits(d));
        } else if (v instanceof BigInteger b) {
            out.i32(BIG_INTEGER);
            out.string(b.toString());
        } else if (v instanceof BigDecimal b) {
            out.i32(BIG_DECIMAL);
            out.string(b.toString());
        } else if (v instanceof Boolean b) {
            out.i32(BOOLEAN);
            out.i32(b ? 1 : 0);
        } else if (v instanceof Map<?, ?> m) {
            out.i32(MAP);
            out.i32(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.string(String.valueOf(e.getKey()));
                writeValue(e.getValue(), out);
            }
        } else if (v instanceof List<?> l) {
            out.i32(LIST);
            out.i32(l.size());
            for (Object o : l) {
                writeValue(o, out);
            }
        } else {
            // refused, not guessed: the trace is then simply not cached
            throw new IOException(
                    "a config value of type " + v.getClass().getName() + " cannot be cached");
        }
    }

    private static Object readValue(Source in, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new Corrupt("config nested too deep");
        }
        int tag = in.i32();
        return switch (tag) {
            case NULL -> null;
            case STRING -> present(in.string());
            case INT -> in.i32();
            case LONG -> in.i64();
            case DOUBLE -> Double.longBitsToDouble(in.i64());
            case BIG_INTEGER -> number(() -> new BigInteger(present(in.string())));
            case BIG_DECIMAL -> number(() -> new BigDecimal(present(in.string())));
            case BOOLEAN -> in.i32() != 0;
            case MAP -> {
                int n = in.count();
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    m.put(present(in.string()), readValue(in, depth + 1));
                }
                yield m;
            }
            case LIST -> {
                int n = in.count();
                List<Object> l = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    l.add(readValue(in, depth + 1));
                }
                yield l;
            }
            default -> throw new Corrupt("an unknown config value tag " + tag);
        };
    }

    private interface NumberText {
        Number parse() throws IOException;
    }

    private static Number number(NumberText text) throws IOException {
        try {
            return text.parse();
        } catch (NumberFormatException e) {
            throw new Corrupt("a config number that is not a number");
        }
    }
}
