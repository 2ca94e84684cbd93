package dev.orderlens.analysis;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds crossing, overtaking and concurrent overlapping writes and drain violations in sweeps over
 * the requests in submit order: O(n log n + kept findings) however many writes stay in flight (ADR
 * 0120). A trace of writes that never complete (a queue-only capture) has a quadratic number of
 * findings, so each kind keeps at most {@link #KEPT_PER_KIND} pairs and counts the rest ({@link
 * PairList#total()}); every row's marks are always complete.
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
    /** Pairs kept per kind of finding; the rest are counted. */
    public static final int KEPT_PER_KIND = 100_000;

    private OrderingAnalysis() {}

    public static OrderingFindings analyze(Trace t) {
        return analyze(t, Progress.NONE);
    }

    public static OrderingFindings analyze(Trace t, Progress progress) {
        return analyze(t, progress, KEPT_PER_KIND);
    }

    /** As {@link #analyze(Trace, Progress)}, keeping at most {@code keptPerKind} pairs per kind. */
    public static OrderingFindings analyze(Trace t, Progress progress, int keptPerKind) {
        Requests r = t.requests();
        int n = r.size();
        FlushDomains domains = FlushDomains.of(t);
        byte[] marks = new byte[n];
        PairList crossing = new PairList(keptPerKind);
        PairList overtaking = new PairList(keptPerKind);
        PairList concurrent = new PairList(keptPerKind);
        PairList drains = new PairList(keptPerKind);

        long[] end = new long[n]; // completion, +inf when never completed
        int flushCount = 0;
        for (int i = 0; i < n; i++) {
            long c = r.complete(i);
            end[i] = c == Time.NONE ? Long.MAX_VALUE : c;
            if (isFlush(r, i)) {
                marks[i] |= OrderingFindings.FLUSH;
                flushCount++;
            }
            if (r.op(i).modifiesData() && r.has(i, Flags.FUA)) {
                marks[i] |= OrderingFindings.FUA_WRITE;
            }
        }
        int[] flushes = new int[flushCount];
        for (int i = 0, k = 0; i < n; i++) {
            if ((marks[i] & OrderingFindings.FLUSH) != 0) {
                flushes[k++] = i;
            }
        }
        int[][] rowsOfDomain = rowsByDomain(r, domains);
        for (int d = 0; d < rowsOfDomain.length; d++) {
            progress.update(d, rowsOfDomain.length + 1);
            progress.checkCancelled();
            int[] rows = rowsOfDomain[d];
            findCrossing(r, rows, end, crossing, marks);
            findOvertaking(r, rows, end, overtaking, marks);
            findConcurrent(r, rows, end, concurrent, marks);
        }
        findDrainViolations(t, end, drains, marks);
        OrderingFindings found =
                new OrderingFindings(marks, crossing, overtaking, concurrent, drains, flushes);
        boolean[] dependedOn = FindingGroups.dependedOn(t, found);
        for (int i = 0; i < dependedOn.length; i++) {
            if (dependedOn[i]) {
                marks[crossing.first(i)] |= OrderingFindings.DEPENDED_ON;
            }
        }
        progress.update(n, n);
        return found;
    }

    /** A flush request, or a write carrying a preflush. */
    public static boolean isFlush(Requests r, int row) {
        return r.op(row) == Op.FLUSH || r.has(row, Flags.PREFLUSH);
    }

    /** Per flush domain, its writes and flushes in row order. */
    private static int[][] rowsByDomain(Requests r, FlushDomains domains) {
        int[] counts = new int[domains.count()];
        for (int i = 0; i < r.size(); i++) {
            if (r.op(i).modifiesData() || isFlush(r, i)) {
                counts[domains.ofLane(r.lane(i))]++;
            }
        }
        int[][] out = new int[counts.length][];
        for (int d = 0; d < counts.length; d++) {
            out[d] = new int[counts[d]];
            counts[d] = 0;
        }
        for (int i = 0; i < r.size(); i++) {
            if (r.op(i).modifiesData() || isFlush(r, i)) {
                int d = domains.ofLane(r.lane(i));
                out[d][counts[d]++] = i;
            }
        }
        return out;
    }

    /**
     * Writes still in flight when a flush is submitted. The in-flight writes sit in a heap by
     * completion; a flush counts them all but lists only as many as there is room for, and marks
     * only the writes not marked yet (each write is marked once), so a flush costs O(log n + kept).
     */
    private static void findCrossing(
            Requests r, int[] rows, long[] end, PairList out, byte[] marks) {
        IntMinHeap inFlight = new IntMinHeap(end);
        IntList unmarked = new IntList(); // in-flight writes not yet marked crossing
        for (int i : rows) {
            long s = r.submit(i);
            if (isFlush(r, i)) {
                inFlight.popWhileAtMost(s);
                int owner = r.parent(i);
                boolean ownerInFlight =
                        owner >= 0
                                && owner < i
                                && Arrays.binarySearch(rows, owner) >= 0
                                && r.op(owner).modifiesData()
                                && end[owner] > s;
                long count = inFlight.size() - (ownerInFlight ? 1 : 0);
                int listed = 0;
                for (int k = 0; k < inFlight.size() && out.room() > 0; k++) {
                    int w = inFlight.at(k);
                    if (w != owner) {
                        out.add(w, i); // the owner's pre/post-flush is its own machinery
                        listed++;
                    }
                }
                out.countOmitted(count - listed);
                IntList keep = new IntList();
                for (int k = 0; k < unmarked.size(); k++) {
                    int w = unmarked.get(k);
                    if (end[w] <= s) {
                        continue; // completed: it can cross no later flush either
                    }
                    if (w == owner) {
                        keep.add(w);
                    } else {
                        marks[w] |= OrderingFindings.CROSSING;
                    }
                }
                unmarked = keep;
            }
            if (r.op(i).modifiesData()) {
                inFlight.push(i);
                unmarked.add(i);
            }
        }
    }

    /**
     * Writes submitted after a flush and completed before it. A write overtakes some flush iff an
     * earlier flush of its domain completes after both its submission and its completion, so the
     * marks need only the running maximum of flush completions. The pairs are listed flush by flush
     * through a tree of the writes' completions (O(log n) per listed pair), and counted with a
     * Fenwick tree over the writes after each flush.
     */
    private static void findOvertaking(
            Requests r, int[] rows, long[] end, PairList out, byte[] marks) {
        long latestFlushEnd = Long.MIN_VALUE;
        for (int i : rows) {
            if (r.op(i).modifiesData() && latestFlushEnd > key(r, end, i)) {
                marks[i] |= OrderingFindings.OVERTAKING;
            }
            if (isFlush(r, i)) {
                latestFlushEnd = Math.max(latestFlushEnd, end[i]);
            }
        }
        // A write w overtakes flush f iff w comes after f and key(w) < end(f).
        int m = rows.length;
        long[] keys = new long[m];
        MaxTree negatedKeys = new MaxTree(m); // ~key: the largest ~key is the smallest key
        for (int p = 0; p < m; p++) {
            int i = rows[p];
            boolean write = r.op(i).modifiesData();
            keys[p] = write ? key(r, end, i) : Long.MAX_VALUE;
            negatedKeys.set(p, write ? ~keys[p] : Long.MIN_VALUE);
        }
        long[] sortedKeys = keys.clone();
        Arrays.sort(sortedKeys);
        long[] pairsOfFlush = new long[m];
        Fenwick later = new Fenwick(m); // the writes after position p, by key rank
        for (int p = m - 1; p >= 0; p--) {
            int f = rows[p];
            if (isFlush(r, f)) {
                pairsOfFlush[p] = later.prefix(lowerBound(sortedKeys, end[f]));
            }
            if (r.op(f).modifiesData()) {
                later.add(lowerBound(sortedKeys, keys[p]), 1);
            }
        }
        int[] found = new int[1024];
        for (int p = 0; p < m; p++) {
            if (pairsOfFlush[p] == 0) {
                continue;
            }
            int f = rows[p];
            long listed = 0;
            int from = p + 1;
            while (out.room() > 0) {
                int limit = Math.min(out.room(), found.length);
                int got = negatedKeys.collect(from, m, ~end[f], limit, found);
                for (int k = 0; k < got; k++) {
                    out.add(rows[found[k]], f);
                }
                listed += got;
                if (got < limit) {
                    break;
                }
                from = found[got - 1] + 1;
            }
            out.countOmitted(pairsOfFlush[p] - listed);
        }
    }

    /** When a write is done with: its completion, or its submission if that is later (bad data). */
    private static long key(Requests r, long[] end, int row) {
        return Math.max(r.submit(row), end[row]);
    }

    /**
     * Writes whose sectors overlap a write that is still in flight when they are submitted. The
     * in-flight writes sit in a tree over their start sectors holding their end sectors: the ones
     * overlapping [lo, hi) are those starting below hi with an end above lo, found in O(log n)
     * each; two Fenwick trees count them without listing.
     */
    private static void findConcurrent(
            Requests r, int[] rows, long[] end, PairList out, byte[] marks) {
        int m = 0;
        int[] writes = new int[rows.length];
        for (int i : rows) {
            if (r.op(i).modifiesData() && r.count(i) > 0) {
                writes[m++] = i;
            }
        }
        if (m < 2) {
            return;
        }
        writes = Arrays.copyOf(writes, m);
        // Positions in (start sector, row) order: each write has its own leaf.
        Integer[] order = new Integer[m];
        for (int k = 0; k < m; k++) {
            order[k] = k;
        }
        final int[] w = writes;
        Arrays.sort(
                order,
                (a, b) -> {
                    int c = Long.compare(r.sector(w[a]), r.sector(w[b]));
                    return c != 0 ? c : Integer.compare(a, b);
                });
        int[] leafOf = new int[m];
        int[] writeAtLeaf = new int[m];
        long[] sortedLo = new long[m];
        long[] sortedHi = new long[m];
        for (int leaf = 0; leaf < m; leaf++) {
            leafOf[order[leaf]] = leaf;
            writeAtLeaf[leaf] = order[leaf];
            sortedLo[leaf] = r.sector(w[order[leaf]]);
        }
        for (int k = 0; k < m; k++) {
            sortedHi[k] = hi(r, w[k]);
        }
        Arrays.sort(sortedHi);
        MaxTree active = new MaxTree(m); // leaf value: end sector of an in-flight write
        MaxTree activeUnmarked = new MaxTree(m);
        Fenwick byLo = new Fenwick(m);
        Fenwick byHi = new Fenwick(m);
        IntMinHeap inFlight = new IntMinHeap(end);
        int[] found = new int[1024];
        for (int k = 0; k < m; k++) {
            int i = w[k];
            long s = r.submit(i);
            while (inFlight.size() > 0 && end[inFlight.peek()] <= s) {
                int done = inFlight.pop();
                int leaf = leafOf[Arrays.binarySearch(w, done)];
                active.set(leaf, Long.MIN_VALUE);
                activeUnmarked.set(leaf, Long.MIN_VALUE);
                byLo.add(leaf, -1);
                byHi.add(lowerBound(sortedHi, hi(r, done)), -1);
            }
            long lo = r.sector(i);
            long hi = hi(r, i);
            int below = lowerBound(sortedLo, hi); // leaves [0, below) start below hi
            // in flight and starting below hi, minus those ending at or before lo (which also
            // start below hi, as lo < hi)
            long count = byLo.prefix(below) - byHi.prefix(upperBound(sortedHi, lo));
            if (count > 0) {
                marks[i] |= OrderingFindings.CONCURRENT;
                int got;
                do {
                    got = activeUnmarked.collect(0, below, lo, found.length, found);
                    for (int g = 0; g < got; g++) {
                        marks[w[writeAtLeaf[found[g]]]] |= OrderingFindings.CONCURRENT;
                        activeUnmarked.set(found[g], Long.MIN_VALUE);
                    }
                } while (got == found.length);
                long listed = 0;
                int from = 0;
                while (out.room() > 0) {
                    int limit = Math.min(out.room(), found.length);
                    got = active.collect(from, below, lo, limit, found);
                    for (int g = 0; g < got; g++) {
                        out.add(w[writeAtLeaf[found[g]]], i);
                    }
                    listed += got;
                    if (got < limit) {
                        break;
                    }
                    from = found[got - 1] + 1;
                }
                out.countOmitted(count - listed);
            }
            int leaf = leafOf[k];
            active.set(leaf, hi);
            if ((marks[i] & OrderingFindings.CONCURRENT) == 0) {
                activeUnmarked.set(leaf, hi);
            }
            byLo.add(leaf, 1);
            byHi.add(lowerBound(sortedHi, hi), 1);
            inFlight.push(i);
        }
    }

    private static long hi(Requests r, int row) {
        long lo = r.sector(row);
        long hi = lo + r.count(row);
        return hi < lo ? Long.MAX_VALUE : hi; // saturate past the largest sector
    }

    /**
     * Sweeps drain events in time order against the requests in flight at each. Requests are
     * grouped by (layer, device), a drain's filter picks whole groups, and each group keeps its
     * in-flight requests in a heap by completion (counted by its size) and its not yet marked ones
     * in a list (each marked once): O(n log n + drains × groups + kept).
     */
    private static void findDrainViolations(Trace t, long[] end, PairList out, byte[] marks) {
        Events e = t.events();
        Requests r = t.requests();
        List<String> groupDevice = new ArrayList<>();
        List<Integer> groupLayer = new ArrayList<>();
        Map<String, Integer> groupIds = new HashMap<>();
        int[] groupOfLane = new int[t.lanes().size()];
        for (int lane = 0; lane < groupOfLane.length; lane++) {
            var l = t.lanes().get(lane);
            String device = FlushDomains.device(l.name());
            int layer = l.layer();
            groupOfLane[lane] =
                    groupIds.computeIfAbsent(
                            layer + "\u0000" + device,
                            k -> {
                                groupDevice.add(device);
                                groupLayer.add(layer);
                                return groupDevice.size() - 1;
                            });
        }
        int groups = groupDevice.size();
        IntMinHeap[] inFlight = new IntMinHeap[groups];
        IntList[] unmarked = new IntList[groups];
        for (int g = 0; g < groups; g++) {
            inFlight[g] = new IntMinHeap(end);
            unmarked[g] = new IntList();
        }
        int next = 0;
        for (int ev = 0; ev < e.size(); ev++) {
            if (e.kind(ev) != EventKind.DRAIN) {
                continue;
            }
            long at = e.time(ev);
            while (next < r.size() && r.submit(next) < at) {
                int g = groupOfLane[r.lane(next)];
                inFlight[g].push(next);
                unmarked[g].add(next);
                next++;
            }
            int layer = e.layer(ev);
            int lane = e.lane(ev);
            String device = lane < 0 ? null : FlushDomains.device(t.lanes().get(lane).name());
            for (int g = 0; g < groups; g++) {
                if ((layer >= 0 && groupLayer.get(g) != layer)
                        || (device != null && !groupDevice.get(g).equals(device))) {
                    continue;
                }
                IntMinHeap heap = inFlight[g];
                heap.popWhileAtMost(at);
                int listed = Math.min(heap.size(), out.room());
                for (int k = 0; k < listed; k++) {
                    out.add(heap.at(k), ev);
                }
                out.countOmitted(heap.size() - listed);
                IntList u = unmarked[g];
                for (int k = 0; k < u.size(); k++) {
                    int i = u.get(k);
                    if (end[i] > at) {
                        marks[i] |= OrderingFindings.DRAIN_VIOLATION;
                    }
                }
                u.clear();
            }
        }
    }

    /** The first index whose value is at least {@code v}. */
    static int lowerBound(long[] sorted, long v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first index whose value is above {@code v}. */
    static int upperBound(long[] sorted, long v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
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

        int peek() {
            return heap[0];
        }

        int pop() {
            int top = heap[0];
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
            return top;
        }

        /** Removes every row whose key is at most {@code limit}. */
        void popWhileAtMost(long limit) {
            while (size > 0 && key[heap[0]] <= limit) {
                pop();
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

    /** A growable int list. */
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

        void clear() {
            size = 0;
        }
    }

    /** Counts per position with prefix sums, O(log n) each. */
    private static final class Fenwick {
        private final long[] tree;

        Fenwick(int n) {
            tree = new long[n + 1];
        }

        void add(int pos, long delta) {
            for (int i = pos + 1; i < tree.length; i += i & -i) {
                tree[i] += delta;
            }
        }

        /** The sum over positions [0, end). */
        long prefix(int end) {
            long s = 0;
            for (int i = end; i > 0; i -= i & -i) {
                s += tree[i];
            }
            return s;
        }
    }

    /**
     * A segment tree of long values by position keeping subtree maxima, so that the positions of a
     * range holding a value above a threshold are found in O(log n) each.
     */
    private static final class MaxTree {
        private final int leaves;
        private final long[] max;

        MaxTree(int n) {
            int l = 1;
            while (l < n) {
                l <<= 1;
            }
            leaves = l;
            max = new long[2 * l];
            Arrays.fill(max, Long.MIN_VALUE);
        }

        void set(int pos, long value) {
            int i = pos + leaves;
            max[i] = value;
            for (i >>>= 1; i > 0; i >>>= 1) {
                max[i] = Math.max(max[2 * i], max[2 * i + 1]);
            }
        }

        /**
         * Puts into {@code found}, in position order, up to {@code limit} positions of [from, to)
         * whose value is above {@code threshold}; returns how many.
         */
        int collect(int from, int to, long threshold, int limit, int[] found) {
            return collect(1, 0, leaves, from, to, threshold, limit, found, 0);
        }

        private int collect(
                int node,
                int nodeFrom,
                int nodeTo,
                int from,
                int to,
                long threshold,
                int limit,
                int[] found,
                int got) {
            if (got >= limit || nodeTo <= from || to <= nodeFrom || max[node] <= threshold) {
                return got;
            }
            if (nodeTo - nodeFrom == 1) {
                found[got] = nodeFrom;
                return got + 1;
            }
            int mid = (nodeFrom + nodeTo) >>> 1;
            got = collect(2 * node, nodeFrom, mid, from, to, threshold, limit, found, got);
            return collect(2 * node + 1, mid, nodeTo, from, to, threshold, limit, found, got);
        }
    }
}
