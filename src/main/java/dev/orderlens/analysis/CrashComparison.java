package dev.orderlens.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Two crash points of one trace side by side — two times, or two crash kinds, cache modes or
 * tearing policies at one time: the writes whose state differs and the sectors whose possible
 * contents differ. Sectors are compared only when both points take their contents from the same
 * layer (the sector spaces of two layers are not the same); {@link #sameContentLayer()} says so.
 */
public final class CrashComparison {
    /**
     * Sectors [{@code from}, {@code to}) of a device whose candidates differ: left's and right's.
     */
    public record SectorDifference(int domain, long from, long to, int[] left, int[] right) {
        public long sectors() {
            return to - from;
        }
    }

    /** A write whose state differs (null: not a write at that point, never happens for writes). */
    public record StateDifference(int row, WriteState left, WriteState right) {}

    /** At most this many sector differences are kept (the total is still counted). */
    public static final int MAX_SECTOR_DIFFERENCES = 100_000;

    private final CrashResult left;
    private final CrashResult right;
    private final List<StateDifference> states;
    private final List<SectorDifference> sectors;
    private final long differingSectors;

    private CrashComparison(
            CrashResult left,
            CrashResult right,
            List<StateDifference> states,
            List<SectorDifference> sectors,
            long differingSectors) {
        this.left = left;
        this.right = right;
        this.states = Collections.unmodifiableList(states);
        this.sectors = Collections.unmodifiableList(sectors);
        this.differingSectors = differingSectors;
    }

    /** Compares two results of the same {@link CrashAnalysis}. */
    public static CrashComparison of(CrashResult left, CrashResult right) {
        if (left.a != right.a) {
            throw new IllegalArgumentException(
                    "compare two crash points of the same trace analysis");
        }
        List<StateDifference> states = new ArrayList<>();
        for (int row = 0; row < left.state.length; row++) {
            if (left.state[row] != right.state[row]) {
                states.add(new StateDifference(row, left.state(row), right.state(row)));
            }
        }
        List<SectorDifference> sectors = new ArrayList<>();
        long total = 0;
        if (left.contentLayer() == right.contentLayer()) {
            total = diffSectors(segments(left), segments(right), sectors);
        }
        return new CrashComparison(left, right, states, sectors, total);
    }

    public CrashResult left() {
        return left;
    }

    public CrashResult right() {
        return right;
    }

    /**
     * Whether both points take sector contents from the same layer (else sectors are not compared).
     */
    public boolean sameContentLayer() {
        return left.contentLayer() == right.contentLayer();
    }

    /** Writes whose state differs, in row order. */
    public List<StateDifference> states() {
        return states;
    }

    /**
     * Runs of sectors whose possible contents differ, in (domain, sector) order; at most {@link
     * #MAX_SECTOR_DIFFERENCES}.
     */
    public List<SectorDifference> sectors() {
        return sectors;
    }

    /** How many sectors differ in all (also past the kept runs). */
    public long differingSectors() {
        return differingSectors;
    }

    /**
     * A run of written sectors with one candidate array (from {@link
     * SectorContents#forEachWrittenRun}).
     */
    private record Segment(int domain, long from, long to, int[] candidates) {}

    private static List<Segment> segments(CrashResult r) {
        List<Segment> out = new ArrayList<>();
        r.sectors()
                .forEachWrittenRun(
                        run ->
                                out.add(
                                        new Segment(
                                                run.domain(),
                                                run.from(),
                                                run.to(),
                                                run.candidates())));
        return out;
    }

    private static final int[] ONLY_INITIAL = {SectorContents.INITIAL};

    private static int compare(int domainA, long a, int domainB, long b) {
        return domainA != domainB ? Integer.compare(domainA, domainB) : Long.compare(a, b);
    }

    /**
     * Walks both segment lists in (domain, sector) order; a sector in neither list holds its old
     * content at both points. Returns the number of differing sectors; keeps merged runs in {@code
     * out}.
     */
    private static long diffSectors(List<Segment> l, List<Segment> r, List<SectorDifference> out) {
        int i = 0;
        int j = 0;
        long total = 0;
        int domain = -1;
        long pos = Long.MIN_VALUE;
        while (i < l.size() || j < r.size()) {
            Segment a = i < l.size() ? l.get(i) : null;
            Segment b = j < r.size() ? r.get(j) : null;
            // the next point where something starts, if we are not inside a segment
            int d;
            long at;
            boolean inA = a != null && a.domain == domain && a.from <= pos && pos < a.to;
            boolean inB = b != null && b.domain == domain && b.from <= pos && pos < b.to;
            if (!inA && !inB) {
                Segment first =
                        a == null
                                ? b
                                : b == null
                                        ? a
                                        : compare(a.domain, a.from, b.domain, b.from) <= 0 ? a : b;
                domain = first.domain;
                pos = first.from;
                continue;
            }
            d = domain;
            at = pos;
            long end = Long.MAX_VALUE;
            int[] ca = ONLY_INITIAL;
            int[] cb = ONLY_INITIAL;
            if (inA) {
                end = Math.min(end, a.to);
                ca = a.candidates;
            } else if (a != null && a.domain == d) {
                end = Math.min(end, a.from);
            }
            if (inB) {
                end = Math.min(end, b.to);
                cb = b.candidates;
            } else if (b != null && b.domain == d) {
                end = Math.min(end, b.from);
            }
            if (!Arrays.equals(ca, cb)) {
                total += end - at;
                SectorDifference last = out.isEmpty() ? null : out.get(out.size() - 1);
                if (last != null
                        && last.domain() == d
                        && last.to() == at
                        && Arrays.equals(last.left(), ca)
                        && Arrays.equals(last.right(), cb)) {
                    out.set(out.size() - 1, new SectorDifference(d, last.from(), end, ca, cb));
                } else if (out.size() < MAX_SECTOR_DIFFERENCES) {
                    out.add(new SectorDifference(d, at, end, ca, cb));
                }
            }
            pos = end;
            if (inA && end == a.to) {
                i++;
            }
            if (inB && end == b.to) {
                j++;
            }
        }
        return total;
    }
}
