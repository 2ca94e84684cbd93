package dev.orderlens.ui;

import dev.orderlens.analysis.CrossLayer;
import dev.orderlens.analysis.DeviceStats;
import dev.orderlens.analysis.LatencyStats;
import dev.orderlens.analysis.LatencySummary;
import dev.orderlens.analysis.Phase;
import dev.orderlens.analysis.Samples;
import dev.orderlens.layout.LatencyHistogram;
import dev.orderlens.model.Time;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/**
 * A latency histogram on a log time axis for one phase of one device (or one cross-layer segment),
 * chosen with two selectors. Clicking a bar (or Left/Right on the chart, Escape to clear) selects
 * its bucket; {@link #selectedRowsProperty()} then holds the request rows whose samples are in it,
 * which the timeline highlights.
 */
public final class LatencyHistogramPane extends BorderPane {
    /** The selector entry for the cross-layer segments. */
    public static final String CROSS_LAYER = "cross-layer";

    private static final String FLUSH = "flush ";
    private static final double LEFT = 44;
    private static final double RIGHT = 12;
    private static final double TOP = 12;
    private static final double BOTTOM = 26;

    private final ComboBox<String> source = new ComboBox<>();
    private final ComboBox<String> metric = new ComboBox<>();
    private final Canvas canvas = new Canvas(560, 220);
    private final Label summary = new Label();
    private final Label selection = new Label();
    private final ReadOnlyObjectWrapper<int[]> selectedRows =
            new ReadOnlyObjectWrapper<>(this, "selectedRows", new int[0]);
    private final Map<String, DeviceStats> devices = new LinkedHashMap<>();
    private LatencyStats stats;
    private LatencyHistogram histogram;
    private int selected = -1;
    private boolean updating;
    private boolean dark;

    public LatencyHistogramPane() {
        setId("latency-histogram");
        source.setId("histogram-source");
        metric.setId("histogram-metric");
        canvas.setId("histogram-canvas");
        summary.setId("histogram-summary");
        selection.setId("histogram-selection");
        summary.setWrapText(true);
        selection.setWrapText(true);
        summary.setMinHeight(Label.USE_PREF_SIZE); // wrap rather than cut the numbers
        selection.setMinHeight(Label.USE_PREF_SIZE);
        source.setPromptText("device");
        metric.setPromptText("phase");
        HBox selectors = new HBox(8, new Label("Latency of"), metric, new Label("on"), source);
        selectors.setPadding(new Insets(0, 0, 6, 0));
        Pane chart = new Pane(canvas);
        chart.setMinWidth(0); // the canvas follows the pane's width, it does not set it
        chart.setPrefWidth(0);
        chart.setMinHeight(canvas.getHeight());
        chart.widthProperty()
                .addListener(
                        (o, a, w) -> {
                            canvas.setWidth(Math.max(120, w.doubleValue()));
                            draw();
                        });
        setTop(selectors);
        // one VBox, not BorderPane's bottom: wrapped labels then get the height they need under the
        // chart
        setCenter(new VBox(2, chart, summary, selection));
        setPadding(new Insets(8));
        source.valueProperty()
                .addListener(
                        (o, a, v) -> {
                            if (!updating) {
                                fillMetrics();
                            }
                        });
        metric.valueProperty()
                .addListener(
                        (o, a, v) -> {
                            if (!updating) {
                                rebuild();
                            }
                        });
        canvas.setFocusTraversable(true);
        canvas.setOnMouseClicked(
                e -> {
                    canvas.requestFocus();
                    selectBucket(bucketAt(e.getX()));
                });
        canvas.setOnKeyPressed(
                e -> {
                    if (histogram == null || histogram.size() == 0) {
                        return;
                    }
                    if (e.getCode() == KeyCode.RIGHT) {
                        selectBucket(Math.min(histogram.size() - 1, selected + 1));
                    } else if (e.getCode() == KeyCode.LEFT) {
                        selectBucket(
                                Math.max(0, selected < 0 ? histogram.size() - 1 : selected - 1));
                    } else if (e.getCode() == KeyCode.ESCAPE) {
                        selectBucket(-1);
                    }
                });
        summary.setText("No statistics.");
    }

    /** Shows a trace's statistics, starting on the first device's Q2C. */
    public void show(LatencyStats s) {
        this.stats = s;
        devices.clear();
        for (DeviceStats d : s.devices()) {
            devices.put(d.layerId() + " " + d.device(), d);
        }
        List<String> sources = new ArrayList<>(devices.keySet());
        if (s.crossLayer().available()) {
            sources.add(CROSS_LAYER);
        }
        updating = true;
        source.getItems().setAll(sources);
        source.setValue(sources.isEmpty() ? null : sources.get(0));
        updating = false;
        fillMetrics();
    }

    /**
     * Picks what to show: a source ("guest 254,0" or {@link #CROSS_LAYER}) and a metric (a phase
     * name, "flush D2C" for a flush phase, or a segment key such as "host").
     */
    public void choose(String sourceName, String metricName) {
        if (!source.getItems().contains(sourceName)) {
            throw new IllegalArgumentException(
                    "no such source: " + sourceName + " (have " + source.getItems() + ")");
        }
        updating = true;
        source.setValue(sourceName);
        updating = false;
        fillMetrics();
        if (!metric.getItems().contains(metricName)) {
            throw new IllegalArgumentException(
                    "no such metric: " + metricName + " (have " + metric.getItems() + ")");
        }
        metric.setValue(metricName);
    }

    /** The sources offered ("guest 254,0", …, {@link #CROSS_LAYER}). */
    public List<String> sources() {
        return List.copyOf(source.getItems());
    }

    /** The metrics a source offers (phases with samples, "flush D2C", segment keys). */
    public List<String> metrics(String src) {
        return metricsOf(src);
    }

    private void fillMetrics() {
        String previous = metric.getValue();
        List<String> names = metricsOf(source.getValue());
        updating = true;
        metric.getItems().setAll(names);
        String pick =
                names.contains(previous)
                        ? previous
                        : names.contains("Q2C") ? "Q2C" : names.isEmpty() ? null : names.get(0);
        metric.setValue(pick);
        updating = false;
        rebuild();
    }

    private List<String> metricsOf(String src) {
        List<String> names = new ArrayList<>();
        if (CROSS_LAYER.equals(src)) {
            for (CrossLayer.Segment g : CrossLayer.Segment.values()) {
                if (!stats.crossLayer().summary(g).isEmpty()) {
                    names.add(g.key());
                }
            }
        } else if (src != null) {
            DeviceStats d = devices.get(src);
            for (Phase p : Phase.values()) {
                if (!d.summary(p).isEmpty()) {
                    names.add(p.name());
                }
            }
            for (Phase p : Phase.FLUSH_PHASES) {
                if (!d.flushSummary(p).isEmpty()) {
                    names.add(FLUSH + p.name());
                }
            }
        }
        return names;
    }

    private void rebuild() {
        Samples s = samples();
        histogram = s == null ? null : LatencyHistogram.of(s);
        selected = -1;
        selectedRows.set(new int[0]);
        LatencySummary sum = summaryOf();
        summary.setText(sum == null ? "No samples." : describe(metric.getValue(), sum));
        selection.setText("Click a bar to select its requests.");
        draw();
    }

    private Samples samples() {
        String src = source.getValue();
        String m = metric.getValue();
        if (src == null || m == null) {
            return null;
        }
        if (CROSS_LAYER.equals(src)) {
            return stats.crossLayer().samples(segment(m));
        }
        DeviceStats d = devices.get(src);
        return m.startsWith(FLUSH)
                ? d.flushSamples(Phase.valueOf(m.substring(FLUSH.length())))
                : d.samples(Phase.valueOf(m));
    }

    private LatencySummary summaryOf() {
        String src = source.getValue();
        String m = metric.getValue();
        if (src == null || m == null) {
            return null;
        }
        if (CROSS_LAYER.equals(src)) {
            return stats.crossLayer().summary(segment(m));
        }
        DeviceStats d = devices.get(src);
        return m.startsWith(FLUSH)
                ? d.flushSummary(Phase.valueOf(m.substring(FLUSH.length())))
                : d.summary(Phase.valueOf(m));
    }

    private static CrossLayer.Segment segment(String key) {
        for (CrossLayer.Segment g : CrossLayer.Segment.values()) {
            if (g.key().equals(key)) {
                return g;
            }
        }
        throw new IllegalArgumentException(key);
    }

    static String describe(String name, LatencySummary s) {
        return String.format(
                Locale.ROOT,
                "%s: N %,d, min %s, avg %s, p50 %s, p90 %s, p99 %s, max %s",
                name,
                s.n(),
                Time.formatDuration(s.min()),
                Time.formatDuration(Math.round(s.avg())),
                Time.formatDuration(s.p50()),
                Time.formatDuration(s.p90()),
                Time.formatDuration(s.p99()),
                Time.formatDuration(s.max()));
    }

    /** Draws on the dark theme's background (the main window's theme). */
    public void setDark(boolean dark) {
        this.dark = dark;
        draw();
    }

    /** Selects a bucket (-1 clears) and publishes its rows. */
    public void selectBucket(int bucket) {
        if (histogram == null || bucket >= histogram.size()) {
            return;
        }
        selected = bucket;
        if (bucket < 0) {
            selectedRows.set(new int[0]);
            selection.setText("Click a bar to select its requests.");
        } else {
            int[] rows = histogram.rows(bucket);
            selectedRows.set(rows);
            selection.setText(
                    String.format(
                            Locale.ROOT,
                            "Selected %s: %,d samples, %,d requests",
                            histogram.label(bucket),
                            histogram.count(bucket),
                            rows.length));
        }
        draw();
    }

    /**
     * The rows of the selected bucket (empty when nothing is selected), for the timeline to
     * highlight.
     */
    public ReadOnlyObjectProperty<int[]> selectedRowsProperty() {
        return selectedRows.getReadOnlyProperty();
    }

    public int selectedBucket() {
        return selected;
    }

    /**
     * What the selected bucket is, for people: "Q2C 398 µs – 631 µs on guest 254,0" (empty when
     * none).
     */
    public String selectionLabel() {
        if (histogram == null || selected < 0) {
            return "";
        }
        return metric.getValue() + " " + histogram.label(selected) + " on " + source.getValue();
    }

    /** The histogram on screen, or null. */
    public LatencyHistogram histogram() {
        return histogram;
    }

    public String summaryText() {
        return summary.getText();
    }

    public String selectionText() {
        return selection.getText();
    }

    Canvas canvas() {
        return canvas;
    }

    /** Left edge of a bucket's bar on the canvas. */
    double barX(int bucket) {
        return LEFT + bucket * barWidth();
    }

    double barWidth() {
        return histogram == null || histogram.size() == 0
                ? 0
                : (canvas.getWidth() - LEFT - RIGHT) / histogram.size();
    }

    /** The bucket under an x on the canvas, or -1. */
    int bucketAt(double x) {
        if (histogram == null || histogram.size() == 0 || x < LEFT) {
            return -1;
        }
        int b = (int) ((x - LEFT) / barWidth());
        return b < histogram.size() ? b : -1;
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        g.setFill(dark ? Color.web("#1c1d20") : Color.WHITE);
        g.fillRect(0, 0, w, h);
        if (histogram == null || histogram.size() == 0) {
            return;
        }
        double plotH = h - TOP - BOTTOM;
        double bw = barWidth();
        int max = Math.max(1, histogram.maxCount());
        g.setStroke(Color.gray(0.6));
        g.strokeLine(LEFT, h - BOTTOM + 0.5, w - RIGHT, h - BOTTOM + 0.5);
        for (int b = 0; b < histogram.size(); b++) {
            double bh = plotH * histogram.count(b) / max;
            g.setFill(
                    b == selected
                            ? Color.web("#d9822b")
                            : histogram.isUnderflow(b) ? Color.web("#c44") : Color.web("#4a7fb5"));
            g.fillRect(barX(b) + 1, h - BOTTOM - bh, Math.max(1, bw - 2), bh);
        }
        // ticks at the powers of ten, and at both ends of the axis where no power of ten is near
        g.setFill(dark ? Color.gray(0.8) : Color.gray(0.25));
        g.setTextBaseline(VPos.TOP);
        double labelled = Double.NEGATIVE_INFINITY;
        for (int b = 0; b <= histogram.size(); b++) {
            boolean last = b == histogram.size();
            double x = barX(b);
            if (!last && histogram.isUnderflow(b)) {
                g.setTextAlign(TextAlignment.CENTER);
                g.fillText("≤0", x + bw / 2, h - BOTTOM + 4);
                labelled = x + bw;
                continue;
            }
            long edge = last ? histogram.upper(b - 1) : histogram.lower(b);
            boolean end = b == 0 || last || histogram.isUnderflow(b - 1);
            if (isPowerOfTen(edge) || end && x - labelled > 60 && nextPowerOfTenX(b) - x > 60) {
                g.setTextAlign(
                        b == 0
                                ? TextAlignment.LEFT
                                : last ? TextAlignment.RIGHT : TextAlignment.CENTER);
                g.strokeLine(x, h - BOTTOM, x, h - BOTTOM + 3);
                g.fillText(Time.formatDuration(edge), x, h - BOTTOM + 4);
                labelled = x;
            }
        }
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(String.valueOf(histogram.maxCount()), LEFT - 4, TOP - 6);
        g.fillText("0", LEFT - 4, h - BOTTOM - 8);
    }

    /** x of the first power-of-ten edge after bucket b's lower edge (infinity if none). */
    private double nextPowerOfTenX(int b) {
        for (int k = b + 1; k <= histogram.size(); k++) {
            long edge = k == histogram.size() ? histogram.upper(k - 1) : histogram.lower(k);
            if (isPowerOfTen(edge)) {
                return barX(k);
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static boolean isPowerOfTen(long v) {
        if (v < 1) {
            return false;
        }
        while (v % 10 == 0) {
            v /= 10;
        }
        return v == 1;
    }
}
