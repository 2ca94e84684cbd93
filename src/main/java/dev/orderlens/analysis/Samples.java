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

    /**
     * The values as ints once summarized, when every one fits (latencies under ~2.1 s): 8 bytes a
     * sample kept instead of 12; {@code values} is null then.
     */
    private int[] narrow;

    private int[] rows;
    private int size;

    Samples(int capacity) {
        values = new long[Math.max(capacity, 0)];
        rows = new int[Math.max(capacity, 0)];
    }

    void add(long value, int row) {
        widen();
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
        widen();
        if (size < values.length - values.length / 4) {
            values = Arrays.copyOf(values, size);
            rows = Arrays.copyOf(rows, size);
        }
    }

    public int size() {
        return size;
    }

    public long value(int i) {
        return narrow != null ? narrow[i] : values[i];
    }

    public int row(int i) {
        return rows[i];
    }

    /** Min, mean, percentiles and max; reorders the samples (value and row together). */
    LatencySummary summarize() {
        if (size == 0) {
            return LatencySummary.EMPTY; // (EMPTY is shared: left untouched)
        }
        widen();
        LatencySummary summary = LatencySummary.ofInPlace(values, rows, size);
        narrowIfAllFit();
        return summary;
    }

    private void narrowIfAllFit() {
        for (int i = 0; i < size; i++) {
            if (values[i] != (int) values[i]) {
                return;
            }
        }
        int[] n = new int[size];
        for (int i = 0; i < size; i++) {
            n[i] = (int) values[i];
        }
        narrow = n;
        values = null;
        if (rows.length != size) {
            rows = Arrays.copyOf(rows, size);
        }
    }

    private void widen() {
        if (narrow != null) {
            long[] v = new long[Math.max(narrow.length, rows.length)];
            for (int i = 0; i < size; i++) {
                v[i] = narrow[i];
            }
            values = v;
            narrow = null;
        }
    }
}
