package dev.orderlens.layout;

import java.util.Arrays;

/**
 * Packs intervals into rows so that intervals sharing a row never overlap: each interval, in start
 * order, takes the lowest-numbered row that is free at its start (a row is free when its last
 * interval ended at or before that start). Greedy interval partitioning: it uses as many rows as
 * the most intervals in flight at once, the fewest possible. O(n log rows), primitive arrays only.
 */
public final class RowPacker {
    private RowPacker() {
    }

    /** Interval ends for packing; starts must be non-decreasing in index order. */
    public interface Intervals {
        int size();

        long start(int i);

        long end(int i);
    }

    /** Rows per interval and the number of rows used. */
    public record Packing(int[] rowOf, int rows) {
    }

    public static Packing pack(Intervals in) {
        int n = in.size();
        int[] rowOf = new int[n];
        long[] rowEnd = new long[16];
        // busy rows: min-heap by end; free rows: min-heap by row number
        int[] busy = new int[16];
        int busySize = 0;
        int[] free = new int[16];
        int freeSize = 0;
        int rows = 0;
        long prevStart = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long s = in.start(i);
            if (s < prevStart) {
                throw new IllegalArgumentException("starts not sorted at " + i);
            }
            prevStart = s;
            while (busySize > 0 && rowEnd[busy[0]] <= s) {
                int row = busy[0];
                busySize = popMin(busy, busySize, rowEnd);
                if (freeSize == free.length) {
                    free = Arrays.copyOf(free, freeSize * 2);
                }
                freeSize = pushMin(free, freeSize, row, null);
            }
            int row;
            if (freeSize > 0) {
                row = free[0];
                freeSize = popMin(free, freeSize, null);
            } else {
                row = rows++;
                if (row == rowEnd.length) {
                    rowEnd = Arrays.copyOf(rowEnd, rows * 2);
                }
            }
            rowOf[i] = row;
            rowEnd[row] = Math.max(s, in.end(i));
            if (busySize == busy.length) {
                busy = Arrays.copyOf(busy, busySize * 2);
            }
            busySize = pushMin(busy, busySize, row, rowEnd);
        }
        return new Packing(rowOf, rows);
    }

    /** Pushes onto a binary min-heap keyed by {@code key[v]}, or by {@code v} itself when key is null. */
    private static int pushMin(int[] heap, int size, int v, long[] key) {
        int i = size++;
        heap[i] = v;
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (less(heap[i], heap[p], key)) {
                int x = heap[i];
                heap[i] = heap[p];
                heap[p] = x;
                i = p;
            } else {
                break;
            }
        }
        return size;
    }

    private static int popMin(int[] heap, int size, long[] key) {
        heap[0] = heap[--size];
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int m = i;
            if (l < size && less(heap[l], heap[m], key)) {
                m = l;
            }
            if (l + 1 < size && less(heap[l + 1], heap[m], key)) {
                m = l + 1;
            }
            if (m == i) {
                return size;
            }
            int x = heap[i];
            heap[i] = heap[m];
            heap[m] = x;
            i = m;
        }
    }

    private static boolean less(int a, int b, long[] key) {
        if (key == null) {
            return a < b;
        }
        return key[a] < key[b] || key[a] == key[b] && a < b;
    }
}
