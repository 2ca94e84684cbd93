package dev.orderlens.analysis;

import dev.orderlens.model.Requests;
import java.util.Arrays;

/**
 * Which writes carry which write's data down the stack: the parent links between data writes (reads
 * and flushes carry no data), with any cycle in bad input broken, as a tree per top write, and an
 * order of the writes in which every write comes after the writes carrying its data below, so one
 * pass can fold what happened below into the write above.
 */
final class DataLinks {
    private final int n;
    private final byte[] bits;

    /** The data write carrying this row's data in the layer above, or -1. */
    final int[] dataParent;

    /** Per row, the data writes carrying its data below (CSR). */
    final int[] kidStart;

    final int[] kids;

    /** Data writes ordered so that every row comes after the rows carrying its data below. */
    final int[] bottomUp;

    private final Requests r;

    DataLinks(Requests r, byte[] bits) {
        this.r = r;
        this.n = r.size();
        this.bits = bits;
        dataParent = dataParents();
        int[][] k = kidsOf(dataParent);
        kidStart = k[0];
        kids = k[1];
        bottomUp = bottomUpOrder(dataParent);
    }

    /** Parent links between data writes, with any cycle broken. */
    private int[] dataParents() {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            int q = r.parent(i);
            p[i] =
                    (bits[i] & CrashAnalysis.WRITE) != 0
                                    && q >= 0
                                    && q != i
                                    && (bits[q] & CrashAnalysis.WRITE) != 0
                            ? q
                            : -1;
        }
        // break cycles: walk each chain once, colouring rows as in progress (1) or done (2)
        byte[] colour = new byte[n];
        int[] path = new int[16];
        for (int i = 0; i < n; i++) {
            int len = 0;
            int x = i;
            while (x >= 0 && colour[x] == 0) {
                colour[x] = 1;
                if (len == path.length) {
                    path = Arrays.copyOf(path, len * 2);
                }
                path[len++] = x;
                int next = p[x];
                if (next >= 0 && colour[next] == 1) {
                    p[x] = -1; // closes a cycle
                    next = -1;
                }
                x = next;
            }
            for (int k = 0; k < len; k++) {
                colour[path[k]] = 2;
            }
        }
        return p;
    }

    private int[][] kidsOf(int[] parent) {
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            if (parent[i] >= 0) {
                start[parent[i] + 1]++;
            }
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        int[] out = new int[start[n]];
        int[] fill = Arrays.copyOf(start, n);
        for (int i = 0; i < n; i++) {
            if (parent[i] >= 0) {
                out[fill[parent[i]]++] = i;
            }
        }
        return new int[][] {start, out};
    }

    /** Data writes by depth below their topmost ancestor, deepest first (a counting sort). */
    private int[] bottomUpOrder(int[] parent) {
        int[] depth = new int[n];
        Arrays.fill(depth, -1);
        int maxDepth = 0;
        int[] path = new int[16];
        for (int i = 0; i < n; i++) {
            if ((bits[i] & CrashAnalysis.WRITE) == 0 || depth[i] >= 0) {
                continue;
            }
            int len = 0;
            int x = i;
            while (x >= 0 && depth[x] < 0) {
                if (len == path.length) {
                    path = Arrays.copyOf(path, len * 2);
                }
                path[len++] = x;
                x = parent[x];
            }
            int base = x < 0 ? -1 : depth[x];
            for (int k = len - 1; k >= 0; k--) {
                depth[path[k]] = ++base;
            }
            maxDepth = Math.max(maxDepth, base);
        }
        int[] bucket = new int[maxDepth + 2];
        for (int i = 0; i < n; i++) {
            if (depth[i] >= 0) {
                bucket[maxDepth - depth[i] + 1]++;
            }
        }
        for (int i = 0; i <= maxDepth; i++) {
            bucket[i + 1] += bucket[i];
        }
        int[] order = new int[bucket[maxDepth + 1]];
        for (int i = 0; i < n; i++) {
            if (depth[i] >= 0) {
                order[bucket[maxDepth - depth[i]]++] = i;
            }
        }
        return order;
    }
}
