package dev.orderlens.model;

/**
 * Read-only view of the request table. Rows are indices 0..size()-1, sorted by submit time (ties
 * keep input order) once the trace is built.
 */
public interface Requests {
    int size();

    long submit(int row);

    /** Issue (dispatch to the layer below) time, or {@link Time#NONE}. */
    long issue(int row);

    /** Completion time, or {@link Time#NONE} if the trace never showed one. */
    long complete(int row);

    /**
     * When the block layer got a request structure for the bio (blkparse {@code G}), or {@link
     * Time#NONE}: only block-layer traces have it.
     */
    default long allocate(int row) {
        return Time.NONE;
    }

    /**
     * When the request was inserted into the I/O scheduler's queue (blkparse {@code I}), or {@link
     * Time#NONE}: a request issued directly, or a trace without the step, has none.
     */
    default long insert(int row) {
        return Time.NONE;
    }

    /**
     * When the data part completed, for a request whose own completion came later: a PREFLUSH/FUA
     * bio on a device without FUA completes after its post-flush (blkparse's size-less final {@code
     * C}); its data's {@code C ... + n} is this time, where btt ends D2C and Q2C. Else {@link
     * Time#NONE}.
     */
    default long dataComplete(int row) {
        return Time.NONE;
    }

    long sector(int row);

    /** Length in 512-byte sectors. */
    int count(int row);

    Op op(int row);

    /** Bit set of {@link Flags}. */
    int flags(int row);

    default boolean has(int row, int flag) {
        return (flags(row) & flag) != 0;
    }

    Status status(int row);

    /** Index into {@link Trace#lanes()}. */
    int lane(int row);

    /** Index into {@link Trace#layers()}. */
    int layer(int row);

    /** Index into {@link Trace#sources()}: the file this request came from. */
    int file(int row);

    /** Process id, or -1. */
    int pid(int row);

    /** Process name, or null. */
    String process(int row);

    /** 1-based line of the request's first event in its source file, or 0. */
    int sourceLine(int row);

    /** Every source line of the request (first line first). */
    int[] sourceLines(int row);

    /** Row of the related request in the layer above, or -1. */
    int parent(int row);

    /**
     * Every parent of the row, {@link #parent} first: a lower request made of several merged upper
     * writes has one per write. Empty when it has none.
     */
    default int[] parents(int row) {
        int p = parent(row);
        return p < 0 ? new int[0] : new int[] {p};
    }

    /**
     * The error the request's last failed completion reported, as a negative errno (-5 EIO, -28
     * ENOSPC), or 0 when none was reported (an OK request, or an error without a value).
     */
    int errorCode(int row);

    /** The simulator's data tag ("journal-commit#3"), or null. */
    String dataTag(int row);

    /**
     * The request's id: the JSON {@code id} when the trace gave one, else the 1-based line number
     * of its first source line.
     */
    int id(int row);

    /** Row of a request id within one file, or -1. Built lazily; O(1) after the first call. */
    int rowOfId(int file, int id);
}
