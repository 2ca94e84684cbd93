package dev.orderlens.ui;

import dev.orderlens.analysis.LatencySummary;
import dev.orderlens.analysis.RangeTotals;
import dev.orderlens.export.ExportKind;
import dev.orderlens.layout.TimeMarks;
import dev.orderlens.model.Op;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Range tab: what happened in the time range selected on the ruler ({@link RangeTotals}, per
 * layer and lane), the markers A and B and the time between them, and buttons to zoom to the range
 * or export only it. Totals are computed on a worker of its own; while the range is dragged only
 * the newest is computed, and a result for an older range or trace is dropped.
 */
final class RangePanel {
    static final String[] COLUMNS = {
        "layer / lane",
        "requests",
        "reads",
        "writes",
        "flushes",
        "FUA",
        "read",
        "written",
        "uncovered at end",
        "Q2C p50",
        "Q2C p90",
        "Q2C p99",
        "D2C p50",
        "D2C p99"
    };

    private final TimelineViewModel timeline;
    private final Executor fx;
    private final VBox box = new VBox(8);
    private final ScrollPane scroll = new ScrollPane(box);
    private final Tab tab = new Tab("Range", scroll);
    private final Label rangeLabel = new Label();
    private final Label markersLabel = new Label();
    private final GridPane grid = new GridPane();
    private final Button zoom = new Button("Zoom to Range");
    private final MenuButton export = new MenuButton("Export Range");
    private final Button clear = new Button("Clear");
    private final ReadOnlyObjectWrapper<RangeTotals> totals =
            new ReadOnlyObjectWrapper<>(this, "totals");
    private final ExecutorService worker =
            Executors.newSingleThreadExecutor(
                    r -> {
                        Thread t = new Thread(r, "orderlens-range");
                        t.setDaemon(true);
                        return t;
                    });
    private final AtomicLong generation = new AtomicLong();
    private Trace coverageTrace;
    private long[] durableAt;

    /**
     * @param exportRange exports one kind for the range [from, to] (the export menu's writer)
     */
    RangePanel(
            TimelineViewModel timeline, Executor fx, BiConsumer<ExportKind, long[]> exportRange) {
        this.timeline = timeline;
        this.fx = fx;
        tab.setId("range-tab");
        box.setId("range-panel");
        box.setPadding(new Insets(12));
        scroll.setFitToWidth(false);
        rangeLabel.setId("range-label");
        rangeLabel.setWrapText(true);
        markersLabel.setId("range-markers");
        markersLabel.setWrapText(true);
        // the labels wrap at the panel's width, though the table may be wider (it scrolls)
        rangeLabel.maxWidthProperty().bind(scroll.widthProperty().subtract(30));
        markersLabel.maxWidthProperty().bind(scroll.widthProperty().subtract(30));
        rangeLabel.setMinHeight(Region.USE_PREF_SIZE);
        markersLabel.setMinHeight(Region.USE_PREF_SIZE);
        grid.setId("range-totals");
        grid.setHgap(14);
        grid.setVgap(3);
        zoom.setOnAction(e -> timeline.zoomToRange());
        clear.setOnAction(e -> timeline.marks().clearRange());
        for (ExportKind k :
                new ExportKind[] {
                    ExportKind.PNG, ExportKind.SVG, ExportKind.REQUESTS_CSV, ExportKind.HTML
                }) {
            MenuItem item = new MenuItem(k.menuLabel());
            item.setOnAction(
                    e -> {
                        TimeMarks m = timeline.marks().get();
                        if (m.hasRange()) {
                            exportRange.accept(k, new long[] {m.rangeStart(), m.rangeEnd()});
                        }
                    });
            export.getItems().add(item);
        }
        HBox buttons = new HBox(6, zoom, export, clear);
        box.getChildren().addAll(rangeLabel, buttons, markersLabel, grid);
        timeline.marks().property().addListener((o, a, b) -> changed(a, b));
        timeline.traceProperty().addListener((o, a, b) -> changed(null, timeline.marks().get()));
        changed(null, TimeMarks.NONE);
    }

    Tab tab() {
        return tab;
    }

    /** The totals on show (null: no range), for tests. */
    ReadOnlyObjectProperty<RangeTotals> totalsProperty() {
        return totals.getReadOnlyProperty();
    }

    String rangeText() {
        return rangeLabel.getText();
    }

    String markersText() {
        return markersLabel.getText();
    }

    /** The grid's cells as text, row by row (header first), for tests. */
    List<List<String>> cells() {
        int rows = grid.getRowCount();
        List<List<String>> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            List<String> row = new ArrayList<>();
            for (int c = 0; c < COLUMNS.length; c++) {
                row.add("");
            }
            out.add(row);
        }
        for (javafx.scene.Node n : grid.getChildren()) {
            Integer r = GridPane.getRowIndex(n);
            Integer c = GridPane.getColumnIndex(n);
            if (n instanceof Label l && r != null && c != null) {
                out.get(r).set(c, l.getText());
            }
        }
        return out;
    }

    void dispose() {
        worker.shutdownNow();
    }

    private void changed(TimeMarks before, TimeMarks now) {
        markersLabel.setText(markers(now));
        boolean range = now.hasRange();
        zoom.setDisable(!range);
        export.setDisable(!range);
        clear.setDisable(!range);
        if (before != null
                && before.rangeStart() == now.rangeStart()
                && before.rangeEnd() == now.rangeEnd()) {
            return; // only the markers moved
        }
        Trace t = timeline.trace();
        long gen = generation.incrementAndGet();
        if (!range || t == null) {
            totals.set(null);
            rangeLabel.setText(
                    "No range selected: drag across the ruler (or Shift+drag on the lanes) to"
                            + " select one; Esc on the lanes clears it.");
            grid.getChildren().clear();
            return;
        }
        long from = now.rangeStart();
        long to = now.rangeEnd();
        rangeLabel.setText(
                String.format(
                        "Range %s – %s s (%s): the requests submitted in it",
                        Time.formatSeconds(from),
                        Time.formatSeconds(to),
                        Time.formatDuration(to - from)));
        worker.execute(
                () -> {
                    if (generation.get() != gen) {
                        return; // a newer range is waiting
                    }
                    try {
                        if (coverageTrace != t) {
                            durableAt = RangeTotals.durableAt(t);
                            coverageTrace = t;
                        }
                        RangeTotals r = RangeTotals.of(t, durableAt, from, to);
                        fx.execute(
                                () -> {
                                    if (generation.get() == gen && timeline.trace() == t) {
                                        totals.set(r);
                                        show(r);
                                    }
                                });
                    } catch (RuntimeException e) {
                        fx.execute(() -> rangeLabel.setText("Could not total the range: " + e));
                    }
                });
    }

    private static String markers(TimeMarks m) {
        if (m.markerA() == Time.NONE && m.markerB() == Time.NONE) {
            return "Markers: click the ruler for A, Shift+click for B (or keys A and B on the"
                    + " lanes; Shift+A, Shift+B remove them).";
        }
        StringBuilder sb = new StringBuilder("Markers:");
        if (m.markerA() != Time.NONE) {
            sb.append(" A ").append(Time.formatSeconds(m.markerA())).append(" s");
        }
        if (m.markerB() != Time.NONE) {
            sb.append(" · B ").append(Time.formatSeconds(m.markerB())).append(" s");
        }
        if (m.between() != null) {
            sb.append(" · ").append(m.between());
        }
        return sb.toString();
    }

    private void show(RangeTotals r) {
        grid.getChildren().clear();
        grid.getColumnConstraints().clear();
        for (int c = 0; c < COLUMNS.length; c++) {
            Label h = new Label(COLUMNS[c]);
            h.getStyleClass().add("column-header-text");
            grid.add(h, c, 0);
            ColumnConstraints cc = new ColumnConstraints();
            cc.setMinWidth(Region.USE_PREF_SIZE); // scroll sideways rather than elide numbers
            grid.getColumnConstraints().add(cc);
        }
        int row = 1;
        if (r.layers().isEmpty()) {
            grid.add(new Label("no request was submitted in the range"), 0, row, COLUMNS.length, 1);
            return;
        }
        for (RangeTotals.Totals layer : r.layers()) {
            addRow(row++, layer, true);
            for (RangeTotals.Totals lane : r.lanes()) {
                if (lane.layer().index() == layer.layer().index()) {
                    addRow(row++, lane, false);
                }
            }
        }
    }

    private void addRow(int row, RangeTotals.Totals t, boolean layer) {
        String[] v = values(t);
        if (t.lane() != null) { // as the lanes show it: the summary's name or the user's
            v[0] =
                    "  "
                            + timeline.laneViewProperty()
                                    .get()
                                    .name(
                                            t.lane().index(),
                                            dev.orderlens.layout.DeviceNames.of(
                                                    timeline.trace(), t.lane()));
        }
        for (int c = 0; c < v.length; c++) {
            Label l = new Label(v[c]);
            if (layer) {
                l.setStyle("-fx-font-weight: bold");
            }
            grid.add(l, c, row);
        }
    }

    /** One row's cells, in {@link #COLUMNS} order. */
    static String[] values(RangeTotals.Totals t) {
        return new String[] {
            t.lane() == null ? t.layer().name() : "  " + t.lane().name(),
            String.format(Locale.ROOT, "%,d", t.requests()),
            String.format(Locale.ROOT, "%,d", t.ops().getOrDefault(Op.READ, 0)),
            String.format(Locale.ROOT, "%,d", t.writes()),
            String.format(Locale.ROOT, "%,d", t.flushes()),
            String.format(Locale.ROOT, "%,d", t.fua()),
            bytes(t.readBytes()),
            bytes(t.writeBytes()),
            String.format(Locale.ROOT, "%,d", t.uncovered()),
            latency(t.q2c(), t.q2c().p50()),
            latency(t.q2c(), t.q2c().p90()),
            latency(t.q2c(), t.q2c().p99()),
            latency(t.d2c(), t.d2c().p50()),
            latency(t.d2c(), t.d2c().p99())
        };
    }

    private static String latency(LatencySummary s, long v) {
        return s.isEmpty() ? "–" : Time.formatDuration(v);
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
    }
}
