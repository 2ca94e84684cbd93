package dev.orderlens.analysis;

import dev.orderlens.model.IntSort;
import java.util.Arrays;

/**
 * Min, mean, percentiles and max of a set of latencies in nanoseconds, with their count. btt prints
 * min, avg, max and N; the percentiles are nearest-rank: p90 is the smallest sample such that at
 * least 90 % of the samples are at or below it. An empty set has n = 0 and no values.
 */
public record LatencySummary(int n, long min, double avg, long p50, long p90, long p99, long max) {
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

    public boolean isEmpty() {
        return n == 0;
    }

    /** Sum of all samples (ns), as btt totals them; avg × n up to rounding. */
    public double total() {
        return avg * n;
    }

    /** Summarizes the first {@code n} values; the array is not changed. O(n) expected time. */
    public static LatencySummary of(long[] values, int n) {
        return n == 0 ? EMPTY : ofInPlace(Arrays.copyOf(values, n), null, n);
    }

    /**
     * Summarizes the first {@code n} values, reordering them (and {@code companion}, if not null,
     * the same way, so a sample keeps its row) instead of copying.
     */
    static LatencySummary ofInPlace(long[] values, int[] companion, int n) {
        if (n == 0) {
            return EMPTY;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long v = values[i];
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        int k50 = rank(50, n);
        int k90 = rank(90, n);
        int k99 = rank(99, n);
        // each selection leaves everything right of k at or above a[k], so the next one searches
        // only there
        long p50 = Select.kth(values, companion, 0, n, k50);
        long p90 = Select.kth(values, companion, k50, n, k90);
        long p99 = Select.kth(values, companion, k90, n, k99);
        return new LatencySummary(n, min, (double) sum / n, p50, p90, p99, max);
    }

    /** Zero-based index of the nearest-rank percentile p of n sorted samples. */
    static int rank(int p, int n) {
        return Math.max(0, (int) Math.ceil(p / 100.0 * n) - 1);
    }

    /**
     * In-place selection (quickselect with a median-of-three pivot; falls back to sorting when
     * unlucky).
     */
    static final class Select {
        private Select() {}

        /**
         * The value that would be at index k if a[from, to) were sorted; reorders that range (and
         * the same range of {@code b}, if not null, in step).
         */
        static long kth(long[] a, int[] b, int from, int to, int k) {
            int lo = from;
            int hi = to - 1;
            int budget = 2 * (32 - Integer.numberOfLeadingZeros(Math.max(1, to - from))) + 8;
            while (hi > lo) {
                if (budget-- == 0) {
                    sortRange(a, b, lo, hi + 1);
                    return a[k];
                }
                int mid = (lo + hi) >>> 1;
                long pivot = medianOf3(a[lo], a[mid], a[hi]);
                int i = lo;
                int j = hi;
                while (i <= j) {
                    while (a[i] < pivot) {
                        i++;
                    }
                    while (a[j] > pivot) {
                        j--;
                    }
                    if (i <= j) {
                        long t = a[i];
                        a[i] = a[j];
                        a[j] = t;
                        if (b != null) {
                            int u = b[i];
                            b[i] = b[j];
                            b[j] = u;
                        }
                        i++;
                        j--;
                    }
                }
                // now a[lo..j] <= pivot <= a[i..hi], and a[j+1..i-1] == pivot
                if (k <= j) {
                    hi = j;
                } else if (k >= i) {
                    lo = i;
                } else {
                    return a[k];
                }
            }
            return a[k];
        }

        /** Sorts a[from, to), moving b along (rare: only when the selection was unlucky). */
        private static void sortRange(long[] a, int[] b, int from, int to) {
            if (b == null) {
                Arrays.sort(a, from, to);
                return;
            }
            long[] keys = Arrays.copyOfRange(a, from, to);
            int[] order = IntSort.stableOrderByKey(keys, keys.length);
            int[] moved = new int[keys.length];
            for (int k = 0; k < keys.length; k++) {
                a[from + k] = keys[order[k]];
                moved[k] = b[from + order[k]];
            }
            System.arraycopy(moved, 0, b, from, moved.length);
        }

        private static long medianOf3(long x, long y, long z) {
            return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
        }
    }
}
