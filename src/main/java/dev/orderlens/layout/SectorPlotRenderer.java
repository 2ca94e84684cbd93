package dev.orderlens.layout;

import dev.orderlens.model.Op;
import dev.orderlens.model.Time;
import java.util.Locale;

/**
 * Draws a {@link SectorPlot.Frame} through the {@link Painter}, so the screen, PNG and SVG show the
 * same picture: a time ruler, then per lane a header (lane, sector range), the sector-versus-time
 * plot (highest sectors at the top; a cell with a write is in the write colour, else the read
 * colour; flushes as vertical lines), and the throughput and IOPS tracks (one bar per column,
 * scaled to the busiest column in the window). The crash point, when given, is a line across it
 * all. One pixel column per plot column: the picture is {@code GUTTER + columns} wide.
 */
public final class SectorPlotRenderer {
    public static final double GUTTER = 150;
    public static final double RULER = 22;
    static final double HEADER = 16;
    static final double TRACK = 26;
    static final double GAP = 10;

    private SectorPlotRenderer() {}

    /** A lane's height for a plot of {@code rows} pixel rows. */
    public static double laneHeight(int rows) {
        return HEADER + rows + 2 * TRACK + GAP;
    }

    /** The whole picture's height. */
    public static double height(SectorPlot.Frame f) {
        return RULER + f.lanes().size() * laneHeight(f.rows());
    }

    /** Plot rows per lane that fit {@code lanes} lanes in {@code height} px (40 to 400). */
    public static int rowsFor(double height, int lanes) {
        double per = (height - RULER) / Math.max(1, lanes) - (HEADER + 2 * TRACK + GAP);
        return (int) Math.max(40, Math.min(400, Math.floor(per)));
    }

    /** The plot's top-left y of lane {@code i}'s sector area (tests read pixels there). */
    public static double plotTop(SectorPlot.Frame f, int i) {
        return RULER + i * laneHeight(f.rows()) + HEADER;
    }

    /**
     * Paints the frame from (0, 0).
     *
     * @param crashNs the crash point, or {@link Time#NONE}
     */
    public static void paint(Painter p, SectorPlot.Frame f, Palette pal, long crashNs) {
        double width = GUTTER + f.columns();
        double height = height(f);
        p.fillRect(0, 0, width, height, pal.background());
        TimeScale scale = new TimeScale(f.startNs(), f.endNs(), GUTTER, f.columns());
        ruler(p, f, pal, scale, height);
        for (int i = 0; i < f.lanes().size(); i++) {
            lane(p, f, f.lanes().get(i), i, pal);
        }
        if (crashNs != Time.NONE && crashNs >= f.startNs() && crashNs < f.endNs()) {
            double x = Math.floor(scale.x(crashNs));
            p.fillRect(x - 1, 0, 2, height, pal.crashMarker());
            p.text("crash", x + 4, 11, Painter.Font.SMALL, pal.crashMarker(), Painter.Align.LEFT);
        }
    }

    private static void ruler(
            Painter p, SectorPlot.Frame f, Palette pal, TimeScale scale, double height) {
        p.fillRect(0, 0, GUTTER + f.columns(), RULER, pal.ruler());
        double x = 6;
        for (Op op : new Op[] {Op.READ, Op.WRITE, Op.FLUSH}) {
            p.fillRect(x, 8, 8, 8, Palette.op(op));
            p.text(op.jsonName(), x + 11, 16, Painter.Font.SMALL, pal.text(), Painter.Align.LEFT);
            x += 14 + p.textWidth(op.jsonName(), Painter.Font.SMALL) + 8;
        }
        p.pushClip(GUTTER, 0, f.columns(), height);
        for (TimeRuler.Tick t : TimeRuler.ticks(scale, Time.NONE, p, Painter.Font.SMALL).ticks()) {
            double tx = Math.floor(t.x());
            p.fillRect(tx, RULER - 5, 1, 5, pal.textDim());
            p.fillRect(tx, RULER, 1, height - RULER, pal.grid());
            p.text(
                    t.label(),
                    tx + 3,
                    RULER - 8,
                    Painter.Font.SMALL,
                    pal.text(),
                    Painter.Align.LEFT);
        }
        p.popClip();
    }

    private static void lane(
            Painter p, SectorPlot.Frame f, SectorPlot.LaneFrame l, int i, Palette pal) {
        int cols = f.columns();
        int rows = f.rows();
        double top = RULER + i * laneHeight(rows);
        double plot = top + HEADER;
        SectorPlot.LaneRange r = l.range();
        p.fillRect(0, top, GUTTER + cols, HEADER, pal.header());
        p.textElided(
                r.label() + "  sectors " + r.lo() + " – " + (r.hi() - 1),
                6,
                top + 12,
                GUTTER + cols - 12,
                Painter.Font.SMALL,
                pal.text(),
                Painter.Align.LEFT);
        p.fillRect(0, plot, GUTTER, rows + 2 * TRACK, pal.gutter());
        p.text(
                Long.toString(r.hi() - 1),
                GUTTER - 6,
                plot + 10,
                Painter.Font.SMALL,
                pal.textDim(),
                Painter.Align.RIGHT);
        p.text(
                Long.toString(r.lo()),
                GUTTER - 6,
                plot + rows - 2,
                Painter.Font.SMALL,
                pal.textDim(),
                Painter.Align.RIGHT);
        p.text(
                "sector",
                6,
                plot + rows / 2.0 + 4,
                Painter.Font.SMALL,
                pal.text(),
                Painter.Align.LEFT);
        p.fillRect(GUTTER, plot, cols, rows, pal.laneStripe());

        // the cells as one block of pixels: a speckled million-request plot is one image, not a
        // rectangle per run (transparent cells show the stripe under them)
        int flush = Palette.op(Op.FLUSH);
        int read = Palette.op(Op.READ);
        int write = Palette.op(Op.WRITE);
        int[] px = new int[cols * rows];
        for (int c = 0; c < cols; c++) {
            boolean flushed = l.flush(c);
            for (int y = 0; y < rows; y++) {
                px[y * cols + c] =
                        l.writes(c, y) > 0 ? write : l.reads(c, y) > 0 ? read : flushed ? flush : 0;
            }
        }
        p.pixels(GUTTER, plot, cols, rows, px);

        double seconds = f.columnSeconds();
        double tput = plot + rows;
        track(
                p,
                pal,
                cols,
                tput,
                String.format(Locale.ROOT, "MB/s (max %s)", human(l.maxBytes() / seconds / 1e6)),
                c -> l.bytes(c),
                l.maxBytes(),
                write);
        track(
                p,
                pal,
                cols,
                tput + TRACK,
                String.format(Locale.ROOT, "IOPS (max %s)", human(l.maxIos() / seconds)),
                c -> l.ios(c),
                l.maxIos(),
                pal.textDim());
    }

    private static void track(
            Painter p,
            Palette pal,
            int cols,
            double y,
            String label,
            java.util.function.IntToLongFunction value,
            long max,
            int colour) {
        p.fillRect(GUTTER, y + 1, cols, TRACK - 2, pal.laneStripeAlt());
        p.fillRect(GUTTER, y + TRACK - 1, cols, 1, pal.grid());
        p.textElided(
                label, 6, y + 17, GUTTER - 10, Painter.Font.SMALL, pal.text(), Painter.Align.LEFT);
        if (max <= 0) {
            return;
        }
        double room = TRACK - 4;
        for (int c = 0; c < cols; c++) {
            long v = value.applyAsLong(c);
            if (v > 0) {
                double h = Math.max(1, Math.round(room * v / max));
                p.fillRect(GUTTER + c, y + TRACK - 1 - h, 1, h, colour);
            }
        }
    }

    /** 12.3, 1,234, 5.6e+09: short numbers for the gutter. */
    static String human(double v) {
        if (!Double.isFinite(v)) {
            return "–";
        }
        if (v >= 1e7) {
            return String.format(Locale.ROOT, "%.2g", v);
        }
        return v >= 100
                ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.3g", v);
    }
}
