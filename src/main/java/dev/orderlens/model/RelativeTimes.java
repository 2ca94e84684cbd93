package dev.orderlens.model;

import java.util.Arrays;

/**
 * A time column stored as int nanosecond offsets from the request's submit time (4 bytes a row
 * instead of 8). A request that takes longer than ~2.1 s widens the whole column to absolute longs,
 * so no value is ever clipped.
 */
final class RelativeTimes {
    private static final int NONE = Integer.MIN_VALUE;
    private int[] delta;
    private long[] full;

    RelativeTimes(int capacity) {
        delta = new int[capacity];
    }

    /**
     * A column of {@code capacity} rows that all hold {@link Time#NONE}, for lazily added columns.
     */
    static RelativeTimes absent(int capacity) {
        RelativeTimes c = new RelativeTimes(capacity);
        Arrays.fill(c.delta, NONE);
        return c;
    }

    long get(int r, long submit) {
        if (full != null) {
            return full[r];
        }
        int d = delta[r];
        return d == NONE ? Time.NONE : submit + d;
    }

    void set(int r, long t, long[] submit, int size) {
        if (full != null) {
            full[r] = t;
        } else if (t == Time.NONE) {
            delta[r] = NONE;
        } else {
            long d = t - submit[r];
            if (d > Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
                delta[r] = (int) d;
            } else {
                widen(submit, Math.max(size, r + 1));
                full[r] = t;
            }
        }
    }

    private void widen(long[] submit, int size) {
        long[] f = new long[delta.length];
        for (int i = 0; i < size; i++) {
            f[i] = get(i, submit[i]);
        }
        full = f;
        delta = null;
    }

    void resize(int n) {
        if (full != null) {
            full = Arrays.copyOf(full, n);
        } else {
            delta = Arrays.copyOf(delta, n);
        }
    }

    void permute(int[] order, int n) {
        if (full != null) {
            full = IntSort.permute(full, order, n);
        } else {
            delta = IntSort.permute(delta, order, n);
        }
    }

    long retainedBytes() {
        return full != null ? full.length * 8L : delta.length * 4L;
    }
}
