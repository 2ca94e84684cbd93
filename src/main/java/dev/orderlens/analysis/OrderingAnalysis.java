package dev.orderlens.analysis;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.Arrays;

/**
 * Finds crossing, overtaking and concurrent overlapping writes and drain violations in one sweep
 * over the requests in submit order: O(n log n + findings), plus, per flush, the writes submitted
 * while it was pending.
 *
 * <p>A flush whose parent is a write of the same domain is that write's own flush machinery (the
 * pre- and post-flush Linux issues for a PREFLUSH/FUA bio on a device without FUA, ADR 0011): the
 * write is not reported as crossing its own flushes.
 *
 * <p>Ties: rows are in submit order with input order breaking ties, and "before" follows row order;
 * a write that completed exactly when a flush was submitted is covered (not crossing), as
 * docs/analysis.md's "at or before" says. A request that never completed counts as completing at
 * +∞.
 */
public final class OrderingAnalysis {
    private OrderingAnalysis() {}

    public static OrderingFindings analyze(Trace t) {
        return analyze(t, Progress.NONE);
    }

    public static OrderingFindings analyze(Trace t, Progress progress) {
        Requests r = t.requests();
        int n = r.size();
        FlushDomains domains = FlushDomains.of(t);
        byte[] marks = new byte[n];
        PairList crossing = new PairList();
        PairList overtaking = new PairList();
        PairList concurrent = new PairList();
        PairList drains = new PairList();
        int[] flushes = new int[16];
        int flushCount = 0;

        long[] end = new long[n]; // completion, +inf when never completed
        for (int i = 0; i < n; i++) {
            long c = r.complete(i);
            end[i] = c == Time.NONE ? Long.MAX_VALUE : c;
        }
        IntMinHeap[] inFlight = new IntMinHeap[domains.count()];
        IntList[] activeWrites = new IntList[domains.count()];
        for (int d = 0; d < inFlight.length; d++) {
            inFlight[d] = new IntMinHeap(end);
            activeWrites[d] = new IntList();
        }

        for (int i = 0; i < n; i++) {
            if ((i & 0xffff) == 0) {
                progress.update(i, n);
                progress.checkCancelled();
            }
            int d = domains.ofLane(r.lane(i));
            Op op = r.op(i);
            boolean write = op.modifiesData();
            boolean flush = isFlush(r, i);
            long s = r.submit(i);
            if (flush) {
                marks[i] |= OrderingFindings.FLUSH;
                if (flushCount == flushes.length) {
                    flushes = Arrays.copyOf(flushes, flushCount * 2);
                }
                flushes[flushCount++] = i;
                IntMinHeap heap = inFlight[d];
                heap.popWhileAtMost(s);
                int owner = r.parent(i);
                for (int k = 0; k < heap.size(); k++) {
                    int w = heap.at(k);
                    if (w == owner) {
                        continue; // the pre/post-flush the block layer issued for this very write
                    }
                    crossing.add(w, i);
                    marks[w] |= OrderingFindings.CROSSING;
                }
            }
            if (write) {
                if (r.has(i, Flags.FUA)) {
                    marks[i] |= OrderingFindings.FUA_WRITE;
                }
                if (r.count(i) > 0) {
                    IntList active = activeWrites[d];
                    long lo = r.sector(i);
                    long hi = lo + r.count(i);
                    for (int k = active.size() - 1; k >= 0; k--) {
                        int a = active.get(k);
                        if (end[a] <= s) {
                            active.removeAt(k);
                        } else if (r.sector(a) < hi && lo < r.sector(a) + r.count(a)) {
                            concurrent.add(a, i);
                            marks[a] |= OrderingFindings.CONCURRENT;
                            marks[i] |= OrderingFindings.CONCURRENT;
                        }
                    }
                    active.add(i);
                }
                inFlight[d].push(i);
            }
        }
        flushes = Arrays.copyOf(flushes, flushCount);
        findOvertaking(r, domains, end, flushes, overtaking, marks);
        findDrainViolations(t, end, drains, marks);
        progress.update(n, n);
        return new OrderingFindings(marks, crossing, overtaking, concurrent, drains, flushes);
    }

    /** A flush request, or a write carrying a preflush. */
    public static boolean isFlush(Requests r, int row) {
        return r.op(row) == Op.FLUSH || r.has(row, Flags.PREFLUSH);
    }

    private static void findOvertaking(
            Requests r,
            FlushDomains domains,
            long[] end,
            int[] flushes,
            PairList out,
            byte[] marks) {
        int n = r.size();
        for (int f : flushes) {
            int d = domains.ofLane(r.lane(f));
            long flushEnd = end[f];
            for (int i = f + 1; i < n && r.submit(i) < flushEnd; i++) {
                if (end[i] < flushEnd && r.op(i).modifiesData() && domains.ofLane(r.lane(i)) == d) {
                    out.add(i, f);
                    marks[i] |= OrderingFindings.OVERTAKING;
                }
            }
        }
    }

    /** Sweeps drain events in time order against the requests in flight at each. */
    private static void findDrainViolations(Trace t, long[] end, PairList out, byte[] marks) {
        Events e = t.events();
        Requests r = t.requests();
        IntList active = new IntList();
        int next = 0;
        for (int ev = 0; ev < e.size(); ev++) {
            if (e.kind(ev) != EventKind.DRAIN) {
                continue;
            }
            long at = e.time(ev);
            while (next < r.size() && r.submit(next) < at) {
                active.add(next++);
            }
            int layer = e.layer(ev);
            int lane = e.lane(ev);
            String device = lane < 0 ? null : FlushDomains.device(t.lanes().get(lane).name());
            for (int k = active.size() - 1; k >= 0; k--) {
                int i = active.get(k);
                if (end[i] <= at) {
                    active.removeAt(k);
                    continue;
                }
                if (layer >= 0 && r.layer(i) != layer) {
                    continue;
                }
                if (device != null
                        && !FlushDomains.device(t.lanes().get(r.lane(i)).name()).equals(device)) {
                    continue;
                }
                out.add(i, ev);
                marks[i] |= OrderingFindings.DRAIN_VIOLATION;
            }
        }
    }

    /** A binary min-heap of rows ordered by a key array. */
    private static final class IntMinHeap {
        private final long[] key;
        private int[] heap = new int[16];
        private int size;

        IntMinHeap(long[] key) {
            this.key = key;
        }

        void push(int row) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            int i = size++;
            heap[i] = row;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (key[heap[p]] <= key[heap[i]]) {
                    break;
                }
                swap(i, p);
                i = p;
            }
        }

        /** Removes every row whose key is at most {@code limit}. */
        void popWhileAtMost(long limit) {
            while (size > 0 && key[heap[0]] <= limit) {
                heap[0] = heap[--size];
                int i = 0;
                while (true) {
                    int l = 2 * i + 1;
                    int m = i;
                    if (l < size && key[heap[l]] < key[heap[m]]) {
                        m = l;
                    }
                    if (l + 1 < size && key[heap[l + 1]] < key[heap[m]]) {
                        m = l + 1;
                    }
                    if (m == i) {
                        break;
                    }
                    swap(i, m);
                    i = m;
                }
            }
        }

        int size() {
            return size;
        }

        int at(int k) {
            return heap[k];
        }

        private void swap(int a, int b) {
            int x = heap[a];
            heap[a] = heap[b];
            heap[b] = x;
        }
    }

    /** A growable int list with O(1) unordered removal. */
    private static final class IntList {
        private int[] a = new int[8];
        private int size;

        void add(int v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        int get(int i) {
            return a[i];
        }

        int size() {
            return size;
        }

        void removeAt(int i) {
            a[i] = a[--size];
        }
    }
}
