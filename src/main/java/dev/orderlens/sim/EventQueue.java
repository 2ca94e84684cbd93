package dev.orderlens.sim;

import java.util.Arrays;

/**
 * The simulator's agenda: a binary heap of slot numbers ordered by (time, sequence); each slot
 * holds an event's time, sequence, action and payload. Equal times run in the order they were
 * scheduled, which keeps runs deterministic. Moving ints in the heap instead of whole events keeps
 * the hottest loop of the simulator small.
 */
final class EventQueue {
    private long[] time = new long[256];
    private long[] seq = new long[256];
    private int[] action = new int[256];
    private Object[] payload = new Object[256];
    private int[] heap = new int[256];
    private int[] free = new int[256];
    private int freeCount;
    private int slots;
    private int size;
    private long nextSeq;

    int polledAction;
    Object polledPayload;

    void add(long t, int act, Object p) {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            if (slots == time.length) {
                int n = slots * 2;
                time = Arrays.copyOf(time, n);
                seq = Arrays.copyOf(seq, n);
                action = Arrays.copyOf(action, n);
                payload = Arrays.copyOf(payload, n);
                heap = Arrays.copyOf(heap, n);
                free = Arrays.copyOf(free, n);
            }
            slot = slots++;
        }
        long s = nextSeq++;
        time[slot] = t;
        seq[slot] = s;
        action[slot] = act;
        payload[slot] = p;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            int ps = heap[parent];
            if (time[ps] < t || (time[ps] == t && seq[ps] < s)) {
                break;
            }
            heap[i] = ps;
            i = parent;
        }
        heap[i] = slot;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long peekTime() {
        return time[heap[0]];
    }

    /**
     * Removes the earliest event; its action and payload are left in polledAction/polledPayload.
     */
    long poll() {
        int top = heap[0];
        long t = time[top];
        polledAction = action[top];
        polledPayload = payload[top];
        payload[top] = null;
        free[freeCount++] = top;
        int last = heap[--size];
        long lt = time[last];
        long ls = seq[last];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            int cs = heap[c];
            int r = c + 1;
            if (r < size) {
                int rs = heap[r];
                if (time[rs] < time[cs] || (time[rs] == time[cs] && seq[rs] < seq[cs])) {
                    c = r;
                    cs = rs;
                }
            }
            if (lt < time[cs] || (lt == time[cs] && ls < seq[cs])) {
                break;
            }
            heap[i] = cs;
            i = c;
        }
        if (size > 0) {
            heap[i] = last;
        }
        return t;
    }
}
