package dev.orderlens.analysis;

/**
 * Whole-trace ordering findings (docs/analysis.md), per flush domain. Pairs hold request rows;
 * {@link #marks(int)} gives each row's findings as bits for fast highlighting.
 */
public final class OrderingFindings {
    /** The request is a flush or a PREFLUSH write. */
    public static final int FLUSH = 1;

    /**
     * A write in flight when a flush was submitted (submitted before, completed after): not covered
     * by it.
     */
    public static final int CROSSING = 1 << 1;

    /** A write submitted after a flush was submitted and completed before the flush completed. */
    public static final int OVERTAKING = 1 << 2;

    /**
     * Overlaps the sectors of another write with neither completed before the other was submitted.
     */
    public static final int CONCURRENT = 1 << 3;

    /** In flight when a drain promised nothing was. */
    public static final int DRAIN_VIOLATION = 1 << 4;

    /** A FUA write. */
    public static final int FUA_WRITE = 1 << 5;

    /**
     * A crossing write a later durable write depends on (a FUA commit submitted after it and the
     * flush completed, durable before it: {@link FindingGroups}); among the listed pairs.
     */
    public static final int DEPENDED_ON = 1 << 6;

    private final byte[] marks;
    private final PairList crossing;
    private final PairList overtaking;
    private final PairList concurrent;
    private final PairList drainViolations;
    private final int[] flushes;

    OrderingFindings(
            byte[] marks,
            PairList crossing,
            PairList overtaking,
            PairList concurrent,
            PairList drainViolations,
            int[] flushes) {
        this.marks = marks;
        this.crossing = crossing;
        this.overtaking = overtaking;
        this.concurrent = concurrent;
        this.drainViolations = drainViolations;
        this.flushes = flushes;
    }

    /** Bits of this class's constants for a request row. */
    public int marks(int row) {
        return marks[row];
    }

    public boolean is(int row, int mark) {
        return (marks[row] & mark) != 0;
    }

    /** (write row, flush row) for every write in flight when the flush was submitted. */
    public PairList crossing() {
        return crossing;
    }

    /** (write row, flush row) for every write that overtook a flush. */
    public PairList overtaking() {
        return overtaking;
    }

    /** (earlier row, later row) for every pair of concurrent overlapping writes. */
    public PairList concurrentOverlaps() {
        return concurrent;
    }

    /** (request row, drain event row) for every request in flight at a drain. */
    public PairList drainViolations() {
        return drainViolations;
    }

    /** Rows of flushes and PREFLUSH writes, in submit order. */
    public int[] flushes() {
        return flushes.clone();
    }

    public int flushCount() {
        return flushes.length;
    }
}
