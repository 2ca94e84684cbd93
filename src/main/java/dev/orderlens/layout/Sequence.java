package dev.orderlens.layout;

/**
 * The requests drawn on one screen row, in submit order: a packed row (no two overlap) or the
 * summary of a collapsed lane (they may overlap). Knows how to find the first request still
 * visible at a time and carries its level-of-detail pyramid.
 */
public final class Sequence {
    private final int[] rows;
    private final int size;
    private final long[] prefixEnd;
    private final RequestColumns columns;
    private LodPyramid lod;

    /**
     * @param rows request rows in submit order (the array is kept, not copied)
     * @param disjoint true when no two requests overlap in time (then ends are sorted too)
     */
    Sequence(int[] rows, int size, boolean disjoint, RequestColumns columns) {
        this.rows = rows;
        this.size = size;
        this.columns = columns;
        if (disjoint) {
            prefixEnd = null;
        } else {
            prefixEnd = new long[size];
            long max = Long.MIN_VALUE;
            for (int i = 0; i < size; i++) {
                max = Math.max(max, columns.end(rows[i]));
                prefixEnd[i] = max;
            }
        }
    }

    void buildLod(long origin) {
        lod = LodPyramid.build(this, origin);
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

    /** Null when the sequence is small enough to draw request by request at every zoom. */
    public LodPyramid lod() {
        return lod;
    }

    public long start(int pos) {
        return columns.start(rows[pos]);
    }

    /** Latest end among the requests at positions 0..pos (for a packed row: the request's own end). */
    public long coveredUntil(int pos) {
        return prefixEnd == null ? columns.end(rows[pos]) : prefixEnd[pos];
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

    /** Position of a request row, or -1. Rows ascend with position (trace rows are in submit order). */
    public int positionOf(int row) {
        int p = java.util.Arrays.binarySearch(rows, 0, size, row);
        return p < 0 ? -1 : p;
    }

    long retainedBytes() {
        return (long) rows.length * 4 + (prefixEnd == null ? 0 : prefixEnd.length * 8L)
                + (lod == null ? 0 : lod.retainedBytes());
    }
}
