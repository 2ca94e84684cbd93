package dev.orderlens.layout;

/** Sizes of the timeline's parts in pixels. */
public record Metrics(
        double rulerHeight,
        double gutterWidth,
        double headerHeight,
        double rowHeight,
        double barInset) {
    public static final Metrics DEFAULT = new Metrics(30, 184, 24, 18, 2);

    /** Height of a bar within its row. */
    public double barHeight() {
        return rowHeight - 2 * barInset;
    }

    /** Height of a lane's queue-depth track (a thin strip above its rows). */
    public double depthTrackHeight() {
        return rowHeight - 2;
    }
}
