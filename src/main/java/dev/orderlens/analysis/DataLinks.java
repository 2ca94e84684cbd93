package dev.orderlens.analysis;

import dev.orderlens.model.Requests;
import java.util.Arrays;

/**
 * Which writes carry which write's data down the stack: the parent links between data writes (reads
 * and flushes carry no data). A lower write may carry the data of several upper writes (the block
 * layer merged them into one request), so the links form a graph, not a tree: every link is kept,
 * any cycle in bad input is broken, and the writes are ordered so that every write comes after the
 * writes carrying its data below, so one pass can fold what happened below into each write above.
 */
final class DataLinks {
    private final int n;
    private final PreparedWrites w;
    private final Requests r;

    /** The first data write carrying this row's data in the layer above, or -1. */
    private final int[] dataParent;

    /** Per row, the data writes carrying its data below (CSR). */
    private final int[] kidStart;

    private final int[] kids;

    /** Data writes ordered so that every row comes after the rows carrying its data below. */
    private final int[] bottomUp;

    /** Reads the row facts {@code w} has already set (which rows are writes). */
    DataLinks(PreparedWrites w) {
        this.w = w;
        this.r = w.requests();
        this.n = r.size();
        int[][] edges = dataEdges();
        int[] child = edges[0];
        int[] parent = edges[1];
        int[][] ordered = orderBreakingCycles(child, parent);
        bottomUp = ordered[0];
        // the kept links only (a link closing a cycle is dropped)
        boolean[] dropped = new boolean[child.length];
        for (int e : ordered[1]) {
            dropped[e] = true;
        }
        int m = 0;
        for (int e = 0; e < child.length; e++) {
            if (!dropped[e]) {
                child[m] = child[e];
                parent[m] = parent[e];
                m++;
            }
        }
        kidStart = csrByParent(child, parent, m);
        kids = kidsByParent(kidStart, child, parent, m);
        dataParent = new int[n];
        Arrays.fill(dataParent, -1);
        for (int e = m - 1; e >= 0; e--) { // the first parent of each row wins
            dataParent[child[e]] = parent[e];
        }
    }

    int dataParent(int row) {
        return dataParent[row];
    }

    /** Where a row's kids start ({@code row = n} gives the end of the last). */
    int kidsStart(int row) {
        return kidStart[row];
    }

    int kid(int position) {
        return kids[position];
    }

    int bottomUpCount() {
        return bottomUp.length;
    }

    int bottomUp(int i) {
        return bottomUp[i];
    }

    /** The links between data writes as (child, parent) arrays, each row's parents in order. */
    private int[][] dataEdges() {
        int[] child = new int[16];
        int[] parent = new int[16];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!w.isWrite(i) || r.parent(i) < 0) {
                continue;
            }
            for (int q : r.parents(i)) {
                if (q >= 0 && q < n && q != i && w.isWrite(q)) {
                    if (m == child.length) {
                        child = Arrays.copyOf(child, m * 2);
                        parent = Arrays.copyOf(parent, m * 2);
                    }
                    child[m] = i;
                    parent[m] = q;
                    m++;
                }
            }
        }
        return new int[][] {Arrays.copyOf(child, m), Arrays.copyOf(parent, m)};
    }

    private int[] csrByParent(int[] child, int[] parent, int m) {
        int[] start = new int[n + 1];
        for (int e = 0; e < m; e++) {
            start[parent[e] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        return start;
    }

    /** Per parent (CSR by {@code start}): its child rows. */
    private int[] kidsByParent(int[] start, int[] child, int[] parent, int m) {
        int[] out = new int[m];
        int[] fill = Arrays.copyOf(start, n);
        for (int e = 0; e < m; e++) {
            out[fill[parent[e]]++] = child[e];
        }
        return out;
    }

    /**
     * Kahn's algorithm from the bottom: a write is ready once every write carrying its data below
     * is placed. Writes left over sit on a cycle (or above one): the links among them are dropped
     * and they follow in row order. Returns {order, indices of the dropped links}.
     */
    private int[][] orderBreakingCycles(int[] child, int[] parent) {
        int m = child.length;
        int[] waiting = new int[n]; // per row: links to kids not yet placed
        for (int e = 0; e < m; e++) {
            waiting[parent[e]]++;
        }
        // links by child, to tell each parent when a kid is placed
        int[] cStart = new int[n + 1];
        for (int e = 0; e < m; e++) {
            cStart[child[e] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            cStart[i + 1] += cStart[i];
        }
        int[] byChild = new int[m];
        int[] fill = Arrays.copyOf(cStart, n);
        for (int e = 0; e < m; e++) {
            byChild[fill[child[e]]++] = e;
        }
        int writes = 0;
        for (int i = 0; i < n; i++) {
            writes += w.isWrite(i) ? 1 : 0;
        }
        int[] order = new int[writes];
        boolean[] placed = new boolean[n];
        int head = 0;
        int tail = 0;
        for (int i = 0; i < n; i++) {
            if (w.isWrite(i) && waiting[i] == 0) {
                order[tail++] = i;
                placed[i] = true;
            }
        }
        while (head < tail) {
            int x = order[head++];
            for (int k = cStart[x]; k < cStart[x + 1]; k++) {
                int q = parent[byChild[k]];
                if (--waiting[q] == 0 && !placed[q]) {
                    order[tail++] = q;
                    placed[q] = true;
                }
            }
        }
        int[] droppedLinks = new int[0];
        if (tail < writes) {
            int d = 0;
            droppedLinks = new int[m];
            for (int e = 0; e < m; e++) {
                if (!placed[child[e]] && !placed[parent[e]]) {
                    droppedLinks[d++] = e;
                }
            }
            droppedLinks = Arrays.copyOf(droppedLinks, d);
            for (int i = 0; i < n; i++) {
                if (w.isWrite(i) && !placed[i]) {
                    order[tail++] = i;
                    placed[i] = true;
                }
            }
        }
        return new int[][] {order, droppedLinks};
    }
}
