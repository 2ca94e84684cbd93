package dev.orderlens.layout;

import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * The key to every mark on the timeline, drawn through {@link Bars} like the lanes themselves, so
 * screen and exports explain exactly what they show. Entries flow left to right and wrap.
 */
public final class Legend {
    static final double SWATCH_W = 30;
    static final double SWATCH_H = 12;
    static final double LINE_H = 20;
    static final double GAP = 18;

    private Legend() {
    }

    /** One entry: a swatch and its text. */
    public record Entry(String text, Swatch swatch) {
    }

    /** Draws an entry's swatch in a box. */
    @FunctionalInterface
    public interface Swatch {
        void draw(Painter p, Palette pal, double x, double y, double w, double h);
    }

    public static List<Entry> entries() {
        List<Entry> e = new ArrayList<>();
        for (Op op : Op.values()) {
            e.add(new Entry(op.jsonName(), (p, pal, x, y, w, h) ->
                    Bars.request(p, pal, x, x + w, y, h, op.code(), 0, 0, true, false, x + w * 0.3)));
        }
        e.add(new Entry("tick: issued to the layer below", (p, pal, x, y, w, h) ->
                Bars.request(p, pal, x, x + w, y, h, Op.WRITE.code(), 0, 0, true, false, x + w / 2)));
        e.add(new Entry("PREFLUSH (flush before the write)", (p, pal, x, y, w, h) ->
                Bars.request(p, pal, x, x + w, y, h, Op.WRITE.code(), Flags.PREFLUSH, 0, true, false, Double.NaN)));
        e.add(new Entry("FUA (durable when complete)", (p, pal, x, y, w, h) ->
                Bars.request(p, pal, x, x + w, y, h, Op.WRITE.code(), Flags.FUA, 0, true, false, Double.NaN)));
        e.add(new Entry("flush in progress (band across lanes)", (p, pal, x, y, w, h) -> {
            p.fillRect(x, y - 3, w, h + 6, pal.flushBand());
            Bars.request(p, pal, x + 4, x + w - 4, y, h, Op.FLUSH.code(), 0, 0, true, false, Double.NaN);
        }));
        e.add(new Entry("crossing write: in flight when a flush was submitted", (p, pal, x, y, w, h) ->
                Bars.request(p, pal, x, x + w, y, h, Op.WRITE.code(), 0, OrderingFindings.CROSSING, true, false, Double.NaN)));
        e.add(new Entry("overtaking write: submitted after a flush, done before it", (p, pal, x, y, w, h) ->
                Bars.request(p, pal, x, x + w, y, h, Op.WRITE.code(), 0, OrderingFindings.OVERTAKING, true, false,
                        Double.NaN)));
        e.add(new Entry("concurrent overlapping writes", (p, pal, x, y, w, h) ->
                Bars.request(p, pal, x, x + w, y, h, Op.WRITE.code(), 0, OrderingFindings.CONCURRENT, true, false,
                        Double.NaN)));
        e.add(new Entry("never completed in the trace", (p, pal, x, y, w, h) ->
                Bars.request(p, pal, x, x + w, y, h, Op.WRITE.code(), 0, 0, false, false, Double.NaN)));
        e.add(new Entry("completed with an error", (p, pal, x, y, w, h) ->
                Bars.request(p, pal, x, x + w, y, h, Op.WRITE.code(), 0, 0, true, true, Double.NaN)));
        e.add(new Entry("many requests in a pixel (most common op; edges: findings)", (p, pal, x, y, w, h) -> {
            Bars.aggregate(p, pal, x, x + w / 2, y, h, Op.WRITE.code(), OrderingFindings.CROSSING);
            Bars.aggregate(p, pal, x + w / 2, x + w, y, h, Op.READ.code(), 0);
        }));
        e.add(new Entry("event (merge, requeue, writeback error…)", (p, pal, x, y, w, h) -> {
            Bars.eventTick(p, x + w * 0.3, y, 7, pal.event(EventKind.MERGE));
            Bars.eventTick(p, x + w * 0.7, y, 7, pal.event(EventKind.WRITEBACK_ERROR));
        }));
        e.add(new Entry("crash", (p, pal, x, y, w, h) ->
                p.line(x + w / 2 + 0.5, y - 3, x + w / 2 + 0.5, y + h + 3, pal.event(EventKind.CRASH), 2, Painter.Stroke.DASHED)));
        e.add(new Entry("selected request and its related requests", (p, pal, x, y, w, h) -> {
            Bars.request(p, pal, x + 2, x + w / 2 - 2, y, h, Op.WRITE.code(), 0, 0, true, false, Double.NaN);
            Bars.selected(p, pal, x + 2, x + w / 2 - 2, y, h, 2);
            Bars.request(p, pal, x + w / 2 + 2, x + w - 2, y, h, Op.WRITE.code(), 0, 0, true, false, Double.NaN);
            Bars.related(p, pal, x + w / 2 + 2, x + w - 2, y, h, 2);
        }));
        return e;
    }

    /** The height the legend needs at this width. */
    public static double height(Painter measure, double width) {
        return layout(null, measure, 0, 0, width, null);
    }

    /** Paints the legend in [x, x + width) from y; returns its height. */
    public static double paint(Painter p, double x, double y, double width, Palette pal) {
        p.fillRect(x, y, width, height(p, width), pal.background());
        return layout(p, p, x, y, width, pal);
    }

    private static double layout(Painter p, Painter measure, double x0, double y0, double width, Palette pal) {
        Painter.Font font = Painter.Font.SMALL;
        double x = x0 + 8;
        double y = y0 + 6;
        for (Entry e : entries()) {
            double textW = Math.min(measure.textWidth(e.text(), font), width - SWATCH_W - 30);
            double w = SWATCH_W + 6 + textW;
            if (x > x0 + 8 && x + w > x0 + width - 8) {
                x = x0 + 8;
                y += LINE_H;
            }
            if (p != null) {
                e.swatch().draw(p, pal, x, y + (LINE_H - SWATCH_H) / 2, SWATCH_W, SWATCH_H);
                p.textElided(e.text(), x + SWATCH_W + 6, y + LINE_H / 2 + 4, textW + 0.5, font, pal.text(),
                        Painter.Align.LEFT);
            }
            x += w + GAP;
        }
        return y + LINE_H + 6 - y0;
    }
}
