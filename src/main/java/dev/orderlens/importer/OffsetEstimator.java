package dev.orderlens.importer;

import dev.orderlens.model.ClockSegment;
import dev.orderlens.model.Events;
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
        return estimate(
                writes(reference, Long.MIN_VALUE, Long.MAX_VALUE),
                writes(other, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    /**
     * A piecewise alignment of {@code other} onto {@code reference}'s clock: one segment per
     * stretch between VM pauses (docs/adr/0100).
     *
     * @param segments in time order on {@code other}'s clock
     * @param matches writes matched over all segments
     * @param agreeing matched writes that nest under their segment's offset
     */
    public record Alignment(List<ClockSegment> segments, int matches, int agreeing) {
        public long baseOffsetNs() {
            return segments.get(0).offsetNs();
        }
    }

    /**
     * The offset(s) to add to {@code other}'s times to put it on {@code reference}'s clock, or
     * null. When either file records VM pauses ({@link #pauses}) the files drift apart by each
     * pause: the host's clock runs through it, the guest's (kvmclock is stopped with the VM) does
     * not. Each stretch between pauses is then estimated on its own; a stretch with too few matched
     * writes takes its neighbour's offset moved by the pause length.
     */
    public static Alignment align(Trace reference, Trace other) {
        List<long[]> otherPauses = pauses(other);
        List<long[]> refPauses = otherPauses.isEmpty() ? pauses(reference) : List.of();
        if (otherPauses.isEmpty() && refPauses.isEmpty()) {
            Estimate e = estimate(reference, other);
            return e == null
                    ? null
                    : new Alignment(
                            List.of(
                                    new ClockSegment(
                                            Long.MIN_VALUE, e.offsetNs(), 0, Time.NONE, true)),
                            e.matches(),
                            e.agreeing());
        }
        // the pauses are on the clock of the file that ran through them (the host's)
        boolean onOther = !otherPauses.isEmpty();
        List<long[]> ps = onOther ? otherPauses : refPauses;
        int n = ps.size() + 1;
        Estimate[] est = new Estimate[n];
        Map<Long, List<W>> refAll = writes(reference, Long.MIN_VALUE, Long.MAX_VALUE);
        Map<Long, List<W>> othAll = onOther ? null : writes(other, Long.MIN_VALUE, Long.MAX_VALUE);
        int matches = 0;
        int agreeing = 0;
        for (int k = 0; k < n; k++) {
            long from = k == 0 ? Long.MIN_VALUE : ps.get(k - 1)[1];
            long to = k == n - 1 ? Long.MAX_VALUE : ps.get(k)[0];
            est[k] =
                    onOther
                            ? estimate(refAll, writes(other, from, to))
                            : estimate(writes(reference, from, to), othAll);
            if (est[k] != null) {
                matches += est[k].matches();
                agreeing += est[k].agreeing();
            }
        }
        long[] off = new long[n];
        boolean[] known = new boolean[n];
        for (int k = 0; k < n; k++) {
            if (est[k] != null) {
                off[k] = est[k].offsetNs();
                known[k] = true;
            }
        }
        // other = host: offset drops by each pause; other = guest: it grows by each pause
        long sign = onOther ? -1 : 1;
        for (int k = 1; k < n; k++) {
            if (!known[k] && known[k - 1]) {
                off[k] = off[k - 1] + sign * length(ps.get(k - 1));
                known[k] = true;
            }
        }
        for (int k = n - 2; k >= 0; k--) {
            if (!known[k] && known[k + 1]) {
                off[k] = off[k + 1] - sign * length(ps.get(k));
                known[k] = true;
            }
        }
        if (!known[0]) {
            return null;
        }
        List<ClockSegment> segs = new ArrayList<>();
        segs.add(new ClockSegment(Long.MIN_VALUE, off[0], 0, Time.NONE, est[0] != null));
        for (int k = 1; k < n; k++) {
            long[] p = ps.get(k - 1);
            segs.add(
                    onOther
                            ? new ClockSegment(p[1], off[k], length(p), p[0], est[k] != null)
                            // the guest's clock stood still at the stop: its time there
                            : new ClockSegment(
                                    p[0] - off[k - 1],
                                    off[k],
                                    length(p),
                                    Time.NONE,
                                    est[k] != null));
        }
        return new Alignment(segs, matches, agreeing);
    }

    private static long length(long[] pause) {
        return pause[1] - pause[0];
    }

    /**
     * The VM pauses a QEMU log records, as [stop, resume] on its clock: {@code vm_state_notify
     * running 0} … {@code running 1} (runstate changes, softmmu/runstate.c), else {@code
     * qmp_enter_stop} … {@code qmp_enter_cont} (the monitor's stop/cont commands).
     */
    static List<long[]> pauses(Trace t) {
        List<long[]> out = new ArrayList<>();
        Events e = t.events();
        long stop = Time.NONE;
        for (int i = 0; i < e.size(); i++) {
            String name = e.name(i);
            if (name == null) {
                continue;
            }
            String text = e.text(i) == null ? "" : e.text(i);
            boolean stops =
                    name.equals("vm_state_notify") && text.startsWith("running 0")
                            || name.equals("qmp_enter_stop");
            boolean resumes =
                    name.equals("vm_state_notify") && text.startsWith("running 1")
                            || name.equals("qmp_enter_cont");
            if (stops && stop == Time.NONE) {
                stop = e.time(i);
            } else if (resumes && stop != Time.NONE) {
                out.add(new long[] {stop, e.time(i)});
                stop = Time.NONE;
            }
        }
        return out;
    }

    private static Estimate estimate(Map<Long, List<W>> ref, Map<Long, List<W>> oth) {
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

    /** Writes with data submitted in [from, to), by (sector, count). */
    private static Map<Long, List<W>> writes(Trace t, long from, long to) {
        Map<Long, List<W>> m = new HashMap<>();
        Requests r = t.requests();
        for (int i = 0; i < r.size(); i++) {
            if (r.op(i) != Op.WRITE || r.count(i) == 0 || r.submit(i) < from || r.submit(i) >= to) {
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
