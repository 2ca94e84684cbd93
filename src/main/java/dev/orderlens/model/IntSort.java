package dev.orderlens.model;

/** Primitive sorting helpers for columnar tables (no boxing on million-row tables). */
public final class IntSort {
    private IntSort() {}

    /**
     * Stable order of the first n keys: {@code order[k]} is the row holding the k-th smallest key.
     */
    public static int[] stableOrderByKey(long[] key, int n) {
        int[] order = new int[n];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            if (i > 0 && key[i] < key[i - 1]) {
                sorted = false;
            }
        }
        if (sorted) {
            return order;
        }
        int[] tmp = new int[n];
        mergeSort(order, tmp, 0, n, key);
        return order;
    }

    private static void mergeSort(int[] a, int[] tmp, int from, int to, long[] key) {
        if (to - from <= 24) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                long k = key[v];
                int j = i - 1;
                while (j >= from && key[a[j]] > k) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid, key);
        mergeSort(a, tmp, mid, to, key);
        if (key[a[mid - 1]] <= key[a[mid]]) {
            return;
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && key[tmp[i]] <= key[tmp[j]])) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }

    /** {@code inverse[order[k]] = k}. */
    public static int[] inverse(int[] order, int n) {
        int[] inv = new int[n];
        for (int k = 0; k < n; k++) {
            inv[order[k]] = k;
        }
        return inv;
    }

    public static long[] permute(long[] a, int[] order, int n) {
        long[] out = new long[n];
        for (int k = 0; k < n; k++) {
            out[k] = a[order[k]];
        }
        return out;
    }

    public static int[] permute(int[] a, int[] order, int n) {
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            out[k] = a[order[k]];
        }
        return out;
    }

    public static short[] permute(short[] a, int[] order, int n) {
        short[] out = new short[n];
        for (int k = 0; k < n; k++) {
            out[k] = a[order[k]];
        }
        return out;
    }

    public static byte[] permute(byte[] a, int[] order, int n) {
        byte[] out = new byte[n];
        for (int k = 0; k < n; k++) {
            out[k] = a[order[k]];
        }
        return out;
    }
}
