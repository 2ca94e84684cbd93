package dev.orderlens.layout;

import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;

/**
 * How one request, or a run of merged requests, is drawn. The timeline and the legend both draw
 * through here, so the legend always matches the lanes.
 *
 * <ul>
 *   <li>bar from submit to complete in the op's colour, a light tick at issue (dispatch);
 *   <li>flush: a thin bar between two posts (its own shape);
 *   <li>PREFLUSH: a vermillion corner at the bar's start; FUA: a dark corner at its end;
 *   <li>crossing write: solid orange outline; overtaking write: dashed dark outline; concurrent
 *       overlapping write: dotted yellow line through the middle (on bars narrower than {@link
 *       #OUTLINE_MIN_WIDTH} px these become edges, as on merged runs);
 *   <li>never completed: pale bar to the end of the trace with a dashed outline; error: a cross at
 *       the end;
 *   <li>merged requests: the most common op's colour; findings as edges (top orange: crossing,
 *       bottom dark: overtaking, middle yellow: concurrent).
 *   <li>at a crash point ({@link CrashOverlay}), a write's fill is its state's colour ({@link
 *       Palette#state}) instead of its op's, and merged requests take the worst state's.
 * </ul>
 */
public final class Bars {
    private static final int FLUSH = Op.FLUSH.code();

    /**
     * Bars narrower than this show findings as edges, like merged runs: an outline would fill them.
     */
    static final double OUTLINE_MIN_WIDTH = 8;

    private Bars() {}

    /** Where a bar is drawn: pixels [x0, x1) across, {@code h} high from {@code y} down. */
    public record Box(double x0, double x1, double y, double h) {
        public double width() {
            return x1 - x0;
        }
    }

    /**
     * What a single request's bar shows, apart from where it is.
     *
     * @param op the request's {@link Op} code
     * @param flags its {@link Flags} (PREFLUSH and FUA draw corners)
     * @param marks its {@link OrderingFindings} bits (outlines, or edges on narrow bars)
     * @param completed false: pale fill and a dashed outline (never completed in the trace)
     * @param error a cross at the end (completed with an error)
     * @param issueX where the issue tick goes, or NaN for none
     * @param colour the fill: the op's colour, or a write's crash state's
     */
    public record Look(
            int op,
            int flags,
            int marks,
            boolean completed,
            boolean error,
            double issueX,
            int colour) {
        /** A completed request of this op in its colour: no flags, findings or issue tick. */
        public static Look of(Op op) {
            return new Look(op.code(), 0, 0, true, false, Double.NaN, Palette.op(op.code()));
        }

        public Look withFlags(int f) {
            return new Look(op, f, marks, completed, error, issueX, colour);
        }

        public Look withMarks(int m) {
            return new Look(op, flags, m, completed, error, issueX, colour);
        }

        public Look withColour(int c) {
            return new Look(op, flags, marks, completed, error, issueX, c);
        }

        public Look issuedAt(double x) {
            return new Look(op, flags, marks, completed, error, x, colour);
        }

        public Look neverCompleted() {
            return new Look(op, flags, marks, false, error, issueX, colour);
        }

        public Look failed() {
            return new Look(op, flags, marks, completed, true, issueX, colour);
        }
    }

    /** A single request's bar. */
    public static void request(Painter p, Palette pal, Box box, Look look) {
        double x0 = box.x0();
        double x1 = box.x1();
        double y = box.y();
        double h = box.h();
        int op = look.op();
        int flags = look.flags();
        int marks = look.marks();
        boolean completed = look.completed();
        int colour = look.colour();
        double issueX = look.issueX();
        double w = x1 - x0;
        if (op == FLUSH) {
            double barH = Math.max(2, Math.round(h * 0.36));
            int c = completed ? colour : Palette.withAlpha(colour, 0x80);
            p.fillRect(x0, y + Math.round((h - barH) / 2), w, barH, c);
            double post = w >= 5 ? 2 : 1;
            p.fillRect(x0, y, post, h, c);
            if (completed && w >= 3) {
                p.fillRect(x1 - post, y, post, h, c);
            }
        } else {
            p.fillRect(x0, y, w, h, completed ? colour : Palette.withAlpha(colour, 0x59));
            if (!completed && w >= 4) {
                p.strokeRect(x0, y, w, h, colour, 1, Painter.Stroke.DASHED);
            }
            if (!Double.isNaN(issueX)) {
                double ix = Math.round(issueX);
                if (ix > x0 + 1 && ix < x1 - 1) {
                    p.fillRect(ix, y, 1, h, pal.issueTick());
                }
            }
        }
        double corner = Math.min(h * 0.8, Math.floor(w / 2));
        if ((flags & Flags.PREFLUSH) != 0 && op != FLUSH && corner >= 3) {
            p.fillPolygon(
                    new double[] {x0, x0 + corner, x0},
                    new double[] {y, y, y + corner},
                    3,
                    Palette.VERMILLION);
        }
        if ((flags & Flags.FUA) != 0 && corner >= 3) {
            p.fillPolygon(
                    new double[] {x1, x1 - corner, x1},
                    new double[] {y + h, y + h, y + h - corner},
                    3,
                    pal.foreground());
        }
        if (w < OUTLINE_MIN_WIDTH) {
            for (int mark :
                    new int[] {
                        OrderingFindings.CROSSING,
                        OrderingFindings.OVERTAKING,
                        OrderingFindings.CONCURRENT
                    }) {
                if ((marks & mark) != 0) {
                    aggregateMark(p, pal, box, mark);
                }
            }
        } else {
            outlines(p, pal, x0, w, y, h, marks);
        }
        if (look.error() && w >= 8) {
            double cx = x1 - 5;
            double cy = y + h / 2;
            p.line(cx - 3, cy - 3, cx + 3, cy + 3, pal.foreground(), 1.5, Painter.Stroke.SOLID);
            p.line(cx - 3, cy + 3, cx + 3, cy - 3, pal.foreground(), 1.5, Painter.Stroke.SOLID);
        }
    }

    private static void outlines(
            Painter p, Palette pal, double x0, double w, double y, double h, int marks) {
        boolean crossing = (marks & OrderingFindings.CROSSING) != 0;
        if (crossing) {
            p.strokeRect(x0, y, w, h, Palette.CROSSING, 2, Painter.Stroke.SOLID);
        }
        if ((marks & OrderingFindings.OVERTAKING) != 0) {
            double in = crossing && w > 8 ? 2 : 0;
            p.strokeRect(
                    x0 + in,
                    y + in,
                    w - 2 * in,
                    h - 2 * in,
                    pal.foreground(),
                    2,
                    Painter.Stroke.DASHED);
        }
        if ((marks & OrderingFindings.CONCURRENT) != 0 && w >= 3) {
            double mid = y + Math.floor(h / 2);
            p.line(x0 + 1, mid, x0 + w - 1, mid, Palette.CONCURRENT, 2, Painter.Stroke.DOTTED);
        }
    }

    /** Several requests merged into pixels [x0, x1). */
    public static void aggregate(Painter p, Palette pal, Box box, int op, int marks) {
        aggregateFilled(p, pal, box, Palette.op(op), marks);
    }

    /**
     * Several requests merged into pixels [x0, x1), filled with {@code colour} (the worst crash
     * state's).
     */
    public static void aggregateFilled(Painter p, Palette pal, Box box, int colour, int marks) {
        p.fillRect(box.x0(), box.y(), box.width(), box.h(), colour);
        for (int mark :
                new int[] {
                    OrderingFindings.CROSSING,
                    OrderingFindings.OVERTAKING,
                    OrderingFindings.CONCURRENT
                }) {
            if ((marks & mark) != 0) {
                aggregateMark(p, pal, box, mark);
            }
        }
    }

    /** The edge that shows one finding among merged requests (drawn over their fill). */
    public static void aggregateMark(Painter p, Palette pal, Box box, int mark) {
        double x0 = box.x0();
        double y = box.y();
        double h = box.h();
        double w = box.width();
        if (mark == OrderingFindings.CROSSING) {
            p.fillRect(x0, y, w, 2, Palette.CROSSING);
        } else if (mark == OrderingFindings.OVERTAKING) {
            p.fillRect(x0, y + h - 2, w, 2, pal.foreground());
        } else if (mark == OrderingFindings.CONCURRENT) {
            p.fillRect(x0, y + Math.floor(h / 2) - 1, w, 2, Palette.CONCURRENT);
        }
    }

    /** The selection frame around a bar (drawn in the row's padding, outside the bar). */
    public static void selected(Painter p, Palette pal, Box box, double inset) {
        frame(p, box, inset, pal.selection(), 2, Painter.Stroke.SOLID);
    }

    /** A frame in the row's padding around a bar (at most 2 px out). */
    private static void frame(
            Painter p, Box box, double inset, int colour, double lineWidth, Painter.Stroke stroke) {
        double grow = Math.min(2, inset);
        p.strokeRect(
                box.x0() - grow,
                box.y() - grow,
                box.width() + 2 * grow,
                box.h() + 2 * grow,
                colour,
                lineWidth,
                stroke);
    }

    /**
     * The halo of highlighted requests (a latency bucket's) in pixels [x0, x1): a lime frame in the
     * row's padding around the bar, at least {@link #HIGHLIGHT_MIN_WIDTH} px wide so a one-pixel
     * request shows, drawn over neighbours so a highlighted request in a crowded row is found.
     */
    public static void highlighted(Painter p, Palette pal, Box box, double inset) {
        double[] e = highlightExtent(box.x0(), box.x1(), inset);
        highlightFrame(p, pal, e[0], e[1], box.y(), box.h(), inset);
    }

    /**
     * The halo's outer left and right edges for a bar in [x0, x1) (halos that overlap are drawn as
     * one).
     */
    static double[] highlightExtent(double x0, double x1, double inset) {
        double grow = highlightGrow(inset);
        double left = x0 - grow;
        double right = x1 + grow;
        if (right - left < HIGHLIGHT_MIN_WIDTH) {
            left = Math.floor((x0 + x1) / 2 - HIGHLIGHT_MIN_WIDTH / 2);
            right = left + HIGHLIGHT_MIN_WIDTH;
        }
        return new double[] {left, right};
    }

    /** A halo frame between outer edges [left, right) around a bar of height h at y. */
    static void highlightFrame(
            Painter p, Palette pal, double left, double right, double y, double h, double inset) {
        double grow = highlightGrow(inset);
        p.strokeRect(
                left,
                y - grow,
                right - left,
                h + 2 * grow,
                pal.highlight(),
                grow,
                Painter.Stroke.SOLID);
    }

    private static double highlightGrow(double inset) {
        return Math.max(1, Math.min(2, inset));
    }

    /** The narrowest highlight halo in pixels. */
    static final double HIGHLIGHT_MIN_WIDTH = 7;

    /** A request related to the selection (parent or child in another layer). */
    public static void related(Painter p, Palette pal, Box box, double inset) {
        frame(p, box, inset, pal.selection(), 1, Painter.Stroke.DASHED);
    }

    /**
     * The crash point's line: solid, 2 px, from {@code top} to {@code bottom} (the trace's own
     * crash events are dashed vermillion lines).
     */
    public static void crashLine(Painter p, Palette pal, double x, double top, double bottom) {
        p.fillRect(x - 1, top, 2, Math.max(0, bottom - top), pal.crashMarker());
    }

    /** The crash point's handle: a downward triangle whose tip is on the line at {@code tipY}. */
    public static void crashHandle(Painter p, Palette pal, double x, double tipY) {
        p.fillPolygon(
                new double[] {x - 6, x + 6, x},
                new double[] {tipY - 9, tipY - 9, tipY},
                3,
                pal.crashMarker());
    }

    /** A point event: a small downward triangle at the top of a band. */
    public static void eventTick(Painter p, double x, double y, double size, int colour) {
        p.fillPolygon(
                new double[] {x - size / 2, x + size / 2 + 1, x + 0.5},
                new double[] {y, y, y + size},
                3,
                colour);
    }
}
