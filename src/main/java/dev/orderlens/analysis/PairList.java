package dev.orderlens.analysis;

import java.util.Arrays;

/** A growable list of int pairs (row, row) without boxing: findings can run to millions. */
public final class PairList {
    private int[] first = new int[16];
    private int[] second = new int[16];
    private int size;

    public void add(int a, int b) {
        if (size == first.length) {
            first = Arrays.copyOf(first, size * 2);
            second = Arrays.copyOf(second, size * 2);
        }
        first[size] = a;
        second[size] = b;
        size++;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
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
        return sb.append(']').toString();
    }
}
