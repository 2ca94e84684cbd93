package dev.orderlens.layout;

/**
 * The requests drawn on one screen row, in submit order: a packed row (no two overlap) or the
 * summary of a collapsed lane (they may overlap). Knows how to find the first request still visible
 * at a time and carries its level-of-detail pyramid.
 *
 * <p>A packed row keeps its own copy of what drawing reads (start, end, op, marks) in position
 * order: a row's requests are scattered through the trace's columns, and reading them there costs a
 * cache miss per field per request, which dominated zoomed-out frames. 18 bytes a request.
 */
public final class Sequence {
    private final int[] rows;
    private final int size;
    private final long[] prefixEnd;
    private final long[] starts;
    private final long[] ends;
    private final byte[] ops;
    private final byte[] marks;
    private final RequestColumns columns;
    private final long origin;
    private volatile boolean lodReady;
    private LodPyramid lod;

    private Sequence(
            int[] rows,
            int size,
            long[] prefixEnd,
            long[] starts,
            long[] ends,
            byte[] ops,
            byte[] marks,
            RequestColumns columns,
            long origin) {
        this.rows = rows;
        this.size = size;
        this.prefixEnd = prefixEnd;
        this.starts = starts;
        this.ends = ends;
        this.ops = ops;
        this.marks = marks;
        this.columns = columns;
        this.origin = origin;
    }

    /**
     * A packed row (no two requests overlap), with its drawing columns already copied out in
     * position order. {@code origin} aligns the level-of-detail buckets (the trace's start).
     */
    static Sequence packed(
            int[] rows,
            long[] starts,
            long[] ends,
            byte[] ops,
            byte[] marks,
            RequestColumns columns,
            long origin) {
        return new Sequence(rows, rows.length, null, starts, ends, ops, marks, columns, origin);
    }

    /**
     * Requests that may overlap (a collapsed lane's summary): the first {@code size} of {@code
     * rows}.
     */
    static Sequence overlapping(int[] rows, int size, RequestColumns columns, long origin) {
        long[] prefixEnd = new long[size];
        long max = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, columns.end(rows[i]));
            prefixEnd[i] = max;
        }
        return new Sequence(rows, size, prefixEnd, null, null, null, null, columns, origin);
    }

    public int size() {
        return size;
    }

    /** Request row at a position. */
    public int row(int pos) {
        return rows[pos];
    }

    public RequestColumns columns() {
        return columns;
    }

    public boolean disjoint() {
        return prefixEnd == null;
    }

    /**
     * The levels of detail, built on first use (only rows that are drawn pay for them); null when
     * the sequence is small enough to draw request by request at every zoom. Thread-safe.
     */
    public LodPyramid lod() {
        if (!lodReady) {
            synchronized (this) {
                if (!lodReady) {
                    lod = LodPyramid.build(this, origin);
                    lodReady = true;
                }
            }
        }
        return lod;
    }

    public long start(int pos) {
        return starts != null ? starts[pos] : columns.start(rows[pos]);
    }

    /** The request's own end (see {@link RequestColumns#end}). */
    public long end(int pos) {
        return ends != null ? ends[pos] : columns.end(rows[pos]);
    }

    public int op(int pos) {
        return ops != null ? ops[pos] : columns.op(rows[pos]);
    }

    public int marks(int pos) {
        return marks != null ? marks[pos] : columns.marks(rows[pos]);
    }

    /**
     * Latest end among the requests at positions 0..pos (for a packed row: the request's own end).
     */
    public long coveredUntil(int pos) {
        return prefixEnd == null ? ends[pos] : prefixEnd[pos];
    }

    /** First position whose request (or an earlier one) still runs at or after {@code t}. */
    public int firstCovering(long t) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (coveredUntil(mid) < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First position whose request starts at or after {@code t}. */
    public int firstStartingAt(long t) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (start(mid) < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Position of a request row, or -1. Rows ascend with position (trace rows are in submit order).
     */
    public int positionOf(int row) {
        int p = java.util.Arrays.binarySearch(rows, 0, size, row);
        return p < 0 ? -1 : p;
    }

    long retainedBytes() {
        return (long) rows.length * 4
                + (prefixEnd == null ? 0 : prefixEnd.length * 8L)
                + (starts == null ? 0 : starts.length * 18L)
                + (lod() == null ? 0 : lod().retainedBytes());
    }
}
