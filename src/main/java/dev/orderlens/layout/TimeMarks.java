package dev.orderlens.layout;

import dev.orderlens.model.Time;

/**
 * Times the user marked on the timeline, drawn over the lanes: a selected <b>range</b> (shaded, its
 * edges as lines), <b>markers A and B</b> (KernelShark's: lines with a lettered flag in the ruler,
 * and the time between them in the ruler) and the <b>second crash point</b> of a comparison (a
 * dashed line flagged "B"). Any of them may be {@link Time#NONE}.
 */
public record TimeMarks(long rangeStart, long rangeEnd, long markerA, long markerB, long compareB) {
    public static final TimeMarks NONE =
            new TimeMarks(Time.NONE, Time.NONE, Time.NONE, Time.NONE, Time.NONE);

    /** Marker colours: A in Okabe–Ito blue, B in reddish purple (told apart by letter too). */
    public static final int MARKER_A = Palette.BLUE;

    public static final int MARKER_B = Palette.REDDISH_PURPLE;

    public boolean hasRange() {
        return rangeStart != Time.NONE && rangeEnd != Time.NONE && rangeEnd > rangeStart;
    }

    public TimeMarks withRange(long start, long end) {
        return new TimeMarks(start, end, markerA, markerB, compareB);
    }

    public TimeMarks withMarkerA(long t) {
        return new TimeMarks(rangeStart, rangeEnd, t, markerB, compareB);
    }

    public TimeMarks withMarkerB(long t) {
        return new TimeMarks(rangeStart, rangeEnd, markerA, t, compareB);
    }

    public TimeMarks withCompareB(long t) {
        return new TimeMarks(rangeStart, rangeEnd, markerA, markerB, t);
    }

    /** "B − A = 1.23 ms" when both markers are set, else null. */
    public String between() {
        if (markerA == Time.NONE || markerB == Time.NONE) {
            return null;
        }
        return "B − A = " + Time.formatDuration(markerB - markerA);
    }

    /**
     * Draws the marks over the lanes ({@code top} to {@code bottom}) and their flags in the ruler
     * above {@code top}; the caller clips to the lane area's x range.
     */
    public static void paint(
            Painter p, Palette pal, TimeMarks marks, TimeScale scale, double top, double bottom) {
        if (marks == null || marks.equals(NONE)) {
            return;
        }
        double h = Math.max(0, bottom - top);
        if (marks.hasRange()) {
            double x0 = clampX(scale, marks.rangeStart);
            double x1 = clampX(scale, marks.rangeEnd);
            // the overview's tint: light enough to read the bars through it
            p.fillRect(x0, 0, Math.max(1, x1 - x0), top + h, pal.overviewWindow());
            edge(p, scale, marks.rangeStart, 0, top + h, pal.textDim());
            edge(p, scale, marks.rangeEnd, 0, top + h, pal.textDim());
            String span = "range " + Time.formatDuration(marks.rangeEnd - marks.rangeStart);
            double tw = p.textWidth(span, Painter.Font.SMALL) + 8;
            if (x1 - x0 > tw + 4) { // a box at the top of the lanes, clear of the ruler's labels
                double mid = (x0 + x1) / 2;
                p.fillRect(mid - tw / 2, top + 2, tw, 15, pal.background());
                p.text(span, mid, top + 13, Painter.Font.SMALL, pal.text(), Painter.Align.CENTER);
            }
        }
        if (marks.compareB != Time.NONE && inView(scale, marks.compareB)) {
            double x = Math.round(scale.x(marks.compareB));
            p.line(x, top, x, top + h, pal.crashMarker(), 2, Painter.Stroke.DASHED);
            flag(p, x, top, "B", pal.crashMarker(), pal.background());
        }
        marker(p, pal, scale, marks.markerA, "A", MARKER_A, top, h);
        marker(p, pal, scale, marks.markerB, "B", MARKER_B, top, h);
        String between = marks.between();
        if (between != null && inView(scale, marks.markerA) && inView(scale, marks.markerB)) {
            double xa = scale.x(marks.markerA);
            double xb = scale.x(marks.markerB);
            double mid = (xa + xb) / 2;
            double tw = p.textWidth(between, Painter.Font.SMALL) + 8;
            p.fillRect(mid - tw / 2, top + 20, tw, 15, pal.background());
            p.text(between, mid, top + 31, Painter.Font.SMALL, pal.text(), Painter.Align.CENTER);
        }
    }

    private static void marker(
            Painter p,
            Palette pal,
            TimeScale scale,
            long t,
            String letter,
            int colour,
            double top,
            double h) {
        if (t == Time.NONE || !inView(scale, t)) {
            return;
        }
        double x = Math.round(scale.x(t));
        p.fillRect(x, top, 1, h, colour);
        flag(p, x, top, letter, colour, pal.background());
    }

    /** A lettered flag in the ruler, its pole on the marker line. */
    private static void flag(Painter p, double x, double top, String letter, int fill, int text) {
        p.fillRect(x, top - 14, 12, 12, fill);
        p.text(letter, x + 6, top - 4, Painter.Font.SMALL, text, Painter.Align.CENTER);
    }

    private static void edge(Painter p, TimeScale scale, long t, double top, double h, int c) {
        if (inView(scale, t)) {
            p.fillRect(Math.round(scale.x(t)), top, 1, h, c);
        }
    }

    private static boolean inView(TimeScale scale, long t) {
        return t >= scale.startNs() && t <= scale.endNs();
    }

    private static double clampX(TimeScale scale, long t) {
        return Math.max(scale.x0(), Math.min(scale.x0() + scale.width(), scale.x(t)));
    }
}
