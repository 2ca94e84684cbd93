package dev.orderlens.ui;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashComparison;
import dev.orderlens.analysis.CrashKind;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.Tearing;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.layout.RequestDescription;
import dev.orderlens.layout.TimeRangeInput;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.Locale;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Compare: the crash point (A) against a second one (B) — another time, or another crash kind,
 * cache mode or tearing policy at the same time — side by side: both sets of counts, the sectors
 * whose possible contents differ and the writes whose state differs ({@link CrashComparison}).
 */
final class ComparePane extends BorderPane {
    private final CrashViewModel crash;
    private final TimelineViewModel timeline;
    private final Latest comparing;
    private final ReadOnlyObjectWrapper<CrashComparison> comparison =
            new ReadOnlyObjectWrapper<>(this, "comparison");

    final TextField timeB = new TextField();
    final ComboBox<CrashKind> kindB =
            new ComboBox<>(FXCollections.observableArrayList(CrashKind.values()));
    final ComboBox<CacheMode> modeB =
            new ComboBox<>(FXCollections.observableArrayList(CacheMode.values()));
    final ComboBox<Tearing> tearingB =
            new ComboBox<>(FXCollections.observableArrayList(Tearing.values()));
    final Button run = new Button("Compare");
    private final Label pointA = new Label();
    final Label countsA = new Label();
    final Label countsB = new Label();
    final Label summary = new Label();
    final TableView<CrashComparison.SectorDifference> sectors = new TableView<>();
    final TableView<CrashComparison.StateDifference> states = new TableView<>();

    ComparePane(CrashViewModel crash, TimelineViewModel timeline, Executor worker, Executor fx) {
        this.crash = crash;
        this.timeline = timeline;
        this.comparing = new Latest(worker, fx, Latest.Show.NEWEST_ONLY);
        setId("compare-pane");
        setTop(controls());
        setCenter(tables());
        crash.resultProperty()
                .addListener(
                        (o, a, b) -> {
                            pointA.setText(
                                    b == null
                                            ? "A: no crash point yet"
                                            : "A: " + describe(b.point()));
                            if (b != null && comparison.get() != null) {
                                compare(); // keep B, follow A
                            }
                        });
        timeline.traceProperty()
                .addListener(
                        (o, a, b) -> {
                            comparison.set(null);
                            sectors.getItems().clear();
                            states.getItems().clear();
                            summary.setText("");
                            countsA.setText("");
                            countsB.setText("");
                        });
        pointA.setText("A: no crash point yet");
    }

    ReadOnlyObjectProperty<CrashComparison> comparisonProperty() {
        return comparison.getReadOnlyProperty();
    }

    static String describe(CrashPoint p) {
        return dev.orderlens.analysis.CrashReport.pointText(p);
    }

    private VBox controls() {
        timeB.setId("compare-time");
        timeB.setPrefColumnCount(12);
        timeB.setPromptText("B's time");
        kindB.setId("compare-kind");
        kindB.setConverter(DisplayNames.of(CrashKind::jsonName));
        modeB.setId("compare-cache-mode");
        modeB.setConverter(DisplayNames.of(m -> "cache=" + m.jsonName()));
        tearingB.setId("compare-tearing");
        tearingB.setConverter(DisplayNames.of(t -> "tearing: " + t.jsonName()));
        Button copy = new Button("B = A");
        copy.setOnAction(e -> copyA());
        run.setId("compare-run");
        run.setDefaultButton(false);
        run.setOnAction(e -> compare());
        timeB.setOnAction(e -> compare());
        HBox b =
                new HBox(
                        6,
                        new Label("B:"),
                        timeB,
                        new Label("s"),
                        kindB,
                        modeB,
                        tearingB,
                        copy,
                        run);
        b.setAlignment(Pos.CENTER_LEFT);
        pointA.setId("compare-a");
        summary.setId("compare-summary");
        summary.setWrapText(true);
        countsA.setId("compare-counts-a");
        countsB.setId("compare-counts-b");
        HBox counts = new HBox(24, countsA, countsB);
        VBox box = new VBox(4, pointA, b, counts, summary);
        box.setPadding(new Insets(6));
        return box;
    }

    /** Fills B from A (then change one thing and compare). */
    void copyA() {
        CrashPoint a = crash.point();
        if (a == null) {
            return;
        }
        timeB.setText(Time.formatSeconds(a.atNs()));
        kindB.setValue(a.kind());
        modeB.setValue(a.cacheModes().uniform());
        tearingB.setValue(a.tearing());
    }

    /**
     * B as the controls say, defaults taken from A; null (with a message) if the time is not a
     * time.
     */
    CrashPoint pointB() {
        CrashPoint a = crash.point();
        if (a == null) {
            summary.setText("Put a crash point (A) on the timeline first.");
            return null;
        }
        long t = a.atNs();
        if (!timeB.getText().isBlank()) {
            try {
                t = TimeRangeInput.parseTime(timeB.getText());
            } catch (IllegalArgumentException ex) {
                summary.setText(ex.getMessage());
                return null;
            }
        }
        return new CrashPoint(
                t,
                kindB.getValue() == null ? a.kind() : kindB.getValue(),
                modeB.getValue() == null
                        ? a.cacheModes()
                        : a.cacheModes().withAll(modeB.getValue()),
                tearingB.getValue() == null ? a.tearing() : tearingB.getValue());
    }

    /** Runs the comparison of A (the crash point's result) with B in the background. */
    void compare() {
        CrashResult a = crash.result();
        CrashAnalysis an = crash.analysis();
        CrashPoint b = pointB();
        if (a == null || an == null || b == null) {
            return;
        }
        summary.setText("Comparing…");
        // a newer comparison owns the text: an older result or error is dropped
        comparing.submit(
                "Could not compare",
                () -> CrashComparison.of(a, an.at(b)),
                this::show,
                summary::setText);
    }

    private static String counts(String name, CrashResult r) {
        StringBuilder sb = new StringBuilder(name).append(": ");
        for (WriteState s :
                new WriteState[] {
                    WriteState.DURABLE,
                    WriteState.VOLATILE,
                    WriteState.IN_FLIGHT,
                    WriteState.LOST,
                    WriteState.NOT_ISSUED
                }) {
            sb.append(s.jsonName())
                    .append(' ')
                    .append(String.format("%,d", r.count(s)))
                    .append("  ");
        }
        return sb.toString().trim();
    }

    private void show(CrashComparison c) {
        comparison.set(c);
        countsA.setText(counts("A", c.left()));
        countsB.setText(counts("B", c.right()) + "   (" + describe(c.right().point()) + ")");
        Trace t = c.left().analysis().trace();
        String layers =
                c.sameContentLayer()
                        ? String.format(
                                Locale.ROOT,
                                "%,d sector%s differ%s in %,d run%s",
                                c.differingSectors(),
                                c.differingSectors() == 1 ? "" : "s",
                                c.differingSectors() == 1 ? "s" : "",
                                c.sectors().size(),
                                c.sectors().size() == 1 ? "" : "s")
                        : "A and B take their contents from different layers ("
                                + layerId(t, c.left().contentLayer())
                                + " and "
                                + layerId(t, c.right().contentLayer())
                                + "): their sectors are not compared";
        summary.setText(
                layers
                        + String.format(
                                Locale.ROOT,
                                "; %,d write%s change%s state.",
                                c.states().size(),
                                c.states().size() == 1 ? "" : "s",
                                c.states().size() == 1 ? "s" : ""));
        sectors.getItems().setAll(c.sectors());
        states.getItems().setAll(c.states());
    }

    private static String layerId(Trace t, int layer) {
        return layer < 0 ? "none" : t.layers().get(layer).id();
    }

    private SplitPane tables() {
        sectors.setId("compare-sectors");
        TableColumn<CrashComparison.SectorDifference, String> dev = new TableColumn<>("Device");
        dev.setCellValueFactory(
                d ->
                        new SimpleStringProperty(
                                comparison.get() == null
                                        ? ""
                                        : comparison
                                                .get()
                                                .left()
                                                .sectors()
                                                .deviceOf(d.getValue().domain())));
        TableColumn<CrashComparison.SectorDifference, String> range = new TableColumn<>("Sectors");
        range.setCellValueFactory(
                d ->
                        new SimpleStringProperty(
                                String.format(
                                        Locale.ROOT,
                                        "%,d – %,d",
                                        d.getValue().from(),
                                        d.getValue().to() - 1)));
        TableColumn<CrashComparison.SectorDifference, String> a = new TableColumn<>("A may hold");
        a.setCellValueFactory(
                d ->
                        new SimpleStringProperty(
                                BlockMapView.candidates(trace(), d.getValue().left())));
        a.setPrefWidth(300);
        TableColumn<CrashComparison.SectorDifference, String> b = new TableColumn<>("B may hold");
        b.setCellValueFactory(
                d ->
                        new SimpleStringProperty(
                                BlockMapView.candidates(trace(), d.getValue().right())));
        b.setPrefWidth(300);
        sectors.getColumns().addAll(java.util.List.of(dev, range, a, b));
        sectors.setPlaceholder(new Label("No sector differs (or nothing compared yet)."));
        sectors.setRowFactory(
                tv -> {
                    TableRow<CrashComparison.SectorDifference> row = new TableRow<>();
                    row.setOnMouseClicked(
                            e -> {
                                if (!row.isEmpty()) {
                                    Navigate.showRequest(timeline, newest(row.getItem()));
                                }
                            });
                    return row;
                });
        states.setId("compare-states");
        TableColumn<CrashComparison.StateDifference, String> w = new TableColumn<>("Write");
        w.setCellValueFactory(
                d ->
                        new SimpleStringProperty(
                                RequestDescription.name(trace(), d.getValue().row())));
        w.setPrefWidth(220);
        TableColumn<CrashComparison.StateDifference, String> sa = new TableColumn<>("A");
        sa.setCellValueFactory(
                d ->
                        new SimpleStringProperty(
                                d.getValue().left() == null ? "" : d.getValue().left().jsonName()));
        TableColumn<CrashComparison.StateDifference, String> sb = new TableColumn<>("B");
        sb.setCellValueFactory(
                d ->
                        new SimpleStringProperty(
                                d.getValue().right() == null
                                        ? ""
                                        : d.getValue().right().jsonName()));
        states.getColumns().addAll(java.util.List.of(w, sa, sb));
        states.setPlaceholder(new Label("No write changes state."));
        states.setRowFactory(
                tv -> {
                    TableRow<CrashComparison.StateDifference> row = new TableRow<>();
                    row.setOnMouseClicked(
                            e -> {
                                if (!row.isEmpty()) {
                                    Navigate.showRequest(timeline, row.getItem().row());
                                }
                            });
                    return row;
                });
        VBox left = new VBox(2, new Label("Sectors whose possible contents differ"), sectors);
        VBox right = new VBox(2, new Label("Writes whose state differs"), states);
        VBox.setVgrow(sectors, Priority.ALWAYS);
        VBox.setVgrow(states, Priority.ALWAYS);
        SplitPane split = new SplitPane(left, right);
        split.setDividerPositions(0.62);
        return split;
    }

    private Trace trace() {
        return timeline.trace();
    }

    /** The newest write either side may hold there (to show on the timeline), or -1. */
    private static int newest(CrashComparison.SectorDifference d) {
        int best = -1;
        for (int[] side : new int[][] {d.left(), d.right()}) {
            for (int x : side) {
                best = Math.max(best, x);
            }
        }
        return best;
    }
}
