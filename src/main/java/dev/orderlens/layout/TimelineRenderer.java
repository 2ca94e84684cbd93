package dev.orderlens.layout;

import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Draws one frame of the timeline through a {@link Painter}: ruler, lane gutter, row backgrounds,
 * flush bands, bars (per-pixel aggregated through {@link Runs}), events, the selection and its
 * links, the crash point of a {@link CrashOverlay} (its marker, and write bars coloured by state),
 * the halo of {@link Highlight}ed requests and the lanes' queue-depth tracks ({@link DepthStrip})
 * when the layout has them. Only bands inside the view are visited, and each row's pixels are
 * covered once.
 */
public final class TimelineRenderer {
    /** Related requests drawn for a selection at most. */
    public static final int MAX_RELATED = 256;

    private TimelineRenderer() {}

    public static void paint(Painter p, RenderSpec spec) {
        LaneLayout layout = spec.layout();
        Metrics m = layout.metrics();
        Palette pal = spec.palette();
        TimeScale scale = spec.scale();
        double w = spec.width();
        double h = spec.height();
        double top = m.rulerHeight();
        double viewH = Math.max(0, h - top);
        double scrollY = spec.scrollY();
        double contentBottom = Math.min(h, layout.viewY(layout.contentHeight(), scrollY));

        p.fillRect(0, 0, w, h, pal.background());
        TimeRuler.Ticks ticks = TimeRuler.ticks(scale, spec.epochNs(), p, Painter.Font.SMALL);

        p.pushClip(0, top, w, viewH);
        int first = layout.firstBandFrom(scrollY);
        int last = first;
        while (last < layout.bands().size() && layout.bands().get(last).y() < scrollY + viewH) {
            last++;
        }
        for (int i = first; i < last; i++) {
            background(p, pal, layout, layout.bands().get(i), scrollY, w, m);
        }
        p.pushClip(scale.x0(), top, scale.width(), viewH);
        for (TimeRuler.Tick t : ticks.ticks()) {
            p.fillRect(
                    Math.round(t.x()),
                    top,
                    1,
                    Math.max(0, contentBottom - top),
                    Palette.withAlpha(pal.grid(), 0x90));
        }
        flushBands(p, pal, layout.model(), scale, top, contentBottom);
        byte[] states = spec.crash() == null ? null : spec.crash().writeStates();
        if (states != null && states.length != layout.model().trace().requests().size()) {
            states = null; // states of another trace (a stale overlay): draw the marker alone
        }
        for (int i = first; i < last; i++) {
            LaneLayout.Band b = layout.bands().get(i);
            if (b.kind() == LaneLayout.Kind.DEPTH_TRACK) {
                DepthStrip.paint(
                        p,
                        pal,
                        layout.depthTracks(),
                        b.sub().lane().index(),
                        scale,
                        layout.viewY(b.y(), scrollY),
                        b.height());
            } else {
                bars(p, spec, b, scale, states);
            }
        }
        for (int i = first; i < last; i++) {
            events(p, pal, layout, layout.bands().get(i), scale, scrollY);
        }
        double crashX = crashX(spec.crash(), scale);
        LabelBox crashLabel =
                Double.isNaN(crashX) || contentBottom - top < 20
                        ? null
                        : crashLabel(p, spec.crash(), crashX, scale);
        globalEvents(p, pal, layout.model(), scale, top, contentBottom, crashLabel);
        if (spec.selected() >= 0) {
            selection(p, pal, layout, spec.selected(), scale, scrollY);
        }
        if (!Double.isNaN(crashX)) {
            Bars.crashLine(p, pal, crashX, top, contentBottom);
            if (crashLabel != null) {
                p.fillRect(crashLabel.x(), top + 3, crashLabel.w(), 15, pal.crashMarker());
                p.text(
                        crashLabel.text(),
                        crashLabel.x() + 5,
                        top + 14,
                        Painter.Font.SMALL,
                        pal.background(),
                        Painter.Align.LEFT);
            }
        }
        p.popClip();
        for (int i = first; i < last; i++) {
            gutter(p, pal, layout, layout.bands().get(i), scrollY, m);
        }
        p.fillRect(scale.x0() - 1, top, 1, Math.max(0, contentBottom - top), pal.grid());
        p.popClip();
        TimeRuler.paint(p, scale, 0, top, w, pal, spec.epochNs());
        if (!Double.isNaN(crashX)) {
            Bars.crashHandle(p, pal, crashX, top); // in the ruler, over its ticks
        }
    }

    /** The x of the crash marker, or NaN when there is none or it is outside the window. */
    static double crashX(CrashOverlay crash, TimeScale scale) {
        if (crash == null || crash.timeNs() < scale.startNs() || crash.timeNs() > scale.endNs()) {
            return Double.NaN;
        }
        return Math.round(scale.x(crash.timeNs()));
    }

    /** A label in a box at the top of the lanes: its left edge, width and (elided) text. */
    record LabelBox(double x, double w, String text) {
        boolean overlaps(double from, double to) {
            return from < x + w + 4 && to > x - 4;
        }
    }

    /**
     * Where the crash point's label goes: in a box at the top of the lanes (the first layer's
     * header, where bars never are), right of the line, or left of it when the view ends first;
     * null for no label.
     */
    private static LabelBox crashLabel(Painter p, CrashOverlay crash, double x, TimeScale scale) {
        String label = crash.label();
        if (label == null || label.isEmpty()) {
            return null;
        }
        Painter.Font font = Painter.Font.SMALL;
        double right = scale.x0() + scale.width() - x - 6;
        double left = x - scale.x0() - 6;
        boolean onRight = right >= p.textWidth(label, font) + 10 || right >= left;
        String fitted = Elide.fit(label, Math.max(0, (onRight ? right : left) - 10), font, p);
        if (fitted.isEmpty()) {
            return null;
        }
        double w = p.textWidth(fitted, font) + 10;
        return new LabelBox(onRight ? x + 3 : x - 3 - w, w, fitted);
    }

    private static void background(
            Painter p,
            Palette pal,
            LaneLayout layout,
            LaneLayout.Band b,
            double scrollY,
            double w,
            Metrics m) {
        double y = layout.viewY(b.y(), scrollY);
        if (b.kind() == LaneLayout.Kind.LAYER_HEADER) {
            p.fillRect(0, y, w, b.height(), pal.header());
            p.fillRect(0, y + b.height() - 1, w, 1, pal.grid());
            return;
        }
        // a depth track is tinted like the gutter, so the strip does not read as the tops of the
        // bars below
        p.fillRect(
                0,
                y,
                w,
                b.height(),
                b.kind() == LaneLayout.Kind.DEPTH_TRACK
                        ? pal.gutter()
                        : b.stripe() == 0 ? pal.laneStripe() : pal.laneStripeAlt());
        if (topOfSubLane(layout, b) && b.subLane() > 0) {
            p.fillRect(0, y, w, 1, pal.grid());
        }
    }

    /** The band a sub-lane starts with: its depth track when there is one, else its first row. */
    private static boolean topOfSubLane(LaneLayout layout, LaneLayout.Band b) {
        return b.kind() == LaneLayout.Kind.DEPTH_TRACK
                || b.firstOfSubLane() && layout.depthTracks() == null;
    }

    private static void flushBands(
            Painter p,
            Palette pal,
            TimelineModel model,
            TimeScale scale,
            double top,
            double bottom) {
        if (bottom <= top) {
            return;
        }
        // one rectangle per stretch of pixels with a flush pending (runs that touch are merged)
        Segment band =
                new Segment(
                        (x0, x1, unused) ->
                                p.fillRect(x0, top, x1 - x0, bottom - top, pal.flushBand()));
        Runs.build(model.flushes(), scale, run -> band.add(run.x0, run.x1, 0));
        band.flush();
    }

    /** One band's bars; {@code states}: the crash overlay's write states if they fit the trace. */
    private static void bars(
            Painter p, RenderSpec spec, LaneLayout.Band b, TimeScale scale, byte[] states) {
        Sequence seq = b.sequence();
        if (seq == null) {
            return;
        }
        Palette pal = spec.palette();
        LaneLayout layout = spec.layout();
        Metrics m = layout.metrics();
        Highlight highlight = spec.highlight();
        double scrollY = spec.scrollY();
        double y = layout.viewY(b.y(), scrollY) + m.barInset();
        double bh = m.barHeight();
        RequestColumns c = seq.columns();
        Requests r = layout.model().trace().requests();
        // merged runs: the fill and each finding's edge are coalesced separately, so a row of
        // aggregates costs one rectangle per change of colour or of finding, not one per pixel
        // (keyed by colour: an op's, or with crash states the worst state's)
        Segment fill = new Segment((x0, x1, colour) -> p.fillRect(x0, y, x1 - x0, bh, colour));
        // edges go on top of the fills, so they are kept until the row's fills are all drawn
        List<double[]> edgeRects = new ArrayList<>();
        Segment[] edges = new Segment[3];
        int[] markBits = {
            OrderingFindings.CROSSING, OrderingFindings.OVERTAKING, OrderingFindings.CONCURRENT
        };
        for (int k = 0; k < edges.length; k++) {
            int mark = markBits[k];
            edges[k] = new Segment((x0, x1, unused) -> edgeRects.add(new double[] {x0, x1, mark}));
        }
        // halos of highlighted runs, drawn last (over the bars, like a marker pen); halos that
        // would
        // overlap are drawn as one frame, so a zoomed-out row of highlights costs a few rectangles
        List<double[]> halos = new ArrayList<>();
        Runs.build(
                seq,
                scale,
                states,
                highlight,
                run -> {
                    if (run.highlighted) {
                        double[] e = Bars.highlightExtent(run.x0, run.x1, m.barInset());
                        double[] last = halos.isEmpty() ? null : halos.get(halos.size() - 1);
                        if (last != null && e[0] <= last[1]) {
                            last[1] = Math.max(last[1], e[1]);
                        } else {
                            halos.add(e);
                        }
                    }
                    int colour = run.state > 0 ? pal.stateCode(run.state) : Palette.op(run.op);
                    if (run.single()) {
                        int row = run.row;
                        long issue = r.issue(row);
                        double issueX = issue == Time.NONE ? Double.NaN : scale.x(issue);
                        Bars.request(
                                p,
                                pal,
                                new Bars.Box(run.x0, run.x1, y, bh),
                                new Bars.Look(
                                        c.op(row),
                                        c.flags(row),
                                        c.marks(row),
                                        c.completed(row),
                                        r.status(row) == Status.ERROR,
                                        issueX,
                                        colour));
                        return;
                    }
                    fill.add(run.x0, run.x1, colour);
                    for (int k = 0; k < edges.length; k++) {
                        if ((run.marks & markBits[k]) != 0) {
                            edges[k].add(run.x0, run.x1, 0);
                        }
                    }
                });
        fill.flush();
        for (Segment e : edges) {
            e.flush();
        }
        for (double[] e : edgeRects) {
            Bars.aggregateMark(p, pal, new Bars.Box(e[0], e[1], y, bh), (int) e[2]);
        }
        for (double[] hl : halos) {
            Bars.highlightFrame(p, pal, hl[0], hl[1], y, bh, m.barInset());
        }
    }

    /** A pixel range that grows while adjacent additions have the same key, then is drawn once. */
    private static final class Segment {
        interface Draw {
            void draw(double x0, double x1, int key);
        }

        private final Draw draw;
        private double x0 = Double.NaN;
        private double x1;
        private int key;

        Segment(Draw draw) {
            this.draw = draw;
        }

        void add(double from, double to, int k) {
            if (!Double.isNaN(x0) && from == x1 && k == key) {
                x1 = to;
                return;
            }
            flush();
            x0 = from;
            x1 = to;
            key = k;
        }

        void flush() {
            if (!Double.isNaN(x0)) {
                draw.draw(x0, x1, key);
                x0 = Double.NaN;
            }
        }
    }

    private static void events(
            Painter p,
            Palette pal,
            LaneLayout layout,
            LaneLayout.Band b,
            TimeScale scale,
            double scrollY) {
        int[] evs;
        if (b.kind() == LaneLayout.Kind.LAYER_HEADER) {
            evs = layout.model().layerEvents(b.layer().layer().index());
        } else if (b.firstOfSubLane() && b.sub() != null) {
            evs = layout.model().laneEvents(b.sub().lane().index());
        } else if (b.kind() == LaneLayout.Kind.LAYER_SUMMARY) {
            evs = layout.model().layerEvents(b.layer().layer().index());
        } else {
            return;
        }
        if (evs.length == 0) {
            return;
        }
        Events e = layout.model().trace().events();
        double y = layout.viewY(b.y(), scrollY);
        double lastX = Double.NEGATIVE_INFINITY;
        for (int k = lowerBound(e, evs, scale.startNs()); k < evs.length; k++) {
            long t = e.time(evs[k]);
            if (t > scale.endNs()) {
                break;
            }
            double x = Math.round(scale.x(t));
            if (x - lastX < 3) {
                continue; // one tick per few pixels: denser events would be a solid smear
            }
            lastX = x;
            Bars.eventTick(p, x, y, 7, pal.event(e.kind(evs[k])));
        }
    }

    private static int lowerBound(Events e, int[] evs, long t) {
        int lo = 0;
        int hi = evs.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (e.time(evs[mid]) < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Lines across all lanes for trace-wide events; a label that would cover the crash point's is
     * left out.
     */
    private static void globalEvents(
            Painter p,
            Palette pal,
            TimelineModel model,
            TimeScale scale,
            double top,
            double bottom,
            LabelBox crashLabel) {
        int[] evs = model.globalEvents();
        Events e = model.trace().events();
        int drawn = 0;
        for (int k = lowerBound(e, evs, scale.startNs()); k < evs.length && drawn < 200; k++) {
            long t = e.time(evs[k]);
            if (t > scale.endNs()) {
                break;
            }
            double x = Math.round(scale.x(t)) + 0.5;
            int colour = pal.event(e.kind(evs[k]));
            p.line(x, top, x, bottom, colour, 2, Painter.Stroke.DASHED);
            String label =
                    e.kind(evs[k]) == EventKind.CRASH && e.text(evs[k]) != null
                            ? "crash (" + e.text(evs[k]) + ")"
                            : e.kind(evs[k]).jsonName();
            // the label goes right of the line, or left of it when the view ends first
            double right = scale.x0() + scale.width() - x - 8;
            double left = x - scale.x0() - 8;
            double labelW = p.textWidth(label, Painter.Font.SMALL);
            boolean onRight = right >= labelW || right >= left;
            double from = onRight ? x + 5 : x - 5 - Math.min(labelW, left);
            double to = onRight ? x + 5 + Math.min(labelW, right) : x - 5;
            if (crashLabel != null && crashLabel.overlaps(from, to)) {
                drawn++;
                continue;
            }
            if (onRight) {
                p.textElided(
                        label,
                        x + 5,
                        top + 13,
                        Math.max(0, right),
                        Painter.Font.SMALL,
                        colour,
                        Painter.Align.LEFT);
            } else {
                p.textElided(
                        label,
                        x - 5,
                        top + 13,
                        Math.max(0, left),
                        Painter.Font.SMALL,
                        colour,
                        Painter.Align.RIGHT);
            }
            drawn++;
        }
    }

    private static void selection(
            Painter p,
            Palette pal,
            LaneLayout layout,
            int selected,
            TimeScale scale,
            double scrollY) {
        TimelineModel model = layout.model();
        Metrics m = layout.metrics();
        int[] related = model.related(selected, MAX_RELATED);
        Set<Integer> family = new HashSet<>();
        family.add(selected);
        for (int r : related) {
            family.add(r);
        }
        Requests req = model.trace().requests();
        for (int r : family) {
            int parent = req.parent(r);
            if (parent >= 0 && family.contains(parent)) {
                double[] a = clampedRect(layout, parent, scale, scrollY);
                double[] b = clampedRect(layout, r, scale, scrollY);
                if (a != null && b != null) {
                    double ax = a[0] + a[2] / 2;
                    double bx = b[0] + b[2] / 2;
                    boolean down = a[1] < b[1];
                    p.line(
                            ax,
                            down ? a[1] + a[3] : a[1],
                            bx,
                            down ? b[1] : b[1] + b[3],
                            pal.selection(),
                            1.5,
                            Painter.Stroke.SOLID);
                }
            }
        }
        for (int r : related) {
            double[] rect = clampedRect(layout, r, scale, scrollY);
            if (rect != null) {
                Bars.related(p, pal, box(rect), m.barInset());
            }
        }
        double[] rect = clampedRect(layout, selected, scale, scrollY);
        if (rect != null) {
            Bars.selected(p, pal, box(rect), m.barInset());
        }
    }

    /** A {x, y, width, height} rectangle as a bar's box. */
    private static Bars.Box box(double[] rect) {
        return new Bars.Box(rect[0], rect[0] + rect[2], rect[1], rect[3]);
    }

    private static double[] clampedRect(
            LaneLayout layout, int row, TimeScale scale, double scrollY) {
        double[] r = layout.barRect(row, scale, scrollY);
        if (r == null) {
            return null;
        }
        double x0 = Math.max(scale.x0() - 3, r[0]);
        double x1 = Math.min(scale.x0() + scale.width() + 3, r[0] + r[2]);
        if (x1 <= x0) {
            // entirely outside the window: a sliver at the edge it lies beyond
            x0 = r[0] + r[2] <= scale.x0() ? scale.x0() - 3 : scale.x0() + scale.width() + 2;
            x1 = x0 + 1;
        }
        return new double[] {x0, r[1], x1 - x0, r[3]};
    }

    private static void gutter(
            Painter p,
            Palette pal,
            LaneLayout layout,
            LaneLayout.Band b,
            double scrollY,
            Metrics m) {
        double y = layout.viewY(b.y(), scrollY);
        double gw = m.gutterWidth() - 1;
        boolean filtered = !layout.model().filter().isEmpty();
        if (b.kind() == LaneLayout.Kind.LAYER_HEADER) {
            p.fillRect(0, y, gw, b.height(), pal.header());
            p.fillRect(0, y + b.height() - 1, gw, 1, pal.grid());
            TimelineModel.LayerLanes l = b.layer();
            boolean collapsed = layout.view().collapsed(l.layer().id());
            String count = count(l.shown(), l.total(), filtered);
            double countW = p.textWidth(count, Painter.Font.SMALL);
            double base = y + b.height() / 2 + 4;
            triangle(p, 8, y + b.height() / 2, collapsed, pal.text());
            p.textElided(
                    l.layer().name(),
                    20,
                    base,
                    gw - 20 - countW - 14,
                    Painter.Font.BOLD,
                    pal.text(),
                    Painter.Align.LEFT);
            p.text(count, gw - 6, base, Painter.Font.SMALL, pal.textDim(), Painter.Align.RIGHT);
            return;
        }
        p.fillRect(0, y, gw, b.height(), pal.gutter());
        if (topOfSubLane(layout, b) && b.subLane() > 0) {
            p.fillRect(0, y, gw, 1, pal.grid());
        }
        if (b.kind() == LaneLayout.Kind.DEPTH_TRACK) {
            DepthStrip.label(
                    p,
                    pal,
                    layout.depthTracks(),
                    b.sub().lane().index(),
                    20,
                    gw - 6,
                    y,
                    b.height());
            return;
        }
        if (!b.firstOfSubLane()) {
            return;
        }
        String name;
        String count;
        boolean collapsible = b.kind() != LaneLayout.Kind.LAYER_SUMMARY;
        if (b.kind() == LaneLayout.Kind.LAYER_SUMMARY) {
            name = "all lanes (collapsed)";
            count = "";
        } else {
            TimelineModel.SubLane s = b.sub();
            name = s.label() + (s.rows().size() > 1 ? "  · " + s.rows().size() + " rows" : "");
            count = count(s.shown(), s.total(), filtered);
        }
        double countW = p.textWidth(count, Painter.Font.SMALL);
        double base = y + b.height() / 2 + 4;
        if (collapsible) {
            triangle(
                    p,
                    22,
                    y + b.height() / 2,
                    b.kind() == LaneLayout.Kind.LANE_SUMMARY,
                    pal.textDim());
        }
        p.textElided(
                name,
                32,
                base,
                gw - 32 - countW - 14,
                Painter.Font.SMALL,
                pal.text(),
                Painter.Align.LEFT);
        p.text(count, gw - 6, base, Painter.Font.SMALL, pal.textDim(), Painter.Align.RIGHT);
    }

    private static String count(int shown, int total, boolean filtered) {
        return filtered && shown != total
                ? String.format(Locale.ROOT, "%,d of %,d", shown, total)
                : String.format(Locale.ROOT, "%,d", total);
    }

    /** ▾ (expanded) or ▸ (collapsed), drawn as a polygon so every target shows the same glyph. */
    private static void triangle(Painter p, double cx, double cy, boolean collapsed, int colour) {
        if (collapsed) {
            p.fillPolygon(
                    new double[] {cx - 2.5, cx + 3, cx - 2.5},
                    new double[] {cy - 4.5, cy, cy + 4.5},
                    3,
                    colour);
        } else {
            p.fillPolygon(
                    new double[] {cx - 4.5, cx + 4.5, cx},
                    new double[] {cy - 2.5, cy - 2.5, cy + 3},
                    3,
                    colour);
        }
    }
}
