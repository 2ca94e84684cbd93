package dev.orderlens.ui;

import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrossLayer;
import dev.orderlens.analysis.DeviceStats;
import dev.orderlens.analysis.LatencyStats;
import dev.orderlens.analysis.LatencySummary;
import dev.orderlens.analysis.Phase;
import dev.orderlens.layout.DepthTracks;
import dev.orderlens.layout.QueueDepthTrack;
import dev.orderlens.model.Lane;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The statistics of a trace in one pane (docs/stats.md): btt's numbers per device, the cross-layer
 * breakdown, a queue-depth strip per lane, the latency histogram and the waterfall of a request.
 * Selecting a histogram bucket publishes its rows ({@link #selectedRowsProperty()}, for the
 * timeline to highlight) and shows the waterfall of its first request; {@link #showRequest} shows
 * any request's (e.g. the timeline's selection). What it shows is computed off the FX thread by
 * {@link #prepare} (the statistics and the lanes' queue-depth tracks, which the timeline reuses).
 */
public final class StatsPane extends ScrollPane {
    private static final double STRIP_LABEL = 200;
    private final VBox box = new VBox(10);
    private final GridPane table = new GridPane();
    private final Label crossLayer = new Label();
    private final VBox strips = new VBox(4);
    private final LatencyHistogramPane histogram = new LatencyHistogramPane();
    private final WaterfallPane waterfall = new WaterfallPane();
    private final Label message = new Label();
    private Trace trace;
    private LatencyStats stats;

    /**
     * Everything the pane shows about one trace, computed once off the FX thread.
     *
     * @param depth the queue-depth tracks of every lane (the timeline draws them above its lanes)
     * @param span the strips' window: the top layer's requests
     */
    public record Prepared(Trace trace, LatencyStats stats, DepthTracks depth, long[] span) {}

    /** Computes what {@link #show(Prepared)} shows: O(n log n), ~0.5 s of CPU for 10^6 requests. */
    public static Prepared prepare(Trace t, Progress progress) {
        return prepare(t, null, progress);
    }

    /** As {@link #prepare(Trace, Progress)}, with the trace's crash analysis if one is at hand. */
    public static Prepared prepare(Trace t, CrashAnalysis durability, Progress progress) {
        LatencyStats s = LatencyStats.of(t, durability, progress);
        progress.checkCancelled();
        DepthTracks d = DepthTracks.of(t, s);
        progress.checkCancelled();
        return new Prepared(t, s, d, topLayerSpan(t));
    }

    public StatsPane() {
        setId("stats");
        table.setId("stats-table");
        crossLayer.setId("stats-cross-layer");
        table.setHgap(10);
        crossLayer.setWrapText(true);
        table.setVgap(2);
        box.setPadding(new Insets(12));
        message.setId("stats-message");
        message.getStyleClass().add("hint");
        message.setWrapText(true);
        message.setManaged(false);
        message.setVisible(false);
        box.getChildren()
                .addAll(
                        message,
                        heading("Per device (btt's phases)"),
                        table,
                        crossLayer,
                        heading("Queue depth at the device"),
                        strips,
                        heading("Latency histogram"),
                        histogram,
                        heading("Waterfall"),
                        waterfall);
        setContent(box);
        setFitToWidth(true);
        histogram
                .selectedRowsProperty()
                .addListener(
                        (o, a, rows) -> {
                            if (rows.length > 0) {
                                showRequest(rows[0]);
                            }
                        });
    }

    private static Label heading(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("summary-heading");
        return l;
    }

    /**
     * Shows a trace and its statistics, computing its queue depth here (small traces, tests: see
     * {@link #prepare}).
     */
    public void show(Trace t, LatencyStats s) {
        show(new Prepared(t, s, DepthTracks.of(t), topLayerSpan(t)));
    }

    /** Replaces the statistics by a message ("computing…", a failure); null removes it. */
    public void showMessage(String text) {
        message.setText(text == null ? "" : text);
        message.setVisible(text != null);
        message.setManaged(text != null);
        for (int i = 1; i < box.getChildren().size(); i++) {
            box.getChildren().get(i).setVisible(text == null);
            box.getChildren().get(i).setManaged(text == null);
        }
    }

    /** The message shown instead of the statistics ("" when they are shown): tests read it. */
    String messageText() {
        return message.getText();
    }

    /** Shows what {@link #prepare} computed. */
    public void show(Prepared prepared) {
        showMessage(null);
        Trace t = prepared.trace();
        LatencyStats s = prepared.stats();
        this.trace = t;
        this.stats = s;
        waterfall.clear();
        table.getChildren().clear();
        // compact enough for the side panel: the layer goes with the device, numbers are
        // right-aligned
        String[][] head = {
            {"device", "layer and device (a lane's device at one layer of one file)"},
            {"#Q", "bios queued (btt's #Q)"},
            {"#D", "requests issued (btt's #D)"},
            {"ratio", "merge ratio #Q / #D"},
            {"Q2C avg", "mean time from queued to completed"},
            {"p99", "99th percentile of Q2C"},
            {
                "Q2Durable avg",
                "mean time from queued until a flush or FUA made the write durable (not in btt)"
            },
            {"D2C avg", "mean time from issued to completed (at the device)"},
            {"p99", "99th percentile of D2C"},
            {
                "depth",
                "mean requests in flight at the device (issued, not completed) over its active span"
            },
            {"max", "most requests in flight at the device at once"}
        };
        table.getColumnConstraints().clear();
        for (int c = 0; c < head.length; c++) {
            Label l = cell(head[c][0]);
            l.getStyleClass().add("column-header-text");
            l.setTooltip(new javafx.scene.control.Tooltip(head[c][1]));
            table.add(l, c, 0);
            javafx.scene.layout.ColumnConstraints cc = new javafx.scene.layout.ColumnConstraints();
            cc.setHalignment(c == 0 ? javafx.geometry.HPos.LEFT : javafx.geometry.HPos.RIGHT);
            table.getColumnConstraints().add(cc);
        }
        int row = 1;
        for (DeviceStats d : s.devices()) {
            LatencySummary q2c = d.summary(Phase.Q2C);
            LatencySummary d2c = d.summary(Phase.D2C);
            LatencySummary durable = d.summary(Phase.Q2Durable);
            table.addRow(
                    row++,
                    cell(d.layerId() + " " + d.device()),
                    cell(String.format("%,d", d.queued())),
                    cell(String.format("%,d", d.issued())),
                    cell(
                            d.issued() == 0
                                    ? "-"
                                    : String.format(Locale.ROOT, "%.2f", d.mergeRatio())),
                    cell(avg(q2c)),
                    cell(p99(q2c)),
                    cell(avg(durable)),
                    cell(avg(d2c)),
                    cell(p99(d2c)),
                    cell(
                            d.deviceDepth().isEmpty()
                                    ? "-"
                                    : String.format(Locale.ROOT, "%.2f", d.deviceDepth().mean())),
                    cell(String.valueOf(d.deviceDepth().max())));
        }
        CrossLayer c = s.crossLayer();
        crossLayer.setText(
                c.available()
                        ? String.format(
                                Locale.ROOT,
                                "Across the layers: %,d requests, %,d reached QEMU, %,d a host I/O; mean %s in the guest, %s on the virtqueue,"
                                        + " %s in QEMU, %s in the host I/O, %s back to the guest",
                                c.size(),
                                c.matchedVirtio(),
                                c.matchedHost(),
                                avg(c.summary(CrossLayer.Segment.GUEST)),
                                avg(c.summary(CrossLayer.Segment.VIRTQUEUE)),
                                avg(c.summary(CrossLayer.Segment.QEMU)),
                                avg(c.summary(CrossLayer.Segment.HOST)),
                                avg(c.summary(CrossLayer.Segment.COMPLETION)))
                        : "Across the layers: needs a QEMU log (and the guest's blkparse) in the trace.");
        strips.getChildren().clear();
        DepthTracks tracks = prepared.depth();
        int deepest = 1;
        for (int lane = 0; lane < tracks.lanes(); lane++) {
            deepest = Math.max(deepest, tracks.inFlight(lane).maxDepth());
        }
        long[] window = prepared.span();
        for (Lane lane : t.lanes()) {
            QueueDepthTrack q = tracks.inFlight(lane.index());
            if (q.depth().isEmpty()) {
                continue;
            }
            QueueDepthStrip strip = new QueueDepthStrip(480, 24);
            strip.setId("queue-depth-" + lane.index());
            strip.setTrack(q, deepest);
            strip.setWindow(window[0], window[1]);
            Label name =
                    new Label(
                            t.layers().get(lane.layer()).id()
                                    + " "
                                    + lane.name()
                                    + " · max "
                                    + q.maxDepth());
            name.setTooltip(new javafx.scene.control.Tooltip(name.getText()));
            name.setMinWidth(STRIP_LABEL);
            name.setPrefWidth(STRIP_LABEL);
            // the strip takes the rest of the pane's width
            strip.widthProperty()
                    .bind(
                            javafx.beans.binding.Bindings.max(
                                    100, strips.widthProperty().subtract(STRIP_LABEL + 8)));
            strips.getChildren().add(new HBox(8, name, strip));
        }
        histogram.show(s);
    }

    /**
     * The strips' window: the span of the top layer's requests (a QEMU log also holds the boot
     * before the guest's trace started); the timeline passes its own window instead.
     */
    private static long[] topLayerSpan(Trace t) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        Requests r = t.requests();
        for (int i = 0; i < r.size(); i++) {
            if (r.layer(i) == 0) {
                lo = Math.min(lo, r.submit(i));
                hi = Math.max(hi, Math.max(r.complete(i), r.issue(i)));
            }
        }
        return lo > hi ? new long[] {t.startNs(), t.endNs() + 1} : new long[] {lo, hi + 1};
    }

    /**
     * A table cell that keeps its whole text (the pane scrolls sideways before a number is cut).
     */
    private static Label cell(String text) {
        Label l = new Label(text);
        l.setMinWidth(Label.USE_PREF_SIZE);
        return l;
    }

    private static String avg(LatencySummary s) {
        return s.isEmpty() ? "-" : Time.formatDuration(Math.round(s.avg()));
    }

    private static String p99(LatencySummary s) {
        return s.isEmpty() ? "-" : Time.formatDuration(s.p99());
    }

    /** Draws the charts on the dark theme's background. */
    public void setDark(boolean dark) {
        histogram.setDark(dark);
        waterfall.setDark(dark);
    }

    /** Shows a request's waterfall. */
    public void showRequest(int row) {
        if (trace != null && row >= 0 && row < trace.requests().size()) {
            waterfall.show(trace, stats.crossLayer(), row);
        }
    }

    /** The trace whose statistics are shown, or null. */
    public Trace trace() {
        return trace;
    }

    /** Scrolls so the waterfall is in view. */
    public void revealWaterfall() {
        layout();
        double content = box.getHeight() - getViewportBounds().getHeight();
        if (content > 0) {
            setVvalue(Math.min(1, waterfall.getBoundsInParent().getMinY() / content));
        }
    }

    public LatencyHistogramPane histogram() {
        return histogram;
    }

    public WaterfallPane waterfall() {
        return waterfall;
    }

    /** The rows of the selected histogram bucket, for the timeline to highlight. */
    public ReadOnlyObjectProperty<int[]> selectedRowsProperty() {
        return histogram.selectedRowsProperty();
    }

    /** Every label's text, for tests and accessibility checks. */
    public String tableText() {
        StringBuilder sb = new StringBuilder();
        table.getChildren().forEach(n -> sb.append(((Label) n).getText()).append(' '));
        return sb.toString().trim();
    }

    public String crossLayerText() {
        return crossLayer.getText();
    }
}
