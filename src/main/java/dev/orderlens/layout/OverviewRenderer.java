package dev.orderlens.layout;

/**
 * The overview strip: the whole trace, one thin aggregated row per layer, with the visible window
 * drawn as a box. Uses the layers' summary sequences, so it costs pixels, not requests.
 */
public final class OverviewRenderer {
    private OverviewRenderer() {}

    /** The time scale of the strip: the whole trace across the width (never an empty window). */
    public static TimeScale scale(TimelineModel m, double x0, double width) {
        long start = m.trace().startNs();
        long end = Math.max(m.trace().endNs(), start + 1);
        long pad = Math.max(1, (end - start) / 100);
        return new TimeScale(start - pad, end + pad, x0, Math.max(1, width));
    }

    public static void paint(
            Painter p,
            TimelineModel m,
            double x0,
            double width,
            double height,
            long windowStart,
            long windowEnd,
            Palette pal) {
        p.fillRect(0, 0, x0 + width, height, pal.ruler());
        TimeScale s = scale(m, x0, width);
        int layers = Math.max(1, m.layers().size());
        double inner = height - 6;
        double rowH = Math.max(2, Math.floor(inner / layers) - 1);
        double y = 3;
        for (TimelineModel.LayerLanes l : m.layers()) {
            p.textElided(
                    l.layer().name(),
                    8,
                    y + rowH / 2 + 4,
                    x0 - 14,
                    Painter.Font.SMALL,
                    pal.textDim(),
                    Painter.Align.LEFT);
            double rowY = y;
            p.fillRect(x0, rowY, width, rowH, pal.laneStripe());
            int[] pending = {-1, -1, -1}; // x0, x1, op of the stretch not drawn yet
            Runs.build(
                    l.summary(),
                    s,
                    run -> {
                        if (pending[1] == run.x0 && pending[2] == run.op) {
                            pending[1] = run.x1;
                            return;
                        }
                        if (pending[0] >= 0) {
                            p.fillRect(
                                    pending[0],
                                    rowY,
                                    pending[1] - pending[0],
                                    rowH,
                                    Palette.op(pending[2]));
                        }
                        pending[0] = run.x0;
                        pending[1] = run.x1;
                        pending[2] = run.op;
                    });
            if (pending[0] >= 0) {
                p.fillRect(pending[0], rowY, pending[1] - pending[0], rowH, Palette.op(pending[2]));
            }
            y += rowH + 1;
        }
        double a = Math.max(x0, Math.floor(s.x(windowStart)));
        double b = Math.min(x0 + width, Math.max(a + 2, Math.ceil(s.x(windowEnd))));
        p.fillRect(a, 0, b - a, height, pal.overviewWindow());
        p.strokeRect(a, 0, b - a, height, pal.selection(), 1.5, Painter.Stroke.SOLID);
        p.fillRect(0, height - 1, x0 + width, 1, pal.grid());
    }
}
