package dev.orderlens.analysis;

import java.util.Arrays;

/**
 * A growable list of int pairs (row, row) without boxing. Findings can run to billions of pairs
 * (every never-completed write crosses every later flush), so a list keeps at most its capacity and
 * only counts the rest: {@link #size()} pairs are kept, {@link #total()} were found.
 */
public final class PairList {
    /** No limit: every pair is kept. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private final int capacity;
    private int[] first = new int[16];
    private int[] second = new int[16];
    private int size;
    private long total;

    public PairList() {
        this(UNLIMITED);
    }

    /** Keeps at most {@code capacity} pairs and counts the rest. */
    public PairList(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    public void add(int a, int b) {
        total++;
        if (size == capacity) {
            return;
        }
        if (size == first.length) {
            int grown = (int) Math.min((long) capacity, size * 2L);
            first = Arrays.copyOf(first, grown);
            second = Arrays.copyOf(second, grown);
        }
        first[size] = a;
        second[size] = b;
        size++;
    }

    /** Counts {@code n} pairs that were found but not listed. */
    void countOmitted(long n) {
        total += n;
    }

    /** How many more pairs may be kept before they are only counted. */
    int room() {
        return capacity - size;
    }

    /** Pairs kept. */
    public int size() {
        return size;
    }

    /** Pairs found, kept or not. */
    public long total() {
        return total;
    }

    /** Pairs found but not kept (past the capacity). */
    public long omitted() {
        return total - size;
    }

    public boolean isEmpty() {
        return total == 0;
    }

    public int first(int i) {
        return first[i];
    }

    public int second(int i) {
        return second[i];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            sb.append(i == 0 ? "" : ", ")
                    .append('(')
                    .append(first[i])
                    .append(',')
                    .append(second[i])
                    .append(')');
        }
        if (omitted() > 0) {
            sb.append(", ... ").append(omitted()).append(" more");
        }
        return sb.append(']').toString();
    }
}
