package dev.orderlens.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * What each sector may hold after the crash (docs/analysis.md): every write of the content layer
 * covering it that was issued by the crash, may survive and is not superseded by a durable write,
 * plus the old content when no durable write covers it, plus garbage under the {@link
 * Tearing#GARBAGE} policy when an uncertain write may tear it. Write A is superseded by B when B
 * covers the sector, B is durable and B was submitted at or after A completed. Computed per sector
 * on demand through an interval index: O(log n + writes covering the sector).
 */
public final class SectorContents {
    /** Candidate marker: the sector's content before the trace ("initial"). */
    public static final int INITIAL = -1;

    /** Candidate marker: a torn sector holding neither version. */
    public static final int GARBAGE = -2;

    /** One sector of one device (flush domain) and its candidates. */
    public record Sector(int domain, long sector, int[] candidates) {}

    /**
     * Consecutive sectors [from, to) of one device with the same candidates: a 2^31-sector discard
     * is one run, not 2^31 entries.
     */
    public record Run(int domain, long from, long to, int[] candidates) {
        public long count() {
            return to - from;
        }
    }

    private final CrashResult res;
    private final CrashAnalysis a;
    private final PreparedWrites writes;
    private final IntervalIndex index;
    private final long t;
    private volatile String[] deviceNames;

    SectorContents(CrashResult res, IntervalIndex index) {
        this.res = res;
        this.a = res.a;
        this.writes = a.writes();
        this.index = index;
        this.t = res.point.atNs();
    }

    /** The flush domain (device at a layer) of a lane, for {@link #candidates(int, long)}. */
    public int domainOfLane(int lane) {
        return writes.domains().ofLane(lane);
    }

    /** The domain of a request row. */
    public int domainOfRow(int row) {
        return writes.domain(row);
    }

    /**
     * Candidates of a sector: {@link #INITIAL} first if possible, then request rows in submit
     * order, then {@link #GARBAGE} if possible.
     */
    public int[] candidates(int domain, long sector) {
        int[][] found = {new int[8]};
        int[] size = {0};
        index.overlapping(
                domain,
                sector,
                sector + 1,
                w -> {
                    if (size[0] == found[0].length) {
                        found[0] = Arrays.copyOf(found[0], size[0] * 2);
                    }
                    found[0][size[0]++] = w;
                });
        int[] rows = Arrays.copyOf(found[0], size[0]);
        // the two latest-submitted durable writes: a write is superseded by a durable one other
        // than itself
        int best = -1;
        int second = -1;
        for (int w : rows) {
            if (res.state(w) == WriteState.DURABLE) {
                if (best < 0 || writes.submit(w) > writes.submit(best)) {
                    second = best;
                    best = w;
                } else if (second < 0 || writes.submit(w) > writes.submit(second)) {
                    second = w;
                }
            }
        }
        int[] out = new int[rows.length + 2];
        int m = 0;
        if (best < 0) {
            out[m++] = INITIAL;
        }
        boolean tearable = false;
        Arrays.sort(rows);
        for (int w : rows) {
            WriteState s = res.state(w);
            if (!s.maySurvive() || lostHere(w, sector)) {
                continue;
            }
            int newest = best != w ? best : second;
            if (newest >= 0 && writes.submit(newest) >= writes.complete(w)) {
                continue; // superseded
            }
            out[m++] = w;
            tearable |= s.uncertain();
        }
        if (tearable && res.point.tearing() == Tearing.GARBAGE) {
            out[m++] = GARBAGE;
        }
        return Arrays.copyOf(out, m);
    }

    /** Whether a writeback error that hit only part of the write dropped it at this sector. */
    private boolean lostHere(int w, long sector) {
        WritebackErrors.Hits h = a.hits(a.rule(w, res.point.cacheModes()));
        if (h == null || !h.partlyHitBy(w, t)) {
            return false;
        }
        var e = a.trace().events();
        for (int ev : h.partEvents(w)) {
            if (e.time(ev) <= t && e.sector(ev) <= sector && sector < e.sector(ev) + e.count(ev)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Calls {@code out} for every sector written by a content-layer write issued by the crash, in
     * (domain, sector) order; one call per sector, so only for small traces (see {@link
     * #forEachWrittenRun}).
     */
    public void forEachWrittenSector(Consumer<Sector> out) {
        forEachWrittenRun(
                run -> {
                    for (long sec = run.from(); sec < run.to(); sec++) {
                        out.accept(new Sector(run.domain(), sec, run.candidates()));
                    }
                });
    }

    /** How many runs {@link #forEachWrittenRun} hands out. */
    public long runCount() {
        long[] n = {0};
        forEachWrittenRun(run -> n[0]++);
        return n[0];
    }

    /**
     * Calls {@code out} for every run of sectors written by a content-layer write issued by the
     * crash, in (domain, sector) order, neighbours with equal candidates merged. Sectors no such
     * write touched hold their initial content. Candidates only change where a write or a writeback
     * error's range starts or ends, so they are computed once per such segment: the cost depends on
     * the number of writes, not on their sizes.
     */
    public void forEachWrittenRun(Consumer<Run> out) {
        Run[] pending = {null};
        Consumer<Run> merging =
                run -> {
                    Run p = pending[0];
                    if (p != null
                            && p.domain() == run.domain()
                            && p.to() == run.from()
                            && Arrays.equals(p.candidates(), run.candidates())) {
                        pending[0] = new Run(p.domain(), p.from(), run.to(), p.candidates());
                        return;
                    }
                    if (p != null) {
                        out.accept(p);
                    }
                    pending[0] = run;
                };
        long[] errorCuts = errorCuts();
        long[] bounds = new long[16];
        int n = index.size();
        int i = 0;
        while (i < n) {
            int w = index.row(i);
            if (res.state(w) == WriteState.NOT_ISSUED) {
                i++;
                continue;
            }
            int d = writes.domain(w);
            long from = writes.sector(w);
            long to = from + writes.count(w);
            bounds[0] = from;
            bounds[1] = to;
            int nb = 2;
            int j = i + 1;
            for (;
                    j < n;
                    j++) { // grow the run while the next issued write of the domain touches it
                int v = index.row(j);
                if (writes.domain(v) != d || writes.sector(v) > to) {
                    break;
                }
                if (res.state(v) != WriteState.NOT_ISSUED) {
                    to = Math.max(to, writes.end(v));
                }
                if (nb + 2 > bounds.length) {
                    bounds = Arrays.copyOf(bounds, bounds.length * 2);
                }
                bounds[nb++] = writes.sector(v); // not-issued writes' edges: harmless extra cuts
                bounds[nb++] = writes.end(v);
            }
            // a writeback error that hit a write in part cuts it too
            int e0 = firstAtLeast(errorCuts, from);
            int e1 = firstAtLeast(errorCuts, to + 1);
            if (nb + (e1 - e0) > bounds.length) {
                bounds = Arrays.copyOf(bounds, nb + (e1 - e0));
            }
            System.arraycopy(errorCuts, e0, bounds, nb, e1 - e0);
            nb += e1 - e0;
            Arrays.sort(bounds, 0, nb);
            long prev = Long.MIN_VALUE;
            boolean started = false;
            for (int k = 0; k < nb; k++) {
                long x = bounds[k];
                if (x < from || x > to || (started && x == prev)) {
                    continue;
                }
                if (started) {
                    merging.accept(new Run(d, prev, x, candidates(d, prev)));
                }
                prev = x;
                started = true;
            }
            i = j;
        }
        if (pending[0] != null) {
            out.accept(pending[0]);
        }
    }

    /** Both ends of every writeback error's sector range, sorted (duplicates kept). */
    private long[] errorCuts() {
        WritebackErrors errors = a.errors();
        if (errors == null) {
            return new long[0];
        }
        var e = a.trace().events();
        long[] cuts = new long[2 * errors.eventCount()];
        int m = 0;
        for (int x = 0; x < errors.eventCount(); x++) {
            int ev = errors.event(x);
            if (e.sector(ev) >= 0 && e.count(ev) > 0) {
                cuts[m++] = e.sector(ev);
                cuts[m++] = e.sector(ev) + e.count(ev);
            }
        }
        cuts = Arrays.copyOf(cuts, m);
        Arrays.sort(cuts);
        return cuts;
    }

    /** The first index of a sorted array holding a value &gt;= x (its length if none). */
    private static int firstAtLeast(long[] sorted, long x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Every written sector (see {@link #forEachWrittenSector}); for small traces and tests. */
    public List<Sector> writtenSectors() {
        List<Sector> out = new ArrayList<>();
        forEachWrittenSector(out::add);
        return out;
    }

    /** The device name of a domain, as in the lane names ("vda", "8,0"). */
    public String deviceOf(int domain) {
        String[] names = deviceNames;
        if (names == null) {
            names = new String[writes.domains().count()];
            for (var lane : a.trace().lanes()) {
                int d = writes.domains().ofLane(lane.index());
                if (names[d] == null) {
                    names[d] = FlushDomains.device(lane.name());
                }
            }
            deviceNames = names;
        }
        return domain >= 0 && domain < names.length && names[domain] != null ? names[domain] : "";
    }
}
