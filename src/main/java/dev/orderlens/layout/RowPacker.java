package dev.orderlens.layout;

import java.util.Arrays;

/**
 * Packs intervals into rows so that intervals sharing a row never overlap: each interval, in start
 * order, takes the lowest-numbered row that is free at its start (a row is free when its last
 * interval ended at or before that start). Greedy interval partitioning: it uses as many rows as
 * the most intervals in flight at once, the fewest possible. O(n log rows), primitive arrays only.
 */
public final class RowPacker {
    private RowPacker() {}

    /** Interval ends for packing; starts must be non-decreasing in index order. */
    public interface Intervals {
        int size();

        long start(int i);

        long end(int i);
    }

    /** Rows per interval and the number of rows used. */
    public record Packing(int[] rowOf, int rows) {}

    public static Packing pack(Intervals in) {
        int n = in.size();
        int[] rowOf = new int[n];
        // busy rows: a min-heap on (end, row) with the keys inline; free rows: a min-heap of row
        // numbers
        long[] busyEnd = new long[16];
        int[] busyRow = new int[16];
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
            while (busySize > 0 && busyEnd[0] <= s) {
                if (freeSize == free.length) {
                    free = Arrays.copyOf(free, freeSize * 2);
                }
                freeSize = pushFree(free, freeSize, busyRow[0]);
                busySize = popBusy(busyEnd, busyRow, busySize);
            }
            int row;
            if (freeSize > 0) {
                row = free[0];
                freeSize = popFree(free, freeSize);
            } else {
                row = rows++;
            }
            rowOf[i] = row;
            if (busySize == busyEnd.length) {
                busyEnd = Arrays.copyOf(busyEnd, busySize * 2);
                busyRow = Arrays.copyOf(busyRow, busySize * 2);
            }
            busySize = pushBusy(busyEnd, busyRow, busySize, Math.max(s, in.end(i)), row);
        }
        return new Packing(rowOf, rows);
    }

    private static boolean before(long endA, int rowA, long endB, int rowB) {
        return endA < endB || endA == endB && rowA < rowB;
    }

    private static int pushBusy(long[] end, int[] row, int size, long e, int r) {
        int i = size++;
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (!before(e, r, end[p], row[p])) {
                break;
            }
            end[i] = end[p];
            row[i] = row[p];
            i = p;
        }
        end[i] = e;
        row[i] = r;
        return size;
    }

    private static int popBusy(long[] end, int[] row, int size) {
        size--;
        long e = end[size];
        int r = row[size];
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                break;
            }
            int m = l + 1 < size && before(end[l + 1], row[l + 1], end[l], row[l]) ? l + 1 : l;
            if (!before(end[m], row[m], e, r)) {
                break;
            }
            end[i] = end[m];
            row[i] = row[m];
            i = m;
        }
        end[i] = e;
        row[i] = r;
        return size;
    }

    private static int pushFree(int[] heap, int size, int v) {
        int i = size++;
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (heap[p] <= v) {
                break;
            }
            heap[i] = heap[p];
            i = p;
        }
        heap[i] = v;
        return size;
    }

    private static int popFree(int[] heap, int size) {
        size--;
        int v = heap[size];
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                break;
            }
            int m = l + 1 < size && heap[l + 1] < heap[l] ? l + 1 : l;
            if (heap[m] >= v) {
                break;
            }
            heap[i] = heap[m];
            i = m;
        }
        heap[i] = v;
        return size;
    }
}
