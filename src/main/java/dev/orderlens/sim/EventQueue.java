package dev.orderlens.sim;

import java.util.Arrays;

/**
 * The simulator's agenda: a binary heap of (time, sequence) → (action, payload) in primitive
 * arrays. Equal times run in the order they were scheduled, which keeps runs deterministic.
 */
final class EventQueue {
    private long[] time = new long[256];
    private long[] seq = new long[256];
    private int[] action = new int[256];
    private Object[] payload = new Object[256];
    private int size;
    private long nextSeq;

    int polledAction;
    Object polledPayload;

    void add(long t, int act, Object p) {
        if (size == time.length) {
            int n = size * 2;
            time = Arrays.copyOf(time, n);
            seq = Arrays.copyOf(seq, n);
            action = Arrays.copyOf(action, n);
            payload = Arrays.copyOf(payload, n);
        }
        int i = size++;
        long s = nextSeq++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(t, s, parent)) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, t, s, act, p);
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    long peekTime() {
        return time[0];
    }

    /** Removes the earliest event; its action and payload are left in polledAction/polledPayload. */
    long poll() {
        long t = time[0];
        polledAction = action[0];
        polledPayload = payload[0];
        int last = --size;
        long lt = time[last];
        long ls = seq[last];
        int la = action[last];
        Object lp = payload[last];
        payload[last] = null;
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && less(time[c + 1], seq[c + 1], c)) {
                c++;
            }
            if (!less(time[c], seq[c], lt, ls)) {
                break;
            }
            move(c, i);
            i = c;
        }
        if (size > 0) {
            set(i, lt, ls, la, lp);
        }
        return t;
    }

    void clear() {
        Arrays.fill(payload, 0, size, null);
        size = 0;
    }

    private boolean less(long t, long s, int j) {
        return less(t, s, time[j], seq[j]);
    }

    private static boolean less(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }

    private void move(int from, int to) {
        time[to] = time[from];
        seq[to] = seq[from];
        action[to] = action[from];
        payload[to] = payload[from];
    }

    private void set(int i, long t, long s, int act, Object p) {
        time[i] = t;
        seq[i] = s;
        action[i] = act;
        payload[i] = p;
    }
}
