package dev.orderlens.analysis;

import dev.orderlens.model.IntSort;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Finds the rows whose sector range [start, start+count) overlaps a query range, per flush domain:
 * rows sorted by (domain, start) under a segment tree of the largest end, so a query costs
 * O(log n + hits·log n). Built once, read by any number of threads.
 */
final class IntervalIndex {
    private final int[] rows;
    private final int[] domainOf;
    private final long[] start;
    private final long[] end;
    private final int leaves;
    private final long[] maxEnd;

    /**
     * @param rows the rows to index
     * @param domain domain of each row (indexed by row)
     * @param sector first sector of each row (indexed by row)
     * @param count length of each row (indexed by row); empty rows are left out
     */
    IntervalIndex(int[] rows, int[] domain, long[] sector, int[] count) {
        int m = 0;
        int[] kept = new int[rows.length];
        for (int r : rows) {
            if (count[r] > 0) {
                kept[m++] = r;
            }
        }
        long[] key = new long[m];
        // domain in the high bits keeps domains apart; starts are compared within a domain below
        for (int i = 0; i < m; i++) {
            key[i] = sector[kept[i]];
        }
        int[] byStart = IntSort.stableOrderByKey(key, m);
        int[] dom = new int[m];
        for (int i = 0; i < m; i++) {
            dom[i] = domain[kept[byStart[i]]];
        }
        int[] byDomain = IntSort.stableOrderByKey(toLongs(dom), m);
        this.rows = new int[m];
        this.domainOf = new int[m];
        this.start = new long[m];
        this.end = new long[m];
        for (int i = 0; i < m; i++) {
            int r = kept[byStart[byDomain[i]]];
            this.rows[i] = r;
            this.domainOf[i] = domain[r];
            this.start[i] = sector[r];
            this.end[i] = sector[r] + count[r];
        }
        int l = 1;
        while (l < Math.max(1, m)) {
            l <<= 1;
        }
        this.leaves = l;
        this.maxEnd = new long[2 * l];
        Arrays.fill(maxEnd, Long.MIN_VALUE);
        for (int i = 0; i < m; i++) {
            maxEnd[l + i] = end[i];
        }
        for (int i = l - 1; i >= 1; i--) {
            maxEnd[i] = Math.max(maxEnd[2 * i], maxEnd[2 * i + 1]);
        }
    }

    private static long[] toLongs(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    int size() {
        return rows.length;
    }

    /** Calls {@code out} with every row of {@code domain} overlapping [from, to). */
    void overlapping(int domain, long from, long to, IntConsumer out) {
        if (from >= to || rows.length == 0) {
            return;
        }
        int lo = firstOfDomain(domain);
        if (lo >= rows.length || domainOf[lo] != domain) {
            return;
        }
        int hi = lastStartingBefore(domain, to); // inclusive
        if (hi < lo) {
            return;
        }
        collect(1, 0, leaves - 1, lo, hi, from, out);
    }

    private void collect(int node, int nodeLo, int nodeHi, int lo, int hi, long from, IntConsumer out) {
        if (nodeHi < lo || nodeLo > hi || maxEnd[node] <= from) {
            return;
        }
        if (nodeLo == nodeHi) {
            out.accept(rows[nodeLo]);
            return;
        }
        int mid = (nodeLo + nodeHi) >>> 1;
        collect(2 * node, nodeLo, mid, lo, hi, from, out);
        collect(2 * node + 1, mid + 1, nodeHi, lo, hi, from, out);
    }

    private int firstOfDomain(int domain) {
        int a = 0;
        int b = rows.length;
        while (a < b) {
            int m = (a + b) >>> 1;
            if (domainOf[m] < domain) {
                a = m + 1;
            } else {
                b = m;
            }
        }
        return a;
    }

    /** Last index in the domain whose start is below {@code to}. */
    private int lastStartingBefore(int domain, long to) {
        int a = 0;
        int b = rows.length;
        while (a < b) {
            int m = (a + b) >>> 1;
            if (domainOf[m] < domain || (domainOf[m] == domain && start[m] < to)) {
                a = m + 1;
            } else {
                b = m;
            }
        }
        return a - 1;
    }

    /** Indexed rows in (domain, start) order. */
    int row(int i) {
        return rows[i];
    }
}
