package dev.orderlens.ui;

import dev.orderlens.analysis.BlockMap;
import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CrashKind;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashReport;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.CrashStates;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.analysis.Tearing;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.layout.Palette;
import dev.orderlens.layout.RequestDescription;
import dev.orderlens.layout.TimeRangeInput;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

/**
 * The crash pane under the lanes: the crash point's controls (tool, exact time, kind, cache mode,
 * tearing), the counts, the block map, and tabs with the at-risk writes (filterable, sortable, each
 * with its reason), the promise violations and lost predecessors ("show on timeline"), and the
 * crash-state count with a few sample states. The counts follow every result at once; the heavier
 * parts are computed off the FX thread for the newest result only.
 */
final class CrashPane extends BorderPane {
    /** Sample crash states listed. */
    static final int SAMPLE_STATES = 8;

    /** One at-risk write in the table: the report's row, with the text the filter searches. */
    record AtRisk(CrashReport.Write write, String searchable) {
        static AtRisk of(CrashReport.Write w) {
            return new AtRisk(
                    w,
                    (w.name()
                                    + " "
                                    + w.layer()
                                    + " "
                                    + w.op()
                                    + " "
                                    + w.state().jsonName()
                                    + " "
                                    + (w.dataTag() == null ? "" : w.dataTag()))
                            .toLowerCase(Locale.ROOT));
        }

        int row() {
            return write.row();
        }
    }

    /** What is computed per result in the background. */
    record Details(
            CrashReport report,
            BlockMap map,
            List<AtRisk> atRisk,
            List<CrashStates.CrashState> states) {}

    private final CrashViewModel crash;

    /** Each disk's cache mode, inferred or set, and a menu to set one. */
    final DiskModesButton diskModes;

    private final TimelineViewModel timeline;
    private final Latest detailsTask;
    private final IntConsumer why;
    private final ReadOnlyObjectWrapper<Details> details =
            new ReadOnlyObjectWrapper<>(this, "details");
    private final ReadOnlyStringWrapper countsText =
            new ReadOnlyStringWrapper(this, "countsText", "");

    final ToggleButton tool = new ToggleButton("Crash tool");
    final TextField time = new TextField();
    final ComboBox<CrashKind> kind =
            new ComboBox<>(FXCollections.observableArrayList(CrashKind.values()));
    final ComboBox<CacheMode> cacheMode =
            new ComboBox<>(FXCollections.observableArrayList(CacheMode.values()));
    final ComboBox<Tearing> tearing =
            new ComboBox<>(FXCollections.observableArrayList(Tearing.values()));
    private final Button remove = new Button("Remove");
    private final Map<WriteState, Label> counts = new EnumMap<>(WriteState.class);
    private final Label statesCount = new Label();
    private final Label hint = new Label();
    final BlockMapView blockMap;
    private final Label blockInfo = new Label();
    private final ObservableList<AtRisk> atRiskRows = FXCollections.observableArrayList();
    private final FilteredList<AtRisk> filtered = new FilteredList<>(atRiskRows);
    final TableView<AtRisk> table = new TableView<>();
    final TextField filter = new TextField();
    private final Label tableCount = new Label();
    private final VBox promises = new VBox(4);
    private final VBox statesBox = new VBox(4);
    private final Tab atRiskTab = new Tab("At risk");
    private final Tab promisesTab = new Tab("Promises");
    private boolean updatingControls;

    CrashPane(
            CrashViewModel crash,
            TimelineViewModel timeline,
            Executor detailsWorker,
            Executor fx,
            IntConsumer why) {
        this.crash = crash;
        this.diskModes = new DiskModesButton(crash);
        this.timeline = timeline;
        // the block map and tables skip intermediate results of a drag: only the newest is shown
        this.detailsTask = new Latest(detailsWorker, fx, Latest.Show.NEWEST_ONLY);
        this.why = why;
        setId("crash-pane");
        getStyleClass().add("crash-pane");
        blockMap = new BlockMapView(timeline.darkProperty(), detailsWorker, fx);
        blockMap.setOnPick(row -> Navigate.showRequest(timeline, row));
        blockMap.hoverTextProperty()
                .addListener(
                        (o, a, b) -> blockInfo.setText(b == null || b.isEmpty() ? blockHint() : b));
        blockInfo.setText(blockHint());
        setTop(new VBox(4, controls(), countsRow()));
        setCenter(body());
        crash.pointProperty().addListener((o, a, b) -> showPoint(b));
        crash.resultProperty().addListener((o, a, b) -> showResult(b));
        crash.countsProperty().addListener((o, a, b) -> showCounts(b));
        crash.analysisProperty().addListener((o, a, b) -> showPoint(crash.point()));
        crash.preparingProperty().addListener((o, a, b) -> showPoint(crash.point()));
        showPoint(null);
        showCounts(null);
        showResult(null);
    }

    /** The line under the controls (no point yet, preparing, a typed time's error) (tests). */
    String hintText() {
        return hint.getText();
    }

    /** The headers of the at-risk and promises tabs (tests). */
    String tabHeaders() {
        return atRiskTab.getText() + " / " + promisesTab.getText();
    }

    /** The newest computed details (block map, at-risk rows, states), or null. */
    javafx.beans.property.ReadOnlyObjectProperty<Details> detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** "durable 8 · volatile 4 · …" as shown (tests compare it with the analysis). */
    String countsText() {
        return countsText.get();
    }

    Label countLabel(WriteState s) {
        return counts.get(s);
    }

    Label statesLabel() {
        return statesCount;
    }

    VBox promisesBox() {
        return promises;
    }

    VBox statesBox() {
        return statesBox;
    }

    private static String blockHint() {
        return "Sectors the writes touched (// = untouched, elided). Hover: what a sector may hold; click: show its write.";
    }

    // ---- controls ----

    private Node controls() {
        tool.setId("crash-tool");
        tool.setTooltip(
                new Tooltip(
                        "Crash tool: click or drag on the lanes to put the crash point there.\n"
                                + "Without it, drag the crash marker itself. Keys on the lanes: K crash here, Shift+K remove, , . nudge (Shift: 10 px)"));
        time.setId("crash-time");
        time.setPromptText("time, e.g. 0.00049 or 490us");
        time.setPrefColumnCount(10);
        time.setOnAction(e -> applyTypedTime());
        time.focusedProperty()
                .addListener(
                        (o, a, b) -> {
                            if (!b) {
                                showPoint(crash.point());
                            }
                        });
        kind.setId("crash-kind");
        kind.setConverter(DisplayNames.of(CrashKind::jsonName));
        kind.setTooltip(
                new Tooltip(
                        "What crashed: the power (only stable media survives), QEMU (the host kernel keeps what it has), "
                                + "or the guest (the virtqueue still completes)"));
        cacheMode.setId("crash-cache-mode");
        cacheMode.setConverter(DisplayNames.of(m -> "cache=" + m.jsonName()));
        cacheMode.setTooltip(
                new Tooltip(
                        "QEMU's cache mode: what a completion and a flush promise at the guest, virtio and host layers"));
        tearing.setId("crash-tearing");
        tearing.setConverter(DisplayNames.of(t -> "tearing: " + t.jsonName()));
        tearing.setTooltip(new Tooltip("How an uncertain write may land in part"));
        kind.valueProperty()
                .addListener(
                        (o, a, b) -> {
                            if (!updatingControls && b != null) {
                                crash.setKind(b);
                            }
                        });
        cacheMode
                .valueProperty()
                .addListener(
                        (o, a, b) -> {
                            if (!updatingControls && b != null) {
                                crash.setCacheMode(b);
                                diskModes.refresh();
                            }
                        });
        tearing.valueProperty()
                .addListener(
                        (o, a, b) -> {
                            if (!updatingControls && b != null) {
                                crash.setTearing(b);
                            }
                        });
        remove.setId("crash-clear");
        remove.setOnAction(e -> crash.clear());
        Label at = new Label("Crash at");
        hint.getStyleClass().add("hint");
        hint.setMinWidth(0);
        hint.setWrapText(true);
        cacheMode.setPromptText("cache per disk");
        FlowPane row =
                new FlowPane(
                        6,
                        4,
                        tool,
                        at,
                        time,
                        new Label("s"),
                        kind,
                        cacheMode,
                        diskModes,
                        tearing,
                        remove);
        row.setAlignment(Pos.CENTER_LEFT);
        for (Node n : row.getChildren()) {
            if (n instanceof Region r && !(n instanceof TextField)) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        VBox box = new VBox(2, row, hint);
        box.setPadding(new Insets(4, 4, 0, 4));
        hint.managedProperty().bind(hint.textProperty().isNotEmpty());
        return box;
    }

    private void applyTypedTime() {
        String text = time.getText();
        try {
            long ns = TimeRangeInput.parseTime(text);
            time.getStyleClass().remove("invalid");
            crash.setTime(ns);
            // shown in the field's own unit (seconds, the label after it), not as typed ("3ms s")
            time.setText(Time.formatSeconds(ns));
            hint.setText("");
        } catch (IllegalArgumentException ex) {
            if (!time.getStyleClass().contains("invalid")) {
                time.getStyleClass().add("invalid");
            }
            hint.setText(ex.getMessage());
        }
    }

    private Node countsRow() {
        FlowPane row = new FlowPane(14, 2);
        for (WriteState s : CrashReport.STATES) {
            Label l = new Label();
            l.setId("count-" + s.jsonName());
            Rectangle swatch = new Rectangle(11, 11);
            swatch.fillProperty()
                    .bind(
                            javafx.beans.binding.Bindings.createObjectBinding(
                                    () ->
                                            fxColour(
                                                    (timeline.darkProperty().get()
                                                                    ? Palette.DARK
                                                                    : Palette.LIGHT)
                                                            .state(s)),
                                    timeline.darkProperty()));
            l.setGraphic(swatch);
            counts.put(s, l);
            row.getChildren().add(l);
        }
        statesCount.setId("crash-states");
        row.getChildren().add(statesCount);
        row.setPadding(new Insets(0, 0, 0, 2));
        return row;
    }

    static javafx.scene.paint.Color fxColour(int argb) {
        return javafx.scene.paint.Color.rgb(
                (argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff, (argb >>> 24) / 255.0);
    }

    private Node body() {
        Button zoomIn = new Button("+");
        zoomIn.setTooltip(new Tooltip("Zoom the block map in (Ctrl+wheel)"));
        zoomIn.setOnAction(e -> blockMap.zoomBy(2));
        Button zoomOut = new Button("−");
        zoomOut.setTooltip(new Tooltip("Zoom the block map out"));
        zoomOut.setOnAction(e -> blockMap.zoomBy(0.5));
        Button fit = new Button("Fit");
        fit.setTooltip(new Tooltip("Fit the block map"));
        fit.setOnAction(e -> blockMap.fit());
        zoomIn.setId("block-map-zoom-in");
        zoomOut.setId("block-map-zoom-out");
        blockInfo.getStyleClass().add("hint");
        blockInfo.setMinWidth(0);
        blockInfo.setId("block-map-info");
        Label title = new Label("Block map");
        title.getStyleClass().add("details-heading");
        for (Region r : new Region[] {title, zoomOut, fit, zoomIn}) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox mapBar = new HBox(4, title, zoomOut, fit, zoomIn);
        mapBar.setAlignment(Pos.CENTER_LEFT);
        blockInfo.setMinHeight(18);
        blockInfo.setPrefHeight(18);
        blockInfo.setMaxWidth(Double.MAX_VALUE);
        blockInfo.setTooltip(new Tooltip(blockHint()));
        VBox mapBox = new VBox(4, mapBar, blockMap, blockInfo);
        mapBox.setPadding(new Insets(2, 0, 2, 4));
        VBox.setVgrow(blockMap, Priority.ALWAYS);

        atRiskTab.setContent(atRiskTable());
        atRiskTab.setId("at-risk-tab");
        ScrollPane promisesScroll = new ScrollPane(promises);
        promisesScroll.setFitToWidth(true);
        promises.setPadding(new Insets(6));
        promisesTab.setContent(promisesScroll);
        ScrollPane statesScroll = new ScrollPane(statesBox);
        statesScroll.setFitToWidth(true);
        statesBox.setPadding(new Insets(6));
        Tab statesTab = new Tab("Crash states", statesScroll);
        TabPane tabs = new TabPane(atRiskTab, promisesTab, statesTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("crash-tabs");
        SplitPane split = new SplitPane(mapBox, tabs);
        split.setDividerPositions(0.42);
        return split;
    }

    private Node atRiskTable() {
        table.setId("at-risk-table");
        TableColumn<AtRisk, String> id = new TableColumn<>("Write");
        id.setCellValueFactory(
                c -> new javafx.beans.property.SimpleStringProperty(c.getValue().write().name()));
        id.setPrefWidth(110);
        TableColumn<AtRisk, String> layer = new TableColumn<>("Layer");
        layer.setCellValueFactory(
                c -> new javafx.beans.property.SimpleStringProperty(c.getValue().write().layer()));
        TableColumn<AtRisk, String> op = new TableColumn<>("Op");
        op.setCellValueFactory(
                c -> new javafx.beans.property.SimpleStringProperty(c.getValue().write().op()));
        TableColumn<AtRisk, Number> sectors = new TableColumn<>("Sectors");
        sectors.setCellValueFactory(
                c -> new javafx.beans.property.SimpleLongProperty(c.getValue().write().sector()));
        sectors.setCellFactory(
                col ->
                        new javafx.scene.control.TableCell<>() {
                            @Override
                            protected void updateItem(Number item, boolean empty) {
                                super.updateItem(item, empty);
                                AtRisk r =
                                        empty || getTableRow() == null
                                                ? null
                                                : getTableRow().getItem();
                                setText(r == null ? null : r.write().sectors());
                            }
                        });
        TableColumn<AtRisk, String> state = new TableColumn<>("State");
        state.setCellValueFactory(
                c ->
                        new javafx.beans.property.SimpleStringProperty(
                                c.getValue().write().state().jsonName()));
        TableColumn<AtRisk, String> reason = new TableColumn<>("Why");
        reason.setSortable(false); // computed per visible row only
        reason.setCellValueFactory(
                c -> {
                    CrashReport r = details.get() == null ? null : details.get().report();
                    return new javafx.beans.property.SimpleStringProperty(
                            r == null ? "" : r.reasonLine(c.getValue().row()));
                });
        reason.setPrefWidth(900);
        reason.setCellFactory(
                col ->
                        new javafx.scene.control.TableCell<>() {
                            private final Tooltip tip = new Tooltip();

                            {
                                tip.setWrapText(true);
                                tip.setMaxWidth(640);
                            }

                            @Override
                            protected void updateItem(String item, boolean empty) {
                                super.updateItem(item, empty);
                                setText(empty ? null : item);
                                AtRisk a =
                                        empty || getTableRow() == null
                                                ? null
                                                : getTableRow().getItem();
                                CrashReport r =
                                        details.get() == null ? null : details.get().report();
                                // the row shows the deciding step; the tooltip the whole chain
                                tip.setText(a == null || r == null ? item : r.chainText(a.row()));
                                setTooltip(empty || item == null || item.isEmpty() ? null : tip);
                            }
                        });
        table.getColumns().addAll(List.of(id, layer, op, sectors, state, reason));
        SortedList<AtRisk> sorted = new SortedList<>(filtered);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setPlaceholder(new Label("No write is at risk at this crash point."));
        table.setRowFactory(
                tv -> {
                    TableRow<AtRisk> row = new TableRow<>();
                    row.setOnMouseClicked(
                            e -> {
                                if (!row.isEmpty()) {
                                    Navigate.showRequest(timeline, row.getItem().row());
                                    if (e.getClickCount() == 2) {
                                        why.accept(row.getItem().row());
                                    }
                                }
                            });
                    return row;
                });
        table.setOnKeyPressed(
                e -> {
                    AtRisk sel = table.getSelectionModel().getSelectedItem();
                    if (sel != null && e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                        Navigate.showRequest(timeline, sel.row());
                        why.accept(sel.row());
                    }
                });
        filter.setId("at-risk-filter");
        filter.setPromptText("Filter: id, layer, op, state, data tag");
        filter.textProperty()
                .addListener(
                        (o, a, b) -> {
                            String q = b == null ? "" : b.trim().toLowerCase(Locale.ROOT);
                            filtered.setPredicate(
                                    q.isEmpty() ? null : r -> r.searchable().contains(q));
                            showTableCount();
                        });
        HBox.setHgrow(filter, Priority.ALWAYS);
        tableCount.getStyleClass().add("hint");
        tableCount.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(6, filter, tableCount);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(4, bar, table);
        box.setPadding(new Insets(4));
        VBox.setVgrow(table, Priority.ALWAYS);
        return box;
    }

    private void showTableCount() {
        tableCount.setText(
                filtered.size() == atRiskRows.size()
                        ? String.format("%,d at risk", atRiskRows.size())
                        : String.format("%,d of %,d", filtered.size(), atRiskRows.size()));
    }

    // ---- following the view model ----

    private void showPoint(CrashPoint p) {
        updatingControls = true;
        try {
            boolean none = p == null;
            if (!time.isFocused()) {
                time.setText(none ? "" : Time.formatSeconds(p.atNs()));
            }
            CrashPoint shown = none ? crash.defaultPoint(0) : p;
            kind.setValue(shown.kind());
            cacheMode.setValue(shown.cacheModes().uniform());
            tearing.setValue(shown.tearing());
            // the choices stay usable without a point: they apply to the next one dropped
            boolean noTrace = timeline.trace() == null;
            kind.setDisable(noTrace);
            cacheMode.setDisable(noTrace);
            tearing.setDisable(noTrace);
            remove.setDisable(none);
            if (none) {
                hint.setText(
                        crash.preparingProperty().get()
                                ? "preparing the crash analysis…"
                                : timeline.trace() == null
                                        ? ""
                                        : "No crash point: press K on the lanes, use the crash tool, or type a time.");
            } else if (hint.getText().startsWith("No crash point")
                    || hint.getText().startsWith("preparing")) {
                hint.setText("");
            }
        } finally {
            updatingControls = false;
        }
    }

    /** The chips follow every answer, also a drag's looked-up states before its full result. */
    private void showCounts(int[] perState) {
        for (Map.Entry<WriteState, Label> e : counts.entrySet()) {
            e.getValue()
                    .setText(
                            e.getKey().jsonName()
                                    + " "
                                    + (perState == null
                                            ? "–"
                                            : String.format(
                                                    "%,d", perState[e.getKey().ordinal()])));
        }
    }

    private void showResult(CrashResult r) {
        if (r == null) {
            detailsTask.cancel();
            statesCount.setText("");
            countsText.set("");
            details.set(null);
            atRiskTab.setText("At risk");
            promisesTab.setText("Promises");
            atRiskRows.clear();
            showTableCount();
            blockMap.mapProperty().set(null);
            promises.getChildren()
                    .setAll(
                            hintLabel(
                                    "Promise violations and lost predecessors show here at a crash point."));
            statesBox.getChildren().clear();
            return;
        }
        statesCount.setText("· " + CrashReport.of(r, null).statesText());
        StringBuilder sb = new StringBuilder();
        for (WriteState s : WriteState.values()) {
            sb.append(sb.length() == 0 ? "" : ", ")
                    .append(s.countName())
                    .append('=')
                    .append(r.count(s));
        }
        countsText.set(sb.append(", uncertainWrites=").append(r.uncertainWrites()).toString());
        OrderingFindings findings = timeline.findingsProperty().get();
        detailsTask.submit(
                "Could not compute the crash details",
                () -> computeDetails(r, findings),
                this::install,
                hint::setText);
    }

    private static Details computeDetails(CrashResult r, OrderingFindings findings) {
        CrashReport report = CrashReport.of(r, findings);
        List<AtRisk> atRisk = new ArrayList<>();
        for (CrashReport.Write w : report.atRisk(Integer.MAX_VALUE)) {
            atRisk.add(AtRisk.of(w));
        }
        Details d = new Details(report, BlockMap.of(r), atRisk, r.states(SAMPLE_STATES));
        // the violations and lost predecessors are cached in the result: compute them here, not on
        // the FX thread
        r.promiseViolations();
        r.lostPredecessors();
        return d;
    }

    private void install(Details d) {
        details.set(d);
        atRiskRows.setAll(d.atRisk());
        showTableCount();
        atRiskTab.setText("At risk (" + String.format("%,d", d.atRisk().size()) + ")");
        blockMap.mapProperty().set(d.map());
        showPromises(d.report());
        showStates(d);
    }

    private Label hintLabel(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("hint");
        l.setWrapText(true);
        return l;
    }

    private Node showLink(int row) {
        Hyperlink show = new Hyperlink("show on timeline");
        show.setOnAction(e -> Navigate.showRequest(timeline, row));
        return show;
    }

    private void showPromises(CrashReport r) {
        Trace t = r.trace();
        List<Node> nodes = new ArrayList<>();
        int nv = r.violationCount();
        int nl = r.lostPredecessorCount();
        promisesTab.setText("Promises (" + (nv + nl) + ")");
        Label vh =
                new Label(
                        "Promise violations (" + nv + "): told durable, not durable at this crash");
        vh.getStyleClass().add("details-heading");
        nodes.add(vh);
        if (nv == 0) {
            nodes.add(hintLabel(CrashReport.NO_VIOLATIONS));
        }
        for (CrashReport.Violation pv : r.violations(CrashReport.PANE_ROWS)) {
            int row = pv.write().row();
            Label what =
                    new Label(
                            RequestDescription.name(t, row)
                                    + " — broken below, at the "
                                    + pv.belowLayer()
                                    + " layer");
            what.setWrapText(true);
            Hyperlink whyLink = new Hyperlink("why?");
            whyLink.setOnAction(e -> why.accept(row));
            HBox line = new HBox(6, what, showLink(row), whyLink);
            line.setAlignment(Pos.CENTER_LEFT);
            line.getStyleClass().add("violation");
            nodes.add(line);
        }
        String more = CrashReport.more(nv, CrashReport.PANE_ROWS, "promise violations");
        if (more != null) {
            nodes.add(hintLabel(more));
        }
        Label lh =
                new Label(
                        "Lost predecessors ("
                                + nl
                                + "): may survive while an earlier write may not");
        lh.getStyleClass().add("details-heading");
        nodes.add(lh);
        if (nl == 0) {
            nodes.add(hintLabel(CrashReport.NO_LOST_PREDECESSORS));
        }
        for (CrashReport.LostPredecessor l : r.lostPredecessors(CrashReport.PANE_ROWS)) {
            int row = l.write().row();
            int pred = l.predecessor().row();
            Label what =
                    new Label(
                            RequestDescription.name(t, row)
                                    + " may survive while "
                                    + RequestDescription.name(t, pred)
                                    + (l.predecessors() > 1
                                            ? " (and " + (l.predecessors() - 1) + " more)"
                                            : "")
                                    + " may not");
            what.setWrapText(true);
            Hyperlink showPred = new Hyperlink("show predecessor");
            showPred.setOnAction(e -> Navigate.showRequest(timeline, pred));
            HBox line = new HBox(6, what, showLink(row), showPred);
            line.setAlignment(Pos.CENTER_LEFT);
            nodes.add(line);
        }
        more = CrashReport.more(nl, CrashReport.PANE_ROWS, "lost predecessors");
        if (more != null) {
            nodes.add(hintLabel(more));
        }
        promises.getChildren().setAll(nodes);
    }

    private void showStates(Details d) {
        CrashResult r = d.report().result();
        Trace t = r.analysis().trace();
        List<Node> nodes = new ArrayList<>();
        int content = r.contentLayer();
        Label head =
                new Label(
                        String.format(
                                Locale.ROOT,
                                "%s %s",
                                d.report().statesText(),
                                content < 0
                                        ? ""
                                        : "— what the "
                                                + t.layers().get(content).id()
                                                + " layer's uncertain writes may leave on media"));
        head.setWrapText(true);
        head.getStyleClass().add("details-heading");
        nodes.add(head);
        if (r.uncertainWrites() == 0) {
            nodes.add(
                    hintLabel(
                            "One state only: every write is certain to survive or certain to be gone."));
        }
        int i = 0;
        for (CrashStates.CrashState s : d.states()) {
            Label l = new Label(++i + ". " + describeState(t, s));
            l.setWrapText(true);
            nodes.add(l);
        }
        if (r.log2States() > Math.log(d.states().size()) / Math.log(2) + 1e-9) {
            nodes.add(
                    hintLabel(
                            "(the first "
                                    + d.states().size()
                                    + "; atomic outcomes first, then torn writes — "
                                    + "`orderlens analyze --states N` lists more)"));
        }
        statesBox.getChildren().setAll(nodes);
    }

    static String describeState(Trace t, CrashStates.CrashState s) {
        StringBuilder sb = new StringBuilder();
        if (s.persisted().length == 0 && s.torn().isEmpty()) {
            return "none of the uncertain writes persisted";
        }
        if (s.persisted().length > 0) {
            sb.append("persisted: ");
            for (int k = 0; k < s.persisted().length; k++) {
                sb.append(k == 0 ? "" : ", ").append(RequestDescription.name(t, s.persisted()[k]));
            }
        }
        for (CrashStates.Torn torn : s.torn()) {
            sb.append(sb.length() == 0 ? "" : "; ")
                    .append("torn: ")
                    .append(RequestDescription.name(t, torn.row()))
                    .append(" sectors");
            for (long[] range : torn.persisted()) { // {first sector, count}
                sb.append(' ').append(range[0]).append('–').append(range[0] + range[1] - 1);
            }
            if (!torn.garbage().isEmpty()) {
                sb.append(", garbage in");
                for (long[] range : torn.garbage()) {
                    sb.append(' ').append(range[0]).append('–').append(range[0] + range[1] - 1);
                }
            }
        }
        return sb.toString();
    }
}
