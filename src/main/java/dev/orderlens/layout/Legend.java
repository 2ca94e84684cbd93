package dev.orderlens.layout;

import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * The key to every mark on the timeline, drawn through {@link Bars} like the lanes themselves, so
 * screen and exports explain exactly what they show. Entries flow left to right and wrap. With a
 * {@link CrashOverlay}, the crash marker is explained too, and with write states their colours come
 * first.
 */
public final class Legend {
    static final double SWATCH_W = 30;
    static final double SWATCH_H = 12;
    static final double LINE_H = 20;
    static final double GAP = 18;

    private Legend() {}

    /** One entry: a swatch and its text. */
    public record Entry(String text, Swatch swatch) {}

    /** Draws an entry's swatch in a box. */
    @FunctionalInterface
    public interface Swatch {
        void draw(Painter p, Palette pal, double x, double y, double w, double h);
    }

    public static List<Entry> entries() {
        return entries(null);
    }

    /** What each write-state colour means, in the order a write goes through them. */
    static String stateText(WriteState s) {
        return switch (s) {
            case DURABLE -> "durable: certain to survive the crash";
            case VOLATILE -> "volatile: completed, not yet durable (may or may not survive)";
            case IN_FLIGHT -> "in flight at the crash (may be partly on media)";
            case LOST -> "lost: issued, certain not to survive";
            case NOT_ISSUED -> "not issued before the crash";
        };
    }

    /**
     * The fill of the write bars that illustrate marks: with crash states, a state's (writes never
     * show the op's).
     */
    private static int fill(Palette pal, boolean states) {
        return states ? pal.state(WriteState.DURABLE) : Palette.op(Op.WRITE);
    }

    /** The entries for a frame with this crash overlay (null: none). */
    public static List<Entry> entries(CrashOverlay crash) {
        return entries(crash, null, false);
    }

    /**
     * The entries for a frame with this crash overlay, highlight and queue-depth tracks (null /
     * false: none); the highlight's and the tracks' come first, since they are what the user just
     * turned on.
     */
    public static List<Entry> entries(
            CrashOverlay crash, Highlight highlight, boolean depthTracks) {
        List<Entry> e = new ArrayList<>();
        if (highlight != null) {
            String what = highlight.label().isEmpty() ? "" : ": " + highlight.label();
            e.add(
                    new Entry(
                            "highlighted" + what,
                            (p, pal, x, y, w, h) -> {
                                Bars.request(
                                        p,
                                        pal,
                                        new Bars.Box(x + 3, x + w - 3, y + 1, h - 2),
                                        Bars.Look.of(Op.WRITE));
                                Bars.highlighted(
                                        p, pal, new Bars.Box(x + 3, x + w - 3, y + 1, h - 2), 2);
                            }));
        }
        if (depthTracks) {
            e.add(
                    new Entry(
                            "queue depth above a lane: in flight (light: max, dark: mean), scheduler (line)",
                            (p, pal, x, y, w, h) -> {
                                int[] max = {2, 5, 9, 12, 7, 4, 8, 11, 3, 1};
                                double bottom = y + h;
                                double cw = w / max.length;
                                p.fillRect(x, bottom, w, 1, pal.grid());
                                for (int c = 0; c < max.length; c++) {
                                    p.fillRect(
                                            x + c * cw,
                                            bottom - max[c],
                                            cw,
                                            max[c],
                                            pal.depthMax());
                                    p.fillRect(
                                            x + c * cw,
                                            bottom - max[c] * 0.6,
                                            cw,
                                            max[c] * 0.6,
                                            pal.depthMean());
                                }
                                p.fillRect(x, bottom - 6, w / 2, 2, pal.depthScheduler());
                                p.fillRect(x + w / 2, bottom - 3, w / 2, 2, pal.depthScheduler());
                            }));
        }
        if (crash != null) {
            e.add(
                    new Entry(
                            "crash point"
                                    + (crash.label() == null || crash.label().isEmpty()
                                            ? ""
                                            : " (" + crash.label() + ")"),
                            (p, pal, x, y, w, h) -> {
                                Bars.crashLine(p, pal, x + w / 2, y - 1, y + h + 3);
                                Bars.crashHandle(p, pal, x + w / 2, y + 3);
                            }));
        }
        if (crash != null && crash.hasStates()) {
            for (WriteState s :
                    new WriteState[] {
                        WriteState.DURABLE,
                        WriteState.VOLATILE,
                        WriteState.IN_FLIGHT,
                        WriteState.LOST,
                        WriteState.NOT_ISSUED
                    }) {
                e.add(
                        new Entry(
                                stateText(s),
                                (p, pal, x, y, w, h) ->
                                        Bars.request(
                                                p,
                                                pal,
                                                new Bars.Box(x, x + w, y, h),
                                                Bars.Look.of(Op.WRITE).withColour(pal.state(s)))));
            }
            e.add(
                    new Entry(
                            "writes in a pixel: the worst state among them",
                            (p, pal, x, y, w, h) -> {
                                Bars.aggregateFilled(
                                        p,
                                        pal,
                                        new Bars.Box(x, x + w / 2, y, h),
                                        pal.state(WriteState.LOST),
                                        0);
                                Bars.aggregateFilled(
                                        p,
                                        pal,
                                        new Bars.Box(x + w / 2, x + w, y, h),
                                        pal.state(WriteState.DURABLE),
                                        0);
                            }));
        }
        boolean states = crash != null && crash.hasStates();
        for (Op op : Op.values()) {
            if (states && (op == Op.WRITE || op == Op.DISCARD || op == Op.WRITE_ZEROES)) {
                continue; // every write is drawn in its state's colour
            }
            e.add(
                    new Entry(
                            op.jsonName(),
                            (p, pal, x, y, w, h) ->
                                    Bars.request(
                                            p,
                                            pal,
                                            new Bars.Box(x, x + w, y, h),
                                            Bars.Look.of(op).issuedAt(x + w * 0.3))));
        }
        e.add(
                new Entry(
                        "tick: issued to the layer below",
                        (p, pal, x, y, w, h) ->
                                Bars.request(
                                        p,
                                        pal,
                                        new Bars.Box(x, x + w, y, h),
                                        Bars.Look.of(Op.WRITE)
                                                .issuedAt(x + w / 2)
                                                .withColour(fill(pal, states)))));
        e.add(
                new Entry(
                        "PREFLUSH (flush before the write)",
                        (p, pal, x, y, w, h) ->
                                Bars.request(
                                        p,
                                        pal,
                                        new Bars.Box(x, x + w, y, h),
                                        Bars.Look.of(Op.WRITE)
                                                .withFlags(Flags.PREFLUSH)
                                                .withColour(fill(pal, states)))));
        e.add(
                new Entry(
                        "FUA (durable when complete)",
                        (p, pal, x, y, w, h) ->
                                Bars.request(
                                        p,
                                        pal,
                                        new Bars.Box(x, x + w, y, h),
                                        Bars.Look.of(Op.WRITE)
                                                .withFlags(Flags.FUA)
                                                .withColour(fill(pal, states)))));
        e.add(
                new Entry(
                        "flush in progress (band across lanes)",
                        (p, pal, x, y, w, h) -> {
                            p.fillRect(x, y - 3, w, h + 6, pal.flushBand());
                            Bars.request(
                                    p,
                                    pal,
                                    new Bars.Box(x + 4, x + w - 4, y, h),
                                    Bars.Look.of(Op.FLUSH));
                        }));
        e.add(
                new Entry(
                        "crossing write: in flight when a flush was submitted",
                        (p, pal, x, y, w, h) ->
                                Bars.request(
                                        p,
                                        pal,
                                        new Bars.Box(x, x + w, y, h),
                                        Bars.Look.of(Op.WRITE)
                                                .withMarks(OrderingFindings.CROSSING)
                                                .withColour(fill(pal, states)))));
        e.add(
                new Entry(
                        "overtaking write: submitted after a flush, done before it",
                        (p, pal, x, y, w, h) ->
                                Bars.request(
                                        p,
                                        pal,
                                        new Bars.Box(x, x + w, y, h),
                                        Bars.Look.of(Op.WRITE)
                                                .withMarks(OrderingFindings.OVERTAKING)
                                                .withColour(fill(pal, states)))));
        e.add(
                new Entry(
                        "concurrent overlapping writes",
                        (p, pal, x, y, w, h) ->
                                Bars.request(
                                        p,
                                        pal,
                                        new Bars.Box(x, x + w, y, h),
                                        Bars.Look.of(Op.WRITE)
                                                .withMarks(OrderingFindings.CONCURRENT)
                                                .withColour(fill(pal, states)))));
        e.add(
                new Entry(
                        "never completed in the trace",
                        (p, pal, x, y, w, h) ->
                                Bars.request(
                                        p,
                                        pal,
                                        new Bars.Box(x, x + w, y, h),
                                        Bars.Look.of(Op.WRITE)
                                                .neverCompleted()
                                                .withColour(fill(pal, states)))));
        e.add(
                new Entry(
                        "completed with an error",
                        (p, pal, x, y, w, h) ->
                                Bars.request(
                                        p,
                                        pal,
                                        new Bars.Box(x, x + w, y, h),
                                        Bars.Look.of(Op.WRITE)
                                                .failed()
                                                .withColour(fill(pal, states)))));
        e.add(
                new Entry(
                        "many requests in a pixel (most common op; edges: findings)",
                        (p, pal, x, y, w, h) -> {
                            Bars.aggregateFilled(
                                    p,
                                    pal,
                                    new Bars.Box(x, x + w / 2, y, h),
                                    fill(pal, states),
                                    OrderingFindings.CROSSING);
                            Bars.aggregate(
                                    p,
                                    pal,
                                    new Bars.Box(x + w / 2, x + w, y, h),
                                    Op.READ.code(),
                                    0);
                        }));
        e.add(
                new Entry(
                        "event (merge, requeue, writeback error…)",
                        (p, pal, x, y, w, h) -> {
                            Bars.eventTick(p, x + w * 0.3, y, 7, pal.event(EventKind.MERGE));
                            Bars.eventTick(
                                    p, x + w * 0.7, y, 7, pal.event(EventKind.WRITEBACK_ERROR));
                        }));
        e.add(
                new Entry(
                        crash == null ? "crash" : "crash event in the trace",
                        (p, pal, x, y, w, h) ->
                                p.line(
                                        x + w / 2 + 0.5,
                                        y - 3,
                                        x + w / 2 + 0.5,
                                        y + h + 3,
                                        pal.event(EventKind.CRASH),
                                        2,
                                        Painter.Stroke.DASHED)));
        e.add(
                new Entry(
                        "selected request and its related requests",
                        (p, pal, x, y, w, h) -> {
                            Bars.request(
                                    p,
                                    pal,
                                    new Bars.Box(x + 2, x + w / 2 - 2, y, h),
                                    Bars.Look.of(Op.WRITE).withColour(fill(pal, states)));
                            Bars.selected(p, pal, new Bars.Box(x + 2, x + w / 2 - 2, y, h), 2);
                            Bars.request(
                                    p,
                                    pal,
                                    new Bars.Box(x + w / 2 + 2, x + w - 2, y, h),
                                    Bars.Look.of(Op.WRITE).withColour(fill(pal, states)));
                            Bars.related(p, pal, new Bars.Box(x + w / 2 + 2, x + w - 2, y, h), 2);
                        }));
        return e;
    }

    /** The height the legend needs at this width. */
    public static double height(Painter measure, double width) {
        return height(measure, width, null);
    }

    /** The height the legend needs at this width with this crash overlay (null: none). */
    public static double height(Painter measure, double width, CrashOverlay crash) {
        return height(measure, width, crash, null, false);
    }

    /**
     * The height the legend needs with these extras (see {@link #entries(CrashOverlay, Highlight,
     * boolean)}).
     */
    public static double height(
            Painter measure,
            double width,
            CrashOverlay crash,
            Highlight highlight,
            boolean depthTracks) {
        return layout(null, measure, 0, 0, width, null, entries(crash, highlight, depthTracks));
    }

    /** Paints the legend in [x, x + width) from y; returns its height. */
    public static double paint(Painter p, double x, double y, double width, Palette pal) {
        return paint(p, x, y, width, pal, null);
    }

    /** Paints the legend for a frame with this crash overlay (null: none); returns its height. */
    public static double paint(
            Painter p, double x, double y, double width, Palette pal, CrashOverlay crash) {
        return paint(p, x, y, width, pal, crash, null, false);
    }

    /**
     * Paints the legend with these extras (see {@link #entries(CrashOverlay, Highlight, boolean)});
     * returns its height.
     */
    public static double paint(
            Painter p,
            double x,
            double y,
            double width,
            Palette pal,
            CrashOverlay crash,
            Highlight highlight,
            boolean depthTracks) {
        List<Entry> entries = entries(crash, highlight, depthTracks);
        p.fillRect(x, y, width, layout(null, p, x, y, width, pal, entries), pal.background());
        return layout(p, p, x, y, width, pal, entries);
    }

    private static double layout(
            Painter p,
            Painter measure,
            double x0,
            double y0,
            double width,
            Palette pal,
            List<Entry> entries) {
        Painter.Font font = Painter.Font.SMALL;
        double x = x0 + 8;
        double y = y0 + 6;
        for (Entry e : entries) {
            double textW = Math.min(measure.textWidth(e.text(), font), width - SWATCH_W - 30);
            double w = SWATCH_W + 6 + textW;
            if (x > x0 + 8 && x + w > x0 + width - 8) {
                x = x0 + 8;
                y += LINE_H;
            }
            if (p != null) {
                e.swatch().draw(p, pal, x, y + (LINE_H - SWATCH_H) / 2, SWATCH_W, SWATCH_H);
                p.textElided(
                        e.text(),
                        x + SWATCH_W + 6,
                        y + LINE_H / 2 + 4,
                        textW + 0.5,
                        font,
                        pal.text(),
                        Painter.Align.LEFT);
            }
            x += w + GAP;
        }
        return y + LINE_H + 6 - y0;
    }
}
