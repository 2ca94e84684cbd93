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
     * @param lo lowest offset with which as many writes nest
     * @param hi highest offset with which as many writes nest
     */
    public record Estimate(long offsetNs, int matches, int agreeing, long lo, long hi) {
        public Estimate(long offsetNs, int matches, int agreeing) {
            this(offsetNs, matches, agreeing, offsetNs, offsetNs);
        }

        public double confidence() {
            return matches == 0 ? 0 : agreeing / (double) matches;
        }
    }

    /**
     * A data write of one file; times on the running clock when the file ran through VM pauses.
     *
     * @param segment the stretch between pauses it was submitted in, or -1 in a file without pauses
     */
    private record W(
            long sector, int count, int rank, long submit, long issue, long complete, int segment) {
        long anchor() {
            return issue != Time.NONE ? issue : submit;
        }
    }

    /**
     * The offset to add to {@code other}'s times to put it on {@code reference}'s clock, or null.
     */
    public static Estimate estimate(Trace reference, Trace other) {
        List<Pair> pairs = pairs(writes(reference, null), writes(other, null));
        return pairs.size() < MIN_MATCHES ? null : stab(pairs.stream().map(Pair::bounds).toList());
    }

    /**
     * A write matched across the two files: the offsets under which they nest, and the stretch
     * between pauses it belongs to.
     */
    private record Pair(long[] bounds, int segment, long refTime, long otherTime) {}

    /**
     * A piecewise alignment of {@code other} onto {@code reference}'s clock: one segment per
     * stretch between VM pauses (docs/adr/0101).
     *
     * @param segments in time order on {@code other}'s clock
     * @param matches writes matched over all segments
     * @param agreeing matched writes that nest under their segment's offset
     */
    public record Alignment(
            List<ClockSegment> segments, int matches, int agreeing, boolean pausesDetected) {
        public Alignment(List<ClockSegment> segments, int matches, int agreeing) {
            this(segments, matches, agreeing, false);
        }

        public long baseOffsetNs() {
            return segments.get(0).offsetNs();
        }
    }

    /**
     * The offset(s) to add to {@code other}'s times to put it on {@code reference}'s clock, or
     * null. When either file records VM pauses ({@link #pauses}) the files drift apart by each
     * pause: the host's clock runs through it, the guest's (kvmclock, or TCG's virtual clock, is
     * stopped with the VM) does not.
     *
     * <p>The file that ran through the pauses has one clock, so the order of its own events is
     * ground truth, and so is the guest's. Offsets are estimated on the host's <em>running</em>
     * clock (its times with each logged pause taken out, a time inside a pause held at its start),
     * each stretch from its own writes, a stretch with too few from its neighbour. From one stretch
     * to the next the running offset may then only move as the clocks can: by up to the pause (a
     * guest clock that saw part of it) one way, and by up to the log's silence before the stop (the
     * guest's clock stops before QEMU logs the stop, {@link #allTimes}) the other way; the host's
     * events from that earlier stop to the resume are held at it. Estimates that break this are
     * moved within what their writes allow, so neither file is ever reordered.
     */
    public static Alignment align(Trace reference, Trace other) {
        List<long[]> otherPauses = pauses(other);
        List<long[]> refPauses = otherPauses.isEmpty() ? pauses(reference) : List.of();
        boolean detected = false;
        if (otherPauses.isEmpty() && refPauses.isEmpty()) {
            // no VM-state events: a jump in the matched offsets is a pause the log did not record
            boolean otherIsHost = maxRank(other) > maxRank(reference);
            List<long[]> found = jumps(reference, other, otherIsHost);
            if (!found.isEmpty()) {
                detected = true;
                if (otherIsHost) {
                    otherPauses = found;
                } else {
                    refPauses = found;
                }
            }
        }
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
        RunningClock clock = new RunningClock(ps);
        Map<Long, List<W>> ref = writes(reference, onOther ? null : clock);
        Map<Long, List<W>> oth = writes(other, onOther ? clock : null);
        List<Pair> pairs = pairs(ref, oth);
        if (pairs.size() < MIN_MATCHES) {
            return null;
        }
        List<List<long[]>> bySegment = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            bySegment.add(new ArrayList<>());
        }
        for (Pair p : pairs) {
            bySegment.get(p.segment()).add(p.bounds());
        }
        // offsets on the running clock: each stretch's own estimate where it has enough writes,
        // else its neighbour's (the pause taken out), else one estimate from all writes
        long[] run = new long[n];
        long[][] region = new long[n][];
        for (int k = 0; k < n; k++) {
            if (bySegment.get(k).size() >= MIN_MATCHES) {
                Estimate e = stab(bySegment.get(k));
                run[k] = e.offsetNs();
                region[k] = new long[] {e.lo(), e.hi()};
            }
        }
        fillFromNeighbours(run, region, stab(pairs.stream().map(Pair::bounds).toList()));
        // keep both files' order: from one stretch to the next the running offset may move by
        // [-quiet, +P] (host as other) or [-P, +quiet] (guest as other), where quiet is the
        // silence of the host's log before the recorded stop (see allTimes)
        long[] hostTimes = allTimes(onOther ? other : reference);
        long[] dLo = new long[n];
        long[] dHi = new long[n];
        for (int k = 1; k < n; k++) {
            long[] p = ps.get(k - 1);
            // a pause found from a jump: the guest's clock may have stopped from the last write
            // before it on
            long quiet = p[0] - (p.length > 2 ? p[2] : lastTimeBefore(hostTimes, p[0]));
            dLo[k] = onOther ? -quiet : -length(p);
            dHi[k] = onOther ? length(p) : quiet;
        }
        for (int k = 1; k < n; k++) {
            long d = run[k] - run[k - 1];
            if (d < dLo[k] || d > dHi[k]) {
                // first move the previous stretch within the offsets its own writes allow
                long want = clamp(run[k - 1], run[k] - dHi[k], run[k] - dLo[k]);
                if (region[k - 1] != null) {
                    want = clamp(want, region[k - 1][0], region[k - 1][1]);
                }
                if (k > 1) {
                    want = clamp(want, run[k - 2] + dLo[k - 1], run[k - 2] + dHi[k - 1]);
                }
                run[k - 1] = want;
                run[k] = clamp(run[k], run[k - 1] + dLo[k], run[k - 1] + dHi[k]);
            }
        }
        int agreeing = 0;
        for (int k = 0; k < n; k++) {
            agreeing += agreeing(bySegment.get(k), run[k]);
        }
        // back to each stretch's own clock: other = host loses the pauses before it (offset
        // drops), other = guest gains them
        long sign = onOther ? -1 : 1;
        long[] off = new long[n];
        long paused = 0;
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                paused += length(ps.get(k - 1));
            }
            off[k] = run[k] + sign * paused;
        }
        List<ClockSegment> segs = new ArrayList<>();
        segs.add(new ClockSegment(Long.MIN_VALUE, off[0], 0, Time.NONE, region[0] != null));
        for (int k = 1; k < n; k++) {
            long[] p = ps.get(k - 1);
            boolean own = region[k] != null;
            // the guest's clock stopped before QEMU logged the stop by as much as the running
            // offset dropped (allTimes); the host's events from there to the resume are held
            long early = Math.max(0, onOther ? run[k - 1] - run[k] : run[k] - run[k - 1]);
            segs.add(
                    onOther
                            ? new ClockSegment(p[1], off[k], length(p), p[0] - early, own)
                            // the guest's clock stood still at the stop: its time there
                            : new ClockSegment(p[1] - off[k], off[k], length(p), Time.NONE, own));
        }
        return new Alignment(segs, pairs.size(), agreeing, detected);
    }

    private static int maxRank(Trace t) {
        int m = Integer.MIN_VALUE;
        for (var l : t.layers()) {
            m = Math.max(m, Layer.stackRank(l.id()));
        }
        return m;
    }

    /**
     * Pauses found from jumps in the matched offsets, on the host file's clock, for files whose log
     * records none (a QEMU log without vm_state_notify). One offset is estimated; the host writes
     * before the first and after the last write that agrees with it are estimated on their own, and
     * where that gives an offset more than {@link #WINDOW_NS} away in the direction a pause moves
     * it (the host further ahead afterwards), the VM was paused by that much somewhere between the
     * two stretches: in the longest silence of the host's log there, where a stopped VM sends no
     * I/O.
     */
    static List<long[]> jumps(Trace reference, Trace other, boolean otherIsHost) {
        Trace host = otherIsHost ? other : reference;
        Trace guest = otherIsHost ? reference : other;
        Cluster main = cluster(guest, host, Long.MIN_VALUE, Long.MAX_VALUE, otherIsHost);
        if (main == null) {
            return List.of();
        }
        long[] times = allTimes(host);
        List<long[]> out = new ArrayList<>();
        // after a pause the host is further ahead: the offset onto the guest's clock drops (other
        // = host) or grows (other = guest) by the pause
        long sign = otherIsHost ? 1 : -1;
        Cluster after = cluster(guest, host, main.last() + 1, Long.MAX_VALUE, otherIsHost);
        // a pause reorders neither file: the stretch after it is after the main one in both
        if (after != null
                && after.guestFirst() > main.guestLast()
                && sign * (main.offset() - after.offset()) > WINDOW_NS) {
            out.add(
                    quietest(
                            times,
                            main.last(),
                            after.first(),
                            sign * (main.offset() - after.offset())));
        }
        Cluster before = cluster(guest, host, Long.MIN_VALUE, main.first(), otherIsHost);
        if (before != null
                && before.guestLast() < main.guestFirst()
                && sign * (before.offset() - main.offset()) > WINDOW_NS) {
            out.add(
                    0,
                    quietest(
                            times,
                            before.last(),
                            main.first(),
                            sign * (before.offset() - main.offset())));
        }
        return out;
    }

    /**
     * The offset of the host writes submitted in [from, to) against every guest write, and the
     * first and last host submit time of the writes that agree with it.
     */
    private record Cluster(long offset, long first, long last, long guestFirst, long guestLast) {}

    private static Cluster cluster(
            Trace guest, Trace host, long from, long to, boolean otherIsHost) {
        Map<Long, List<W>> g = writes(guest, null);
        Map<Long, List<W>> h = new HashMap<>();
        writes(host, null)
                .forEach(
                        (k, ws) -> {
                            List<W> in =
                                    ws.stream()
                                            .filter(w -> w.submit >= from && w.submit < to)
                                            .toList();
                            if (!in.isEmpty()) {
                                h.put(k, in);
                            }
                        });
        List<Pair> pairs = otherIsHost ? pairs(g, h) : pairs(h, g);
        if (pairs.size() < MIN_MATCHES) {
            return null;
        }
        long off = stab(pairs.stream().map(Pair::bounds).toList()).offsetNs();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long guestFirst = Long.MAX_VALUE;
        long guestLast = Long.MIN_VALUE;
        int agree = 0;
        for (Pair p : pairs) {
            if (p.bounds()[0] <= off && off <= p.bounds()[1]) {
                long t = otherIsHost ? p.otherTime() : p.refTime();
                long gt = otherIsHost ? p.refTime() : p.otherTime();
                first = Math.min(first, t);
                last = Math.max(last, t);
                guestFirst = Math.min(guestFirst, gt);
                guestLast = Math.max(guestLast, gt);
                agree++;
            }
        }
        return agree < MIN_MATCHES ? null : new Cluster(off, first, last, guestFirst, guestLast);
    }

    /**
     * A pause of {@code length} at the start of the longest gap between the sorted host {@code
     * times} in [from, to], no longer than that gap; its third element is {@code from}, the
     * earliest the guest's clock may have stopped (the log's events between are held there).
     */
    private static long[] quietest(long[] times, long from, long to, long length) {
        long gapStart = from;
        long gap = -1;
        long prev = from;
        for (long t : times) {
            if (t == Time.NONE || t <= from) {
                continue;
            }
            if (t > to) {
                break;
            }
            if (t - prev > gap) {
                gap = t - prev;
                gapStart = prev;
            }
            prev = t;
        }
        if (to != Long.MAX_VALUE && to - prev > gap) {
            gap = to - prev;
            gapStart = prev;
        }
        return new long[] {gapStart, gapStart + Math.min(length, Math.max(gap, 0)), from};
    }

    /**
     * Stretches with too few writes of their own take the nearest earlier stretch's running offset
     * (the pause taken out), else the nearest later one's; with none of their own, all take the
     * estimate from every write.
     */
    private static void fillFromNeighbours(long[] run, long[][] region, Estimate all) {
        int n = run.length;
        int first = 0;
        while (first < n && region[first] == null) {
            first++;
        }
        for (int k = 0; k < n; k++) {
            if (region[k] == null) {
                run[k] = first == n ? all.offsetNs() : k < first ? run[first] : run[k - 1];
            }
        }
    }

    /**
     * Every time of an event or request of {@code t}, sorted: for {@link #lastTimeBefore}. QEMU
     * stops the guest's clock before it logs the stop (softmmu/cpus.c do_vm_stop:
     * cpu_disable_ticks, then pause_all_vcpus waits for the vCPUs, then vm_state_notify), so the
     * guest may lose a little more than the logged pause, but not more than the log's silence
     * before the stop: the stop was requested after the last thing the log shows (the I/O error,
     * the monitor command).
     */
    private static long[] allTimes(Trace t) {
        Events e = t.events();
        Requests r = t.requests();
        long[] out = new long[e.size() + 3 * r.size()];
        int n = 0;
        for (int i = 0; i < e.size(); i++) {
            out[n++] = e.time(i);
        }
        for (int i = 0; i < r.size(); i++) {
            out[n++] = r.submit(i);
            out[n++] = r.issue(i);
            out[n++] = r.complete(i);
        }
        Arrays.sort(out, 0, n);
        return out;
    }

    /** The last of the sorted {@code times} before {@code stop} (not {@link Time#NONE}). */
    private static long lastTimeBefore(long[] times, long stop) {
        int i = Arrays.binarySearch(times, stop);
        int k = i >= 0 ? i : -i - 1; // first index at or after stop
        while (k > 0 && times[k - 1] >= stop) {
            k--;
        }
        while (k > 0 && times[k - 1] == Time.NONE) {
            k--;
        }
        return k == 0 ? stop : times[k - 1];
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** How many of the intervals hold {@code offset}. */
    private static int agreeing(List<long[]> intervals, long offset) {
        int n = 0;
        for (long[] b : intervals) {
            if (b[0] <= offset && offset <= b[1]) {
                n++;
            }
        }
        return n;
    }

    /**
     * A file's clock with its VM pauses taken out: a time after a pause moves back by the pause's
     * length, a time inside one is held at its start. Monotonic, so it keeps the file's order.
     */
    private record RunningClock(List<long[]> pauses) {
        long at(long t) {
            if (t == Time.NONE) {
                return Time.NONE;
            }
            long out = t;
            for (long[] p : pauses) {
                if (t >= p[1]) {
                    out -= p[1] - p[0];
                } else if (t >= p[0]) {
                    out -= t - p[0];
                }
            }
            return out;
        }

        /** The stretch {@code t} (on the file's own clock) falls in: 0 before the first pause. */
        int segment(long t) {
            int k = 0;
            while (k < pauses.size() && t >= pauses.get(k)[1]) {
                k++;
            }
            return k;
        }
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
        boolean runstate = false;
        for (int i = 0; i < e.size() && !runstate; i++) {
            runstate = "vm_state_notify".equals(e.name(i));
        }
        long stop = Time.NONE;
        for (int i = 0; i < e.size(); i++) {
            String name = e.name(i);
            if (name == null || runstate && !name.equals("vm_state_notify")) {
                continue; // the runstate itself is exact; qmp_enter_cont comes before it
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

    /** Each reference write paired with the nearest same-range write of the other file. */
    private static List<Pair> pairs(Map<Long, List<W>> ref, Map<Long, List<W>> oth) {
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
            return List.of();
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
        List<Pair> pairs = new ArrayList<>();
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
                    pairs.add(
                            new Pair(
                                    bounds(a, match),
                                    Math.max(0, Math.max(a.segment, match.segment)),
                                    a.submit,
                                    match.submit));
                }
            }
        }
        return pairs;
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
        return new Estimate(mid, m, best, bestLo, bestHi);
    }

    private static List<W> cap(List<W> l) {
        return l.size() <= MAX_PER_KEY ? l : l.subList(0, MAX_PER_KEY);
    }

    /**
     * Data writes by (sector, count); with a clock, their times on it and their stretch between
     * pauses.
     */
    private static Map<Long, List<W>> writes(Trace t, RunningClock clock) {
        Map<Long, List<W>> m = new HashMap<>();
        Requests r = t.requests();
        for (int i = 0; i < r.size(); i++) {
            if (r.op(i) != Op.WRITE || r.count(i) == 0) {
                continue;
            }
            int rank = Layer.stackRank(t.layerId(i));
            W w =
                    clock == null
                            ? new W(
                                    r.sector(i),
                                    r.count(i),
                                    rank,
                                    r.submit(i),
                                    r.issue(i),
                                    r.complete(i),
                                    -1)
                            : new W(
                                    r.sector(i),
                                    r.count(i),
                                    rank,
                                    clock.at(r.submit(i)),
                                    clock.at(r.issue(i)),
                                    clock.at(r.complete(i)),
                                    clock.segment(r.submit(i)));
            m.computeIfAbsent(r.sector(i) * 31 + r.count(i), k -> new ArrayList<>()).add(w);
        }
        return m;
    }
}
