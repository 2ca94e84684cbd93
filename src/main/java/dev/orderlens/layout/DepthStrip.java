package dev.orderlens.layout;

/**
 * How a lane's queue-depth track is drawn (above its rows, by {@link TimelineRenderer}, and in the
 * {@link Legend}): per pixel column the highest in-flight depth as a light fill and the
 * time-weighted mean as a dark fill, both from the bottom, and the scheduler's highest depth as a
 * 2-pixel orange line at its height. Columns of equal height are drawn as one rectangle, so a quiet
 * stretch costs one call, not one per pixel.
 */
public final class DepthStrip {
    /** Pixels kept free above and below the fills, so neighbouring bands stay apart. */
    static final double MARGIN = 1;

    private DepthStrip() {}

    /**
     * Draws lane {@code lane}'s strip for {@code scale}'s window into the band at view y {@code y}
     * with height {@code h} (the lane area only: x from {@code scale.x0()}).
     */
    public static void paint(
            Painter p,
            Palette pal,
            DepthTracks tracks,
            int lane,
            TimeScale scale,
            double y,
            double h) {
        int columns = (int) Math.round(scale.width());
        if (columns <= 0 || scale.endNs() <= scale.startNs()) {
            return;
        }
        double colW = scale.width() / columns;
        double bottom = y + h - MARGIN;
        double height = h - 2 * MARGIN;
        int max = tracks.scaleMax(lane);
        p.fillRect(scale.x0(), bottom, scale.width(), 1, pal.grid()); // the zero line
        QueueDepthTrack device = tracks.inFlight(lane);
        if (!device.depth().isEmpty()) {
            QueueDepthTrack.Bins b = device.bins(scale.startNs(), scale.endNs(), columns);
            int[] hMax = new int[columns];
            int[] hMean = new int[columns];
            for (int c = 0; c < columns; c++) {
                hMax[c] = pixels(b.max()[c], max, height);
                hMean[c] = pixels(b.mean()[c], max, height);
            }
            fills(p, scale.x0(), colW, bottom, hMax, pal.depthMax(), false);
            fills(p, scale.x0(), colW, bottom, hMean, pal.depthMean(), false);
        }
        QueueDepthTrack sched = tracks.scheduler(lane);
        if (!sched.depth().isEmpty()) {
            QueueDepthTrack.Bins b = sched.bins(scale.startNs(), scale.endNs(), columns);
            int[] hs = new int[columns];
            for (int c = 0; c < columns; c++) {
                hs[c] = pixels(b.max()[c], max, height);
            }
            fills(p, scale.x0(), colW, bottom, hs, pal.depthScheduler(), true);
        }
    }

    /** A depth's height in whole pixels; any depth above zero gets at least one. */
    static int pixels(double depth, int scaleMax, double height) {
        if (depth <= 0) {
            return 0;
        }
        return (int) Math.max(1, Math.round(height * Math.min(1, depth / scaleMax)));
    }

    /**
     * One rectangle per stretch of columns with the same height: filled from the bottom, or a 2 px
     * cap at it.
     */
    private static void fills(
            Painter p,
            double x0,
            double colW,
            double bottom,
            int[] heights,
            int colour,
            boolean cap) {
        int c = 0;
        while (c < heights.length) {
            int hgt = heights[c];
            int end = c + 1;
            while (end < heights.length && heights[end] == hgt) {
                end++;
            }
            if (hgt > 0) {
                double x = x0 + c * colW;
                double w = (end - c) * colW;
                if (cap) {
                    p.fillRect(x, bottom - hgt, w, Math.min(2, hgt), colour);
                } else {
                    p.fillRect(x, bottom - hgt, w, hgt, colour);
                }
            }
            c = end;
        }
    }

    /**
     * The gutter's key for a lane's track, in [x, right): a swatch and name per series drawn, and
     * the depth the strip's top stands for ("max 4").
     */
    public static void label(
            Painter p,
            Palette pal,
            DepthTracks tracks,
            int lane,
            double x,
            double right,
            double y,
            double h) {
        Painter.Font font = Painter.Font.SMALL;
        double base = y + h / 2 + 4;
        boolean hasDevice = !tracks.inFlight(lane).depth().isEmpty();
        boolean hasSched = !tracks.scheduler(lane).depth().isEmpty();
        if (!hasDevice && !hasSched) {
            p.textElided(
                    "depth: no issue times",
                    x,
                    base,
                    right - x,
                    font,
                    pal.textDim(),
                    Painter.Align.LEFT);
            return;
        }
        String top = "max " + tracks.scaleMax(lane);
        p.text(top, right, base, font, pal.textDim(), Painter.Align.RIGHT);
        double limit = right - p.textWidth(top, font) - 6;
        double at = x;
        if (hasDevice) {
            at = key(p, pal, at, limit, base, "in flight", false);
        }
        if (hasSched && at < limit) {
            key(
                    p,
                    pal,
                    at + (hasDevice ? 6 : 0),
                    limit,
                    base,
                    hasDevice ? "sched" : "in scheduler",
                    true);
        }
    }

    /** A series' swatch and name from x; returns where the next may start. */
    private static double key(
            Painter p,
            Palette pal,
            double x,
            double limit,
            double base,
            String name,
            boolean sched) {
        if (sched) {
            p.fillRect(x, base - 5, 8, 2, pal.depthScheduler());
        } else {
            p.fillRect(x, base - 8, 8, 8, pal.depthMean());
        }
        double tx = x + 11;
        p.textElided(
                name,
                tx,
                base,
                Math.max(0, limit - tx),
                Painter.Font.SMALL,
                pal.textDim(),
                Painter.Align.LEFT);
        return tx + p.textWidth(name, Painter.Font.SMALL);
    }
}
