package dev.orderlens.ui;

import dev.orderlens.layout.QueueDepthTrack;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * A lane's queue-depth track for the visible time window: per pixel column, the highest depth as a
 * light bar and the time-weighted mean as a darker bar, scaled so {@code scaleMax} fills the
 * height. The timeline can draw one above each lane with {@link #paint}, into its own canvas.
 */
public final class QueueDepthStrip extends Canvas {
    static final Color MAX_COLOR = Color.web("#c9d9ec");
    static final Color MEAN_COLOR = Color.web("#4a7fb5");

    private QueueDepthTrack track;
    private long startNs;
    private long endNs = 1;
    private int scaleMax = 1;
    private QueueDepthTrack.Bins bins;

    public QueueDepthStrip(double width, double height) {
        super(width, height);
        setId("queue-depth-strip");
        widthProperty().addListener((o, a, b) -> redraw());
        heightProperty().addListener((o, a, b) -> redraw());
    }

    /**
     * The track to show and the depth that fills the strip (e.g. the deepest of all lanes, so
     * strips compare).
     */
    public void setTrack(QueueDepthTrack t, int scaleMaxDepth) {
        this.track = t;
        this.scaleMax = Math.max(1, scaleMaxDepth);
        redraw();
    }

    /** The visible window [startNs, endNs), the same as the timeline's. */
    public void setWindow(long start, long end) {
        this.startNs = start;
        this.endNs = Math.max(start + 1, end);
        redraw();
    }

    /** The columns drawn last, or null. */
    public QueueDepthTrack.Bins bins() {
        return bins;
    }

    private void redraw() {
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, getWidth(), getHeight());
        int columns = (int) Math.floor(getWidth());
        if (track == null || columns <= 0) {
            bins = null;
            return;
        }
        bins = track.bins(startNs, endNs, columns);
        paint(g, bins, scaleMax, 0, 0, getHeight());
    }

    /** Draws a window's columns at (x, y) with the given height, one pixel per column. */
    public static void paint(
            GraphicsContext g,
            QueueDepthTrack.Bins b,
            int scaleMax,
            double x,
            double y,
            double height) {
        for (int c = 0; c < b.columns(); c++) {
            double hMax = height * Math.min(1, b.max()[c] / (double) scaleMax);
            double hMean = height * Math.min(1, b.mean()[c] / scaleMax);
            if (hMax > 0) {
                g.setFill(MAX_COLOR);
                g.fillRect(x + c, y + height - hMax, 1, hMax);
            }
            if (hMean > 0) {
                g.setFill(MEAN_COLOR);
                g.fillRect(x + c, y + height - hMean, 1, hMean);
            }
        }
    }
}
