package dev.orderlens.layout;

import dev.orderlens.model.Flags;
import dev.orderlens.model.Lane;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * iowatcher's views of a trace, binned by pixel: per lane, a sector-versus-time plot (each read and
 * write a point, or a short vertical stroke when it spans more than one pixel of sectors, at its
 * submit time), the flushes (a flush request or a PREFLUSH write, at its submit time), and the
 * throughput and IOPS of the reads and writes completed in each pixel column.
 *
 * <p>{@link #of} reads each lane's sector range once per trace (so the plot does not jump while
 * panning); {@link #frame} bins one window into {@code columns × rows} cells in one pass over the
 * requests, with a difference array per column for the strokes: O(requests + cells), whatever the
 * zoom, which keeps a million requests well under a frame's budget (docs/benchmarks.md).
 * Write-zeroes count as writes; discards move no data and are left out, as other ops are.
 */
public final class SectorPlot {
    /** A lane's plotted sector range over the whole trace: [lo, hi). */
    public record LaneRange(int lane, String label, long lo, long hi) {}

    private final Trace trace;
    private final List<LaneRange> lanes;
    private final int[] slotOfLane;

    private SectorPlot(Trace trace, List<LaneRange> lanes, int[] slotOfLane) {
        this.trace = trace;
        this.lanes = lanes;
        this.slotOfLane = slotOfLane;
    }

    /** Whether a request is a point of the plot and counts in throughput and IOPS. */
    public static boolean plotted(Op op) {
        return op == Op.READ || op == Op.WRITE || op == Op.WRITE_ZEROES;
    }

    /** Whether a request is drawn as a flush line: a flush, or a write with PREFLUSH. */
    public static boolean flushes(Op op, int flags) {
        return op == Op.FLUSH || (flags & Flags.PREFLUSH) != 0;
    }

    /** The lanes with reads or writes, in layer order, with their sector ranges. */
    public static SectorPlot of(Trace t) {
        Requests r = t.requests();
        int nl = t.lanes().size();
        long[] lo = new long[nl];
        long[] hi = new long[nl];
        java.util.Arrays.fill(lo, Long.MAX_VALUE);
        java.util.Arrays.fill(hi, Long.MIN_VALUE);
        for (int row = 0; row < r.size(); row++) {
            if (plotted(r.op(row))) {
                int l = r.lane(row);
                long s = r.sector(row);
                lo[l] = Math.min(lo[l], s);
                hi[l] = Math.max(hi[l], s + Math.max(1, r.count(row)));
            }
        }
        List<Lane> order = new ArrayList<>(t.lanes());
        order.sort(
                (a, b) ->
                        a.layer() != b.layer()
                                ? Integer.compare(a.layer(), b.layer())
                                : Integer.compare(a.index(), b.index()));
        List<LaneRange> out = new ArrayList<>();
        int[] slot = new int[nl];
        java.util.Arrays.fill(slot, -1);
        for (Lane l : order) {
            if (hi[l.index()] > lo[l.index()]) {
                slot[l.index()] = out.size();
                out.add(
                        new LaneRange(
                                l.index(),
                                t.layers().get(l.layer()).id() + " " + l.name(),
                                lo[l.index()],
                                hi[l.index()]));
            }
        }
        return new SectorPlot(t, List.copyOf(out), slot);
    }

    public Trace trace() {
        return trace;
    }

    public List<LaneRange> lanes() {
        return lanes;
    }

    /**
     * The bin of {@code v} when [lo, hi) is cut into {@code n} equal bins: {@code floor((v - lo) ·
     * n / (hi - lo))}, exactly in integers, or -1 outside the range.
     */
    public static int bin(long v, long lo, long hi, int n) {
        if (v < lo || v >= hi) {
            return -1;
        }
        long d = v - lo;
        long span = hi - lo;
        if (span > 0 && d <= Long.MAX_VALUE / n) {
            return (int) (d * n / span);
        }
        // products past 2^63 (spans of months at a pixel per column): exact, slowly, and rare
        return java.math.BigInteger.valueOf(d)
                .multiply(java.math.BigInteger.valueOf(n))
                .divide(java.math.BigInteger.valueOf(span))
                .intValueExact();
    }

    /**
     * Bins the window [startNs, endNs) into {@code columns} pixel columns and {@code rows} rows.
     */
    public Frame frame(long startNs, long endNs, int columns, int rows) {
        if (!(endNs > startNs) || columns < 1 || rows < 1) {
            throw new IllegalArgumentException(
                    "an empty plot: " + startNs + " .. " + endNs + " ns, " + columns + "×" + rows);
        }
        int stride = rows + 1;
        List<LaneFrame> frames = new ArrayList<>(lanes.size());
        for (LaneRange l : lanes) {
            frames.add(new LaneFrame(l, columns, rows));
        }
        Requests r = trace.requests();
        long sectorBytes = trace.meta().sectorSize();
        for (int row = 0; row < r.size(); row++) {
            int slot = slotOfLane[r.lane(row)];
            Op op = r.op(row);
            if (slot < 0) {
                continue; // a lane with no reads or writes at all (flushes only): not plotted
            }
            LaneFrame f = frames.get(slot);
            if (flushes(op, r.flags(row))) {
                int c = bin(r.submit(row), startNs, endNs, columns);
                if (c >= 0) {
                    f.flush[c] = true;
                }
            }
            if (!plotted(op)) {
                continue;
            }
            int c = bin(r.submit(row), startNs, endNs, columns);
            if (c >= 0) {
                LaneRange lr = f.range;
                long first = r.sector(row);
                long last = first + Math.max(1, r.count(row)) - 1;
                // row 0 is the top: the highest sectors
                int top = rows - 1 - bin(last, lr.lo(), lr.hi(), rows);
                int bottom = rows - 1 - bin(first, lr.lo(), lr.hi(), rows);
                int[] diff = op == Op.READ ? f.reads : f.writes;
                diff[c * stride + top]++;
                diff[c * stride + bottom + 1]--;
            }
            long done = r.complete(row);
            if (done != Time.NONE) {
                int cc = bin(done, startNs, endNs, columns);
                if (cc >= 0) {
                    f.bytes[cc] += (long) r.count(row) * sectorBytes;
                    f.ios[cc]++;
                }
            }
        }
        for (LaneFrame f : frames) {
            f.integrate();
        }
        return new Frame(startNs, endNs, columns, rows, List.copyOf(frames));
    }

    /** One window binned: per lane its cells, flush columns and per-column completions. */
    public record Frame(long startNs, long endNs, int columns, int rows, List<LaneFrame> lanes) {
        /** Seconds per column. */
        public double columnSeconds() {
            return (double) (endNs - startNs) / columns / 1e9;
        }
    }

    /** One lane of a {@link Frame}. */
    public static final class LaneFrame {
        private final LaneRange range;
        private final int columns;
        private final int rows;

        /** Per column, {@code rows + 1} slots: a difference array until {@link #integrate}. */
        private final int[] reads;

        private final int[] writes;
        private final boolean[] flush;
        private final long[] bytes;
        private final int[] ios;
        private long maxBytes;
        private int maxIos;

        LaneFrame(LaneRange range, int columns, int rows) {
            this.range = range;
            this.columns = columns;
            this.rows = rows;
            reads = new int[columns * (rows + 1)];
            writes = new int[columns * (rows + 1)];
            flush = new boolean[columns];
            bytes = new long[columns];
            ios = new int[columns];
        }

        private void integrate() {
            int stride = rows + 1;
            for (int c = 0; c < columns; c++) {
                int base = c * stride;
                for (int y = 1; y < rows; y++) {
                    reads[base + y] += reads[base + y - 1];
                    writes[base + y] += writes[base + y - 1];
                }
                maxBytes = Math.max(maxBytes, bytes[c]);
                maxIos = Math.max(maxIos, ios[c]);
            }
        }

        public LaneRange range() {
            return range;
        }

        /** Reads submitted in column {@code c} whose sectors reach pixel row {@code y}. */
        public int reads(int c, int y) {
            return reads[c * (rows + 1) + y];
        }

        /** Writes (and write-zeroes) submitted in column {@code c} reaching pixel row {@code y}. */
        public int writes(int c, int y) {
            return writes[c * (rows + 1) + y];
        }

        /** Whether a flush (or PREFLUSH write) was submitted in column {@code c}. */
        public boolean flush(int c) {
            return flush[c];
        }

        /** Bytes of the reads and writes completed in column {@code c}. */
        public long bytes(int c) {
            return bytes[c];
        }

        /** Reads and writes completed in column {@code c}. */
        public int ios(int c) {
            return ios[c];
        }

        public long maxBytes() {
            return maxBytes;
        }

        public int maxIos() {
            return maxIos;
        }
    }
}
