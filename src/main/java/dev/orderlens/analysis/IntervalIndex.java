package dev.orderlens.analysis;

import dev.orderlens.model.IntSort;
import java.util.function.IntConsumer;

/**
 * Finds the rows whose sector range [start, start+count) overlaps a query range, per flush domain.
 * Rows are sorted by (domain, start) and read as an implicit balanced search tree (the middle of
 * each range is its root) in which every root keeps the largest end below it; a query costs O(log n
 * + hits·log n) and the index 12 bytes per row. Built once, read by any number of threads.
 */
final class IntervalIndex {
    private final int[] rows;
    private final long[] maxEnd;
    private final int[] domain;
    private final long[] sector;
    private final int[] count;

    /**
     * @param rows the rows to index (rows with no sectors are left out)
     * @param domain domain of each row (indexed by row)
     * @param sector first sector of each row (indexed by row)
     * @param count length of each row (indexed by row)
     */
    IntervalIndex(int[] rows, int[] domain, long[] sector, int[] count) {
        this.domain = domain;
        this.sector = sector;
        this.count = count;
        int m = 0;
        int[] kept = new int[rows.length];
        for (int r : rows) {
            if (count[r] > 0) {
                kept[m++] = r;
            }
        }
        long[] key = new long[m];
        for (int i = 0; i < m; i++) {
            key[i] = sector[kept[i]];
        }
        int[] byStart = IntSort.stableOrderByKey(key, m);
        for (int i = 0; i < m; i++) {
            key[i] = domain[kept[byStart[i]]];
        }
        int[] byDomain = IntSort.stableOrderByKey(key, m);
        this.rows = new int[m];
        for (int i = 0; i < m; i++) {
            this.rows[i] = kept[byStart[byDomain[i]]];
        }
        this.maxEnd = new long[m];
        fill(0, m - 1);
    }

    private long end(int i) {
        int r = rows[i];
        return sector[r] + count[r];
    }

    private long fill(int lo, int hi) {
        if (lo > hi) {
            return Long.MIN_VALUE;
        }
        int mid = (lo + hi) >>> 1;
        long max = Math.max(end(mid), Math.max(fill(lo, mid - 1), fill(mid + 1, hi)));
        maxEnd[mid] = max;
        return max;
    }

    int size() {
        return rows.length;
    }

    /** Indexed rows in (domain, start) order. */
    int row(int i) {
        return rows[i];
    }

    /**
     * Calls {@code out} with every row of {@code d} overlapping [from, to), in (start, input)
     * order.
     */
    void overlapping(int d, long from, long to, IntConsumer out) {
        if (from >= to || rows.length == 0) {
            return;
        }
        collect(0, rows.length - 1, d, from, to, out);
    }

    private void collect(int lo, int hi, int d, long from, long to, IntConsumer out) {
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (maxEnd[mid] <= from) {
                return; // nothing below here reaches the query
            }
            int r = rows[mid];
            int dm = domain[r];
            if (dm < d || (dm == d && sector[r] + count[r] <= from && sector[r] < to)) {
                // mid is before the query (other domain, or ends before it): the left part may
                // still hold long writes
                if (dm == d) {
                    collect(lo, mid - 1, d, from, to, out);
                }
                lo = mid + 1;
            } else if (dm > d || sector[r] >= to) {
                hi = mid - 1; // mid and everything after it starts after the query
            } else {
                collect(lo, mid - 1, d, from, to, out);
                out.accept(r);
                lo = mid + 1;
            }
        }
    }
}
