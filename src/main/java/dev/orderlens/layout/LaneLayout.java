package dev.orderlens.layout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The vertical arrangement: a header band per layer, then a band per packed row of each sub-lane
 * (or one summary band for a collapsed sub-lane or layer), and with {@link DepthTracks} a thin
 * queue-depth band above each sub-lane's rows. Content y starts at 0 under the ruler; the view
 * scrolls it. Answers "which band is at y" and "where is this request drawn".
 */
public final class LaneLayout {
    /** What a band shows. */
    public enum Kind {
        LAYER_HEADER,
        ROW,
        LANE_SUMMARY,
        LAYER_SUMMARY,
        DEPTH_TRACK
    }

    /**
     * One horizontal band.
     *
     * @param subLane index within the layer's sub-lanes, -1 for headers and layer summaries
     * @param rowIndex packed row within the sub-lane, -1 when not a row
     * @param firstOfSubLane true on the band that carries the sub-lane's label
     * @param stripe alternates per sub-lane, for the background
     * @param sequence what the band draws, or null (a header; an empty sub-lane)
     */
    public record Band(
            Kind kind,
            double y,
            double height,
            TimelineModel.LayerLanes layer,
            int subLane,
            int rowIndex,
            boolean firstOfSubLane,
            int stripe,
            Sequence sequence) {
        public double bottom() {
            return y + height;
        }

        public TimelineModel.SubLane sub() {
            return subLane < 0 ? null : layer.subLanes().get(subLane);
        }
    }

    private final TimelineModel model;
    private final LaneView view;
    private final Metrics metrics;
    private final List<Band> bands;
    private final double[] tops;
    private final double height;
    private final Map<Integer, Integer> headerOfLayer = new HashMap<>();
    private final Map<Integer, Integer> firstBandOfLane = new HashMap<>();
    private final Map<Integer, Integer> trackBandOfLane = new HashMap<>();
    private final DepthTracks depthTracks;

    public LaneLayout(TimelineModel model, LaneView view, Metrics metrics) {
        this(model, view, metrics, null);
    }

    /**
     * With {@code depthTracks} (null: none; tracks of another trace are ignored), every sub-lane of
     * an expanded layer gets a {@link Kind#DEPTH_TRACK} band of {@link Metrics#depthTrackHeight()}
     * above its rows; a collapsed layer's summary row has none.
     */
    public LaneLayout(
            TimelineModel model, LaneView view, Metrics metrics, DepthTracks depthTracks) {
        this.model = model;
        this.view = view;
        this.metrics = metrics;
        this.depthTracks =
                depthTracks != null && depthTracks.trace() == model.trace() ? depthTracks : null;
        List<Band> out = new ArrayList<>();
        double y = 0;
        int stripe = 0;
        for (TimelineModel.LayerLanes layer : view.arrange(model.layers())) {
            headerOfLayer.put(layer.layer().index(), out.size());
            out.add(
                    new Band(
                            Kind.LAYER_HEADER,
                            y,
                            metrics.headerHeight(),
                            layer,
                            -1,
                            -1,
                            false,
                            0,
                            null));
            y += metrics.headerHeight();
            if (view.collapsed(layer.layer().id())) {
                out.add(
                        new Band(
                                Kind.LAYER_SUMMARY,
                                y,
                                metrics.rowHeight(),
                                layer,
                                -1,
                                -1,
                                true,
                                stripe++ & 1,
                                layer.summary()));
                y += metrics.rowHeight();
                continue;
            }
            for (int s = 0; s < layer.subLanes().size(); s++) {
                TimelineModel.SubLane sub = layer.subLanes().get(s);
                int st = stripe++ & 1;
                if (this.depthTracks != null) {
                    trackBandOfLane.put(sub.lane().index(), out.size());
                    out.add(
                            new Band(
                                    Kind.DEPTH_TRACK,
                                    y,
                                    metrics.depthTrackHeight(),
                                    layer,
                                    s,
                                    -1,
                                    false,
                                    st,
                                    null));
                    y += metrics.depthTrackHeight();
                }
                firstBandOfLane.put(sub.lane().index(), out.size());
                if (view.laneCollapsed(sub.lane().index())) {
                    out.add(
                            new Band(
                                    Kind.LANE_SUMMARY,
                                    y,
                                    metrics.rowHeight(),
                                    layer,
                                    s,
                                    -1,
                                    true,
                                    st,
                                    sub.summary()));
                    y += metrics.rowHeight();
                } else if (sub.rows().isEmpty()) {
                    out.add(
                            new Band(
                                    Kind.ROW, y, metrics.rowHeight(), layer, s, 0, true, st, null));
                    y += metrics.rowHeight();
                } else {
                    for (int k = 0; k < sub.rows().size(); k++) {
                        out.add(
                                new Band(
                                        Kind.ROW,
                                        y,
                                        metrics.rowHeight(),
                                        layer,
                                        s,
                                        k,
                                        k == 0,
                                        st,
                                        sub.rows().get(k)));
                        y += metrics.rowHeight();
                    }
                }
            }
        }
        bands = List.copyOf(out);
        tops = new double[bands.size()];
        for (int i = 0; i < tops.length; i++) {
            tops[i] = bands.get(i).y();
        }
        height = y;
    }

    public TimelineModel model() {
        return model;
    }

    public LaneView view() {
        return view;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** The queue-depth tracks drawn above the lanes, or null when there are none. */
    public DepthTracks depthTracks() {
        return depthTracks;
    }

    public List<Band> bands() {
        return bands;
    }

    /** Total content height (without the ruler). */
    public double contentHeight() {
        return height;
    }

    /** Index of the band at a content y, or -1 outside every band. */
    public int bandIndexAt(double contentY) {
        if (contentY < 0 || contentY >= height) {
            return -1;
        }
        int i = Arrays.binarySearch(tops, contentY);
        return i >= 0 ? i : -i - 2;
    }

    public Band bandAt(double contentY) {
        int i = bandIndexAt(contentY);
        return i < 0 ? null : bands.get(i);
    }

    /**
     * Index of the first band that reaches below {@code contentY} (for drawing from a scroll
     * position).
     */
    public int firstBandFrom(double contentY) {
        int i = bandIndexAt(Math.max(0, contentY));
        return i < 0 ? (contentY < 0 ? 0 : bands.size()) : i;
    }

    /** The header band of a layer, or null when the layer is not shown. */
    public Band header(int layerIndex) {
        Integer i = headerOfLayer.get(layerIndex);
        return i == null ? null : bands.get(i);
    }

    /**
     * The band a request is drawn in (its row, or the summary of a collapsed lane/layer), or null
     * if hidden.
     */
    public Band bandOf(int row) {
        if (!model.shown(row)) {
            return null;
        }
        int lane = model.trace().requests().lane(row);
        int layer = model.trace().requests().layer(row);
        Integer h = headerOfLayer.get(layer);
        if (h == null) {
            return null;
        }
        Band header = bands.get(h);
        if (view.collapsed(header.layer().layer().id())) {
            return bands.get(h + 1);
        }
        Integer first = firstBandOfLane.get(lane);
        if (first == null) {
            return null;
        }
        Band b = bands.get(first);
        return b.kind() == Kind.LANE_SUMMARY ? b : bands.get(first + model.packedRow(row));
    }

    /**
     * The queue-depth band above a trace lane, or null (no tracks, lane hidden, layer collapsed).
     */
    public Band depthTrackOfLane(int lane) {
        Integer i = trackBandOfLane.get(lane);
        return i == null ? null : bands.get(i);
    }

    /** The first band of a trace lane, or null. */
    public Band firstBandOfLane(int lane) {
        Integer first = firstBandOfLane.get(lane);
        return first == null ? null : bands.get(first);
    }

    /**
     * Where a request's bar is drawn, in view coordinates ({@code x, y, w, h}; y includes the ruler
     * and the scroll), before clamping to the view; null when the request is hidden.
     */
    public double[] barRect(int row, TimeScale scale, double scrollY) {
        Band b = bandOf(row);
        if (b == null) {
            return null;
        }
        RequestColumns c = model.columns();
        double x0 = Math.round(scale.x(c.start(row)));
        double x1 = Math.max(x0 + 1, Math.round(scale.x(c.end(row))));
        double y = metrics.rulerHeight() + b.y() - scrollY + metrics.barInset();
        return new double[] {x0, y, x1 - x0, metrics.barHeight()};
    }

    /** The view y of a content y. */
    public double viewY(double contentY, double scrollY) {
        return metrics.rulerHeight() + contentY - scrollY;
    }
}
