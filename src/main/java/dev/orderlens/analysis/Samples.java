package dev.orderlens.analysis;

import java.util.Arrays;

/**
 * Latency samples of one phase: a value in nanoseconds and the request row it belongs to, in no
 * particular order (summarizing reorders them in place). A merged bio's sample points at the
 * request it joined, so a row can appear more than once.
 */
public final class Samples {
    static final Samples EMPTY = new Samples(0);

    private long[] values;
    private int[] rows;
    private int size;

    Samples(int capacity) {
        values = new long[Math.max(capacity, 0)];
        rows = new int[Math.max(capacity, 0)];
    }

    void add(long value, int row) {
        if (size == values.length) {
            int n = Math.max(16, size * 2);
            values = Arrays.copyOf(values, n);
            rows = Arrays.copyOf(rows, n);
        }
        values[size] = value;
        rows[size++] = row;
    }

    /** Gives back the unused capacity when it is more than a quarter of the arrays. */
    void trim() {
        if (size < values.length - values.length / 4) {
            values = Arrays.copyOf(values, size);
            rows = Arrays.copyOf(rows, size);
        }
    }

    public int size() {
        return size;
    }

    public long value(int i) {
        return values[i];
    }

    public int row(int i) {
        return rows[i];
    }

    /** Min, mean, percentiles and max; reorders the samples (value and row together). */
    LatencySummary summarize() {
        return LatencySummary.ofInPlace(values, rows, size);
    }
}
