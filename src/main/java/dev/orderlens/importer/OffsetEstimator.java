package dev.orderlens.importer;

import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates the clock offset between two files of one capture (e.g. a guest blkparse and a QEMU
 * log) by matching writes with the same sector range across layers (docs/adr/0013). A write seen at
 * two layers must nest: the lower layer's request starts after the upper one was issued and ends
 * before the upper one completed. Each matched pair bounds the offset; the estimate is the middle
 * of the range that the most pairs agree on, and the confidence is the share of pairs that agree.
 */
public final class OffsetEstimator {
    /** Pairs farther apart than this from the coarse estimate are not the same write. */
    static final long WINDOW_NS = 20_000_000L;

    /** Fewer matched writes than this give no estimate. */
    public static final int MIN_MATCHES = 3;

    private static final int MAX_PER_KEY = 32;

    private OffsetEstimator() {}

    /**
     * @param offsetNs nanoseconds to add to the other file's times
     * @param matches writes matched across the two files
     * @param agreeing matched writes that nest correctly with this offset
     */
    public record Estimate(long offsetNs, int matches, int agreeing) {
        public double confidence() {
            return matches == 0 ? 0 : agreeing / (double) matches;
        }
    }

    private record W(long sector, int count, int rank, long submit, long issue, long complete) {
        long anchor() {
            return issue != Time.NONE ? issue : submit;
        }
    }

    /**
     * The offset to add to {@code other}'s times to put it on {@code reference}'s clock, or null.
     */
    public static Estimate estimate(Trace reference, Trace other) {
        Map<Long, List<W>> ref = writes(reference);
        Map<Long, List<W>> oth = writes(other);
        // coarse: the densest window of candidate differences between same-range writes
        long[] diffs = new long[64];
        int n = 0;
        for (Map.Entry<Long, List<W>> e : ref.entrySet()) {
            List<W> bs = oth.get(e.getKey());
            if (bs == null) {
                continue;
            }
            for (W a : cap(e.getValue())) {
                for (W b : cap(bs)) {
                    if (a.count != b.count || a.sector != b.sector) {
                        continue;
                    }
                    if (n == diffs.length) {
                        diffs = Arrays.copyOf(diffs, n * 2);
                    }
                    diffs[n++] = a.anchor() - b.submit;
                }
            }
        }
        if (n < MIN_MATCHES) {
            return null;
        }
        Arrays.sort(diffs, 0, n);
        int best = 0;
        int bestFrom = 0;
        for (int i = 0, j = 0; i < n; i++) {
            while (diffs[i] - diffs[j] > WINDOW_NS) {
                j++;
            }
            if (i - j + 1 > best) {
                best = i - j + 1;
                bestFrom = j;
            }
        }
        long coarse = diffs[bestFrom + best / 2];
        // fine: pair each reference write with the closest same-range write, then intersect the
        // bounds
        List<long[]> bounds = new ArrayList<>();
        for (Map.Entry<Long, List<W>> e : ref.entrySet()) {
            List<W> bs = oth.get(e.getKey());
            if (bs == null) {
                continue;
            }
            for (W a : e.getValue()) {
                W match = null;
                long dist = WINDOW_NS;
                for (W b : bs) {
                    long d = Math.abs(a.anchor() - (b.submit + coarse));
                    if (b.count == a.count && b.sector == a.sector && d <= dist) {
                        dist = d;
                        match = b;
                    }
                }
                if (match != null) {
                    bounds.add(bounds(a, match));
                }
            }
        }
        if (bounds.size() < MIN_MATCHES) {
            return null;
        }
        return stab(bounds);
    }

    /** [lo, hi] of the offsets under which b (other file) nests with a (reference file). */
    private static long[] bounds(W a, W b) {
        long lo;
        long hi;
        if (b.rank > a.rank) { // b is the lower layer: inside a's issue..complete
            lo = a.anchor() - b.submit;
            hi =
                    a.complete != Time.NONE && b.complete != Time.NONE
                            ? a.complete - b.complete
                            : Long.MAX_VALUE;
        } else if (b.rank < a.rank) { // b is the upper layer: a inside b's issue..complete
            hi = a.submit - b.anchor();
            lo =
                    a.complete != Time.NONE && b.complete != Time.NONE
                            ? a.complete - b.complete
                            : Long.MIN_VALUE;
        } else {
            lo = hi = a.submit - b.submit;
        }
        return lo <= hi ? new long[] {lo, hi} : new long[] {hi, lo};
    }

    /** The offset inside the most intervals (middle of that region), and how many agree. */
    private static Estimate stab(List<long[]> intervals) {
        int m = intervals.size();
        long[] starts = new long[m];
        long[] ends = new long[m];
        for (int i = 0; i < m; i++) {
            starts[i] = intervals.get(i)[0];
            ends[i] = intervals.get(i)[1];
        }
        Arrays.sort(starts);
        Arrays.sort(ends);
        int open = 0;
        int best = -1;
        long bestLo = 0;
        long bestHi = 0;
        int i = 0;
        int j = 0;
        while (i < m) {
            if (starts[i] <= ends[j]) {
                open++;
                if (open > best) {
                    best = open;
                    bestLo = starts[i];
                    bestHi = ends[j];
                }
                i++;
            } else {
                open--;
                j++;
            }
        }
        long mid;
        if (bestHi == Long.MAX_VALUE || bestLo == Long.MIN_VALUE) {
            mid = bestHi == Long.MAX_VALUE ? bestLo : bestHi;
        } else {
            mid = bestLo + (bestHi - bestLo) / 2;
        }
        return new Estimate(mid, m, best);
    }

    private static List<W> cap(List<W> l) {
        return l.size() <= MAX_PER_KEY ? l : l.subList(0, MAX_PER_KEY);
    }

    /** Writes with data, by (sector, count). */
    private static Map<Long, List<W>> writes(Trace t) {
        Map<Long, List<W>> m = new HashMap<>();
        Requests r = t.requests();
        for (int i = 0; i < r.size(); i++) {
            if (r.op(i) != Op.WRITE || r.count(i) == 0) {
                continue;
            }
            int rank = Layer.stackRank(t.layerId(i));
            m.computeIfAbsent(r.sector(i) * 31 + r.count(i), k -> new ArrayList<>())
                    .add(
                            new W(
                                    r.sector(i),
                                    r.count(i),
                                    rank,
                                    r.submit(i),
                                    r.issue(i),
                                    r.complete(i)));
        }
        return m;
    }
}
