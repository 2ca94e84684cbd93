package dev.orderlens.ui;

import dev.orderlens.analysis.FindingGroups;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Findings side tab: the crossing and overtaking pairs grouped per flush, process or 1 MiB
 * range and ranked as {@code analyze --group-by} ranks them (ADR 0202: groups with crossings a
 * later durable write depends on first), with their counts. A click on a group highlights its
 * writes, selects the first and zooms to their span. Grouping runs off the FX thread; only the
 * newest trace's and choice's groups are shown.
 */
final class FindingGroupsPane extends VBox {
    private final TimelineViewModel timeline;
    private final Executor background;
    private final Executor fx;
    private final ObservableList<FindingGroups.Group> items = FXCollections.observableArrayList();
    private final TableView<FindingGroups.Group> table = new TableView<>(items);
    private final ChoiceBox<FindingGroups.By> by = new ChoiceBox<>();
    private final Label summary = new Label();
    private final Tab tab = new Tab("Findings", this);
    private int generation;

    FindingGroupsPane(TimelineViewModel timeline, Executor background, Executor fx) {
        this.timeline = timeline;
        this.background = background;
        this.fx = fx;
        setId("finding-groups");
        tab.setId("finding-groups-tab");
        setSpacing(6);
        setPadding(new Insets(8));

        by.getItems().setAll(FindingGroups.By.values());
        by.setValue(FindingGroups.By.FLUSH);
        by.setId("finding-groups-by");
        by.setConverter(
                new javafx.util.StringConverter<>() {
                    @Override
                    public String toString(FindingGroups.By b) {
                        return b == null ? "" : "by " + b.jsonName();
                    }

                    @Override
                    public FindingGroups.By fromString(String s) {
                        return FindingGroups.By.parse(s.replace("by ", ""));
                    }
                });
        by.valueProperty().addListener((o, a, b) -> regroup());
        summary.setId("finding-groups-summary");
        summary.setWrapText(true);

        table.getColumns()
                .setAll(
                        List.of(
                                column("group", 220, g -> g.key()),
                                column("depended on", 90, g -> count(g.dependedOn())),
                                column("crossing", 70, g -> count(g.crossing())),
                                column("overtaking", 80, g -> count(g.overtaking())),
                                column("writes", 60, g -> count(g.writes()))));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No crossing or overtaking writes."));
        table.setId("finding-groups-table");
        table.setRowFactory(
                t -> {
                    TableRow<FindingGroups.Group> row = new TableRow<>();
                    row.setOnMouseClicked(
                            e -> {
                                if (!row.isEmpty()) {
                                    show(row.getItem());
                                }
                            });
                    return row;
                });
        table.setOnKeyPressed(
                e -> {
                    FindingGroups.Group g = table.getSelectionModel().getSelectedItem();
                    if (g != null && e.getCode() == KeyCode.ENTER) {
                        show(g);
                    }
                });
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(new HBox(6, by), summary, table);

        timeline.findingsProperty().addListener((o, a, b) -> regroup());
    }

    Tab tab() {
        return tab;
    }

    /** The groups on screen, ranked. */
    List<FindingGroups.Group> groups() {
        return List.copyOf(items);
    }

    /** Highlights a group's writes, selects the first and zooms the lanes to their span. */
    void show(FindingGroups.Group g) {
        Trace t = timeline.trace();
        if (t == null || g.rows().length == 0) {
            return;
        }
        timeline.highlight(g.rows(), g.key());
        Requests r = t.requests();
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (int row : g.rows()) {
            start = Math.min(start, r.submit(row));
            long done = r.complete(row) != Time.NONE ? r.complete(row) : r.submit(row);
            end = Math.max(end, done);
        }
        if (g.flush() >= 0) { // the flush the group is about belongs in the view
            start = Math.min(start, r.submit(g.flush()));
            long done = r.complete(g.flush());
            end = Math.max(end, done != Time.NONE ? done : r.submit(g.flush()));
        }
        timeline.selectAndReveal(g.rows()[0]);
        long pad = Math.max(TimelineViewModel.MIN_SPAN_NS, end - start) / 10;
        timeline.goTo(start - pad, end + pad);
    }

    private void regroup() {
        int mine = ++generation;
        Trace t = timeline.trace();
        OrderingFindings f = timeline.findingsProperty().get();
        FindingGroups.By how = by.getValue();
        if (t == null || f == null) {
            items.clear();
            summary.setText("");
            return;
        }
        background.execute(
                () -> {
                    FindingGroups g = FindingGroups.of(t, f, how);
                    fx.execute(
                            () -> {
                                if (mine == generation) {
                                    items.setAll(g.groups());
                                    summary.setText(g.text());
                                }
                            });
                });
    }

    private static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }

    private static TableColumn<FindingGroups.Group, String> column(
            String name, double width, java.util.function.Function<FindingGroups.Group, String> f) {
        TableColumn<FindingGroups.Group, String> c = new TableColumn<>(name);
        c.setCellValueFactory(x -> new ReadOnlyStringWrapper(f.apply(x.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false); // the ranking is the order
        return c;
    }
}
