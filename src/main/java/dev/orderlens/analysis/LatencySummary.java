package dev.orderlens.analysis;

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
        long[] a = Arrays.copyOf(values, n);
        int k50 = rank(50, n);
        int k90 = rank(90, n);
        int k99 = rank(99, n);
        // each selection leaves everything right of k at or above a[k], so the next one searches only there
        long p50 = Select.kth(a, 0, n, k50);
        long p90 = Select.kth(a, k50, n, k90);
        long p99 = Select.kth(a, k90, n, k99);
        return new LatencySummary(n, min, (double) sum / n, p50, p90, p99, max);
    }

    /** Zero-based index of the nearest-rank percentile p of n sorted samples. */
    static int rank(int p, int n) {
        return Math.max(0, (int) Math.ceil(p / 100.0 * n) - 1);
    }

    /** In-place selection (quickselect with a median-of-three pivot; falls back to sorting when unlucky). */
    static final class Select {
        private Select() {
        }

        /** The value that would be at index k if a[from, to) were sorted; reorders that range. */
        static long kth(long[] a, int from, int to, int k) {
            int lo = from;
            int hi = to - 1;
            int budget = 2 * (32 - Integer.numberOfLeadingZeros(Math.max(1, to - from))) + 8;
            while (hi > lo) {
                if (budget-- == 0) {
                    Arrays.sort(a, lo, hi + 1);
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

        private static long medianOf3(long x, long y, long z) {
            return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
        }
    }
}
