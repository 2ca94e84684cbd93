package dev.orderlens.layout;

import java.util.Arrays;
import java.util.BitSet;

/**
 * A set of request rows the timeline marks (e.g. a latency histogram bucket's requests), with a
 * label saying what they are. The renderer asks {@link #contains} for every visible request, so
 * membership is a bit per row; {@link #rows()} keeps them in order for next/previous navigation.
 * Immutable; two highlights are equal when their rows and labels are.
 */
public final class Highlight {
    private final int[] rows;
    private final BitSet bits;
    private final String label;

    private Highlight(int[] rows, String label) {
        this.rows = rows;
        this.label = label == null ? "" : label;
        this.bits = new BitSet(rows.length == 0 ? 0 : rows[rows.length - 1] + 1);
        for (int r : rows) {
            bits.set(r);
        }
    }

    /** The rows (any order, duplicates and negatives ignored), copied; null when there are none. */
    public static Highlight of(int[] rows, String label) {
        int[] sorted = rows.clone();
        Arrays.sort(sorted);
        int n = 0;
        for (int r : sorted) {
            if (r >= 0 && (n == 0 || r != sorted[n - 1])) {
                sorted[n++] = r;
            }
        }
        return n == 0 ? null : new Highlight(Arrays.copyOf(sorted, n), label);
    }

    public boolean contains(int row) {
        return row >= 0 && bits.get(row);
    }

    /**
     * True when one of the rows at positions [from, to) of the sequence is highlighted (stops at
     * the first).
     */
    public boolean any(Sequence seq, int from, int to) {
        for (int p = from; p < to; p++) {
            if (bits.get(seq.row(p))) {
                return true;
            }
        }
        return false;
    }

    /** The rows, ascending (do not modify). */
    public int[] rows() {
        return rows;
    }

    public int size() {
        return rows.length;
    }

    /** What the rows are, e.g. "Q2C 100 µs – 158 µs on guest 254,0". */
    public String label() {
        return label;
    }

    /**
     * The highlighted row after ({@code direction > 0}) or before {@code row} that {@code usable}
     * accepts (e.g. shown under the filter), wrapping around; -1 when none is. With {@code row <
     * 0}, the first (or last) one.
     */
    public int neighbour(int row, int direction, java.util.function.IntPredicate usable) {
        int n = rows.length;
        int i = Arrays.binarySearch(rows, row);
        int start;
        if (row < 0) {
            start = direction > 0 ? 0 : n - 1;
        } else if (i >= 0) {
            start = direction > 0 ? i + 1 : i - 1;
        } else {
            int insert = -i - 1;
            start = direction > 0 ? insert : insert - 1;
        }
        for (int k = 0; k < n; k++) {
            int j = Math.floorMod(start + (direction > 0 ? k : -k), n);
            if (usable.test(rows[j])) {
                return rows[j];
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o == this
                || o instanceof Highlight h && h.label.equals(label) && Arrays.equals(h.rows, rows);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rows) * 31 + label.hashCode();
    }

    @Override
    public String toString() {
        return "Highlight[" + rows.length + " rows, " + label + "]";
    }
}
