package dev.orderlens.ui;

import dev.orderlens.analysis.CrossLayer;
import dev.orderlens.analysis.DeviceStats;
import dev.orderlens.analysis.LatencyStats;
import dev.orderlens.analysis.LatencySummary;
import dev.orderlens.analysis.Phase;
import dev.orderlens.layout.QueueDepthTrack;
import dev.orderlens.model.Lane;
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
 * any request's (e.g. the timeline's selection).
 */
public final class StatsPane extends ScrollPane {
    private final VBox box = new VBox(10);
    private final GridPane table = new GridPane();
    private final Label crossLayer = new Label();
    private final VBox strips = new VBox(4);
    private final LatencyHistogramPane histogram = new LatencyHistogramPane();
    private final WaterfallPane waterfall = new WaterfallPane();
    private Trace trace;
    private LatencyStats stats;

    public StatsPane() {
        setId("stats");
        table.setId("stats-table");
        crossLayer.setId("stats-cross-layer");
        table.setHgap(14);
        table.setVgap(2);
        box.setPadding(new Insets(12));
        box.getChildren().addAll(heading("Per device (btt's phases)"), table, crossLayer, heading("Queue depth at the device"),
                strips, heading("Latency histogram"), histogram, heading("Waterfall"), waterfall);
        setContent(box);
        setFitToWidth(true);
        histogram.selectedRowsProperty().addListener((o, a, rows) -> {
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

    /** Shows a trace and its statistics (compute them with {@link LatencyStats#of} off the FX thread). */
    public void show(Trace t, LatencyStats s) {
        this.trace = t;
        this.stats = s;
        table.getChildren().clear();
        String[] head = {"layer", "device", "#Q", "#D", "ratio", "Q2C avg", "Q2C p99", "D2C avg", "D2C p99", "depth avg", "depth max"};
        for (int c = 0; c < head.length; c++) {
            Label l = new Label(head[c]);
            l.getStyleClass().add("column-header-text");
            table.add(l, c, 0);
        }
        int row = 1;
        for (DeviceStats d : s.devices()) {
            LatencySummary q2c = d.summary(Phase.Q2C);
            LatencySummary d2c = d.summary(Phase.D2C);
            table.addRow(row++, new Label(d.layerId()), new Label(d.device()), new Label(String.format("%,d", d.queued())),
                    new Label(String.format("%,d", d.issued())),
                    new Label(d.issued() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", d.mergeRatio())),
                    new Label(avg(q2c)), new Label(p99(q2c)), new Label(avg(d2c)), new Label(p99(d2c)),
                    new Label(d.deviceDepth().isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f", d.deviceDepth().mean())),
                    new Label(String.valueOf(d.deviceDepth().max())));
        }
        CrossLayer c = s.crossLayer();
        crossLayer.setText(c.available() ? String.format(Locale.ROOT,
                "Across the layers: %,d requests, %,d reached QEMU, %,d a host I/O; mean %s in the guest, %s on the virtqueue,"
                        + " %s in QEMU, %s in the host I/O, %s back to the guest", c.size(), c.matchedVirtio(), c.matchedHost(),
                avg(c.summary(CrossLayer.Segment.GUEST)), avg(c.summary(CrossLayer.Segment.VIRTQUEUE)),
                avg(c.summary(CrossLayer.Segment.QEMU)), avg(c.summary(CrossLayer.Segment.HOST)),
                avg(c.summary(CrossLayer.Segment.COMPLETION)))
                : "Across the layers: needs a QEMU log (and the guest's blkparse) in the trace.");
        strips.getChildren().clear();
        QueueDepthTrack[] tracks = QueueDepthTrack.perLane(t);
        int deepest = 1;
        for (QueueDepthTrack q : tracks) {
            deepest = Math.max(deepest, q.maxDepth());
        }
        long[] window = topLayerSpan(t);
        for (Lane lane : t.lanes()) {
            QueueDepthTrack q = tracks[lane.index()];
            if (q.depth().isEmpty()) {
                continue;
            }
            QueueDepthStrip strip = new QueueDepthStrip(480, 24);
            strip.setId("queue-depth-" + lane.index());
            strip.setTrack(q, deepest);
            strip.setWindow(window[0], window[1]);
            Label name = new Label(t.layers().get(lane.layer()).id() + " " + lane.name() + " (max " + q.maxDepth() + ")");
            name.setMinWidth(180);
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

    private static String avg(LatencySummary s) {
        return s.isEmpty() ? "-" : Time.formatDuration(Math.round(s.avg()));
    }

    private static String p99(LatencySummary s) {
        return s.isEmpty() ? "-" : Time.formatDuration(s.p99());
    }

    /** Shows a request's waterfall. */
    public void showRequest(int row) {
        if (trace != null) {
            waterfall.show(trace, stats.crossLayer(), row);
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
