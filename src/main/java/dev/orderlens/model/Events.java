package dev.orderlens.model;

/** Read-only view of the point events, sorted by time once the trace is built. */
public interface Events {
    int size();

    long time(int row);

    EventKind kind(int row);

    /** Index into {@link Trace#layers()}, or -1 for trace-wide events such as a crash. */
    int layer(int row);

    /** Index into {@link Trace#lanes()}, or -1. */
    int lane(int row);

    /** First sector affected, or -1. */
    long sector(int row);

    /** Sectors affected, or 0. */
    int count(int row);

    /** Row of the request this event belongs to (e.g. the request a bio merged into), or -1. */
    int request(int row);

    /** Short name: the source's own event name (QEMU event, blkparse action), or null. */
    String name(int row);

    /** Free text: message text, crash kind, arguments; or null. */
    String text(int row);

    /** 1-based source line, or 0. */
    int sourceLine(int row);

    /** Index into {@link Trace#sources()}, or -1. */
    int file(int row);

    /**
     * For a merge event: when the merged bio had been queued (blkparse {@code Q}), so its own
     * queue-to-merge time is known; {@link Time#NONE} for other events.
     */
    default long queued(int row) {
        return Time.NONE;
    }
}
