package dev.orderlens.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The answer to one crash-point query. The summary — each row's {@link WriteState}, the counts, the
 * number of uncertain writes and log2 of the crash-state count — is computed eagerly and is cheap;
 * reason chains, promise violations, lost predecessors, per-sector contents and crash states are
 * computed when asked for. Immutable; safe to read from several threads.
 */
public final class CrashResult {
    /**
     * A write its layer was told is durable while, at this crash, it is not (docs/analysis.md);
     * {@code belowLayer} is the id of the layer where the promise broke. Its reason: {@link
     * CrashResult#violationReason(int)}.
     */
    public record PromiseViolation(int row, int layer, String belowLayer) {}

    /**
     * A write that may survive while {@code predecessors} writes that completed before it was
     * submitted may not; {@code predecessor} is the one that completed last.
     */
    public record LostPredecessor(int row, int predecessor, int predecessors) {}

    final CrashAnalysis a;
    private final PreparedWrites writes;
    final CrashPoint point;
    final byte[] state;

    /** Lowest and highest {@link StackLevel} of each write's data at the crash. */
    final byte[] lo;

    final byte[] hi;
    private final int[] counts;
    private final int contentLayer;
    private final int[] contentRows;
    private final int uncertain;
    private final long uncertainUnits;
    private final double log2States;
    private volatile List<PromiseViolation> violations;
    private volatile List<LostPredecessor> lostPredecessors;
    private volatile SectorContents sectors;

    CrashResult(
            CrashAnalysis a, CrashPoint point, byte[] state, byte[] lo, byte[] hi, int[] counts) {
        this.a = a;
        this.writes = a.writes();
        this.point = point;
        this.state = state;
        this.lo = lo;
        this.hi = hi;
        this.counts = counts;
        this.contentLayer = a.contentLayer(point.kind());
        this.contentRows = a.contentIndexRows(point.kind());
        int k = 0;
        long units = 0;
        double bits = 0;
        double perUnit = Math.log(point.tearing().outcomesPerUnit()) / Math.log(2);
        for (int r : contentRows) {
            if (writes.count(r) > 0 && WriteState.ofCode(state[r]).uncertain()) {
                k++;
                long u = point.tearing().units(writes.sector(r), writes.count(r));
                units += u;
                bits += u * perUnit;
            }
        }
        this.uncertain = k;
        this.uncertainUnits = units;
        this.log2States = bits;
    }

    public CrashPoint point() {
        return point;
    }

    public CrashAnalysis analysis() {
        return a;
    }

    /** The state of a request row, or null if the row is not a write (reads, flushes, ...). */
    public WriteState state(int row) {
        return WriteState.ofCode(state[row]);
    }

    /** {@link WriteState#code()} of a row, 0 for rows that are not writes. */
    public byte stateCode(int row) {
        return state[row];
    }

    /** A copy of every row's state code. */
    public byte[] stateCodes() {
        return state.clone();
    }

    /** Writes (of every layer) in a state. */
    public int count(WriteState s) {
        return counts[s.ordinal()];
    }

    /**
     * The layer whose writes make up the media contents at this crash kind (the one nearest the
     * persistence boundary, see docs/analysis.md), or -1 if the trace has no writes.
     */
    public int contentLayer() {
        return contentLayer;
    }

    /**
     * Uncertain (in-flight or volatile) writes of the content layer that change at least one
     * sector.
     */
    public int uncertainWrites() {
        return uncertain;
    }

    /**
     * The tearing units of the uncertain writes (sectors, 4 KiB pieces or whole writes, per {@link
     * Tearing}), each of which lands or not independently: the crash states are {@code
     * outcomesPerUnit ^ uncertainUnits}. A sector two uncertain writes cover counts twice.
     */
    public long uncertainUnits() {
        return uncertainUnits;
    }

    /**
     * log2 of the number of crash states: each uncertain write of the content layer lands or not
     * per tearing unit (three outcomes per sector under {@link Tearing#GARBAGE}).
     */
    public double log2States() {
        return log2States;
    }

    /** The lowest {@link StackLevel} a part of the row's data may be at (not-issued rows: 0). */
    public int lowestLevel(int row) {
        return lo[row];
    }

    /** The highest {@link StackLevel} a part of the row's data may be at. */
    public int highestLevel(int row) {
        return hi[row];
    }

    /** Why a write is in its state: a chain of steps, each naming a request or event and a time. */
    public List<ReasonStep> reason(int row) {
        return new CrashReasons(this).explain(row);
    }

    /** {@link #reason(int)} as one line. */
    public String reasonText(int row) {
        return CrashReasons.join(reason(row));
    }

    /** Writes told durable by their layer that are not durable at this crash, in row order. */
    public List<PromiseViolation> promiseViolations() {
        List<PromiseViolation> v = violations;
        if (v == null) {
            v = Collections.unmodifiableList(new PromiseViolations(this).all());
            violations = v;
        }
        return v;
    }

    /** How a promise violation's write was told durable and what below keeps it from being so. */
    public List<ReasonStep> violationReason(int row) {
        return new PromiseViolations(this).reason(row);
    }

    /** {@link #violationReason(int)} as one line. */
    public String violationReasonText(int row) {
        return CrashReasons.join(violationReason(row));
    }

    /**
     * For each write of the top layer that may survive, the writes of that layer that completed
     * before it was submitted and may not survive (the nearest one and how many); in row order.
     */
    public List<LostPredecessor> lostPredecessors() {
        List<LostPredecessor> v = lostPredecessors;
        if (v == null) {
            v = Collections.unmodifiableList(findLostPredecessors());
            lostPredecessors = v;
        }
        return v;
    }

    /** Every lost predecessor of a write, in completion order. */
    public int[] lostPredecessorsOf(int row) {
        WriteState s0 = state(row);
        if (s0 == null
                || !s0.maySurvive()
                || a.topLayer() < 0
                || writes.layer(row) != a.topLayer()
                || writes.dataParent(row) >= 0) {
            return new int[0];
        }
        long s = writes.submit(row);
        List<Integer> out = new ArrayList<>();
        int[] byComplete = a.topRoots().byComplete();
        for (int p : byComplete) {
            if (writes.complete(p) > s) {
                break;
            }
            if (p != row && WriteState.ofCode(state[p]).mayBeLost()) {
                out.add(p);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private List<LostPredecessor> findLostPredecessors() {
        List<LostPredecessor> out = new ArrayList<>();
        CrashAnalysis.TopRoots top = a.topRoots();
        int roots = top.bySubmit().length;
        int j = 0;
        int count = 0;
        int last = -1;
        int beforeLast = -1;
        for (int i = 0; i < roots; i++) {
            int w = top.bySubmit()[i];
            long s = writes.submit(w);
            while (j < roots && writes.complete(top.byComplete()[j]) <= s) {
                int p = top.byComplete()[j++];
                if (WriteState.ofCode(state[p]).mayBeLost()) {
                    count++;
                    beforeLast = last;
                    last = p;
                }
            }
            if (!WriteState.ofCode(state[w]).maySurvive()) {
                continue;
            }
            int c = count;
            int nearest = last;
            if (writes.complete(w) <= s
                    && WriteState.ofCode(state[w])
                            .mayBeLost()) { // a zero-length write counted itself
                c--;
                if (last == w) {
                    nearest = beforeLast;
                }
            }
            if (c > 0) {
                out.add(new LostPredecessor(w, nearest, c));
            }
        }
        return out;
    }

    /** Possible contents of each sector of the content layer (computed on first use). */
    public SectorContents sectors() {
        SectorContents s = sectors;
        if (s == null) {
            s = new SectorContents(this, a.contentIndex(point.kind()));
            sectors = s;
        }
        return s;
    }

    /**
     * Up to {@code limit} distinct crash states, atomic outcomes first (see {@link CrashStates}).
     */
    public List<CrashStates.CrashState> states(int limit) {
        return CrashStates.enumerate(this, limit);
    }

    /**
     * The uncertain writes of the content layer, in row order: the writes crash states are made of.
     */
    public int[] uncertainContentRows() {
        int[] out = new int[uncertain];
        int m = 0;
        for (int r : contentRows) {
            if (writes.count(r) > 0 && WriteState.ofCode(state[r]).uncertain()) {
                out[m++] = r;
            }
        }
        return out;
    }

    /** The content layer's writes (see {@link CrashAnalysis}), in row order. */
    public int[] contentRows() {
        return contentRows.clone();
    }
}
