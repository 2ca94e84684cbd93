package dev.orderlens.ui;

import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.layout.RequestDescription;
import dev.orderlens.layout.TimelineModel;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.geometry.Insets;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Everything about the selected request: every field, its findings, the related requests in other
 * layers (click to select), and its raw source lines read back from the file.
 */
final class DetailsPane extends ScrollPane {
    private final TimelineViewModel vm;

    /** Source-line reads: selecting another request drops the previous read. */
    private final Latest sourceReads;

    private final VBox box = new VBox(8);
    private final TextArea source = new TextArea();
    private int shownRow = -2;

    /**
     * Extra controls for a request (the crash explorer's "Why?", the statistics' waterfall link).
     */
    private final java.util.List<java.util.function.IntFunction<javafx.scene.Node>> extras =
            new java.util.ArrayList<>();

    DetailsPane(TimelineViewModel vm, Executor background, Executor fx) {
        this.vm = vm;
        this.sourceReads = new Latest(background, fx, Latest.Show.NEWEST_ONLY);
        setId("details");
        box.setPadding(new Insets(12));
        box.getStyleClass().add("details");
        setContent(box);
        setFitToWidth(true);
        source.setEditable(false);
        source.setWrapText(true);
        source.setId("source-lines");
        source.getStyleClass().add("source-lines");
        source.setPrefRowCount(6);
        vm.selectedProperty().addListener((o, a, b) -> show());
        vm.findingsProperty()
                .addListener(
                        (o, a, b) -> {
                            shownRow = -2;
                            show();
                        });
        vm.traceProperty().addListener((o, a, b) -> show());
        show();
    }

    /**
     * Adds a node under the fields of every request shown (null from the function: nothing), after
     * those added before.
     */
    void addExtra(java.util.function.IntFunction<javafx.scene.Node> f) {
        extras.add(f);
        shownRow = -2;
        show();
    }

    /** The source-lines area, for tests. */
    TextArea sourceArea() {
        return source;
    }

    /** Text of every label and link, for tests and accessibility checks. */
    String text() {
        StringBuilder sb = new StringBuilder();
        for (javafx.scene.Node n : box.getChildrenUnmodifiable()) {
            if (n instanceof javafx.scene.control.Labeled l) {
                sb.append(l.getText()).append('\n');
            } else if (n instanceof GridPane g) {
                g.getChildren()
                        .forEach(
                                c ->
                                        sb.append(((javafx.scene.control.Labeled) c).getText())
                                                .append('\n'));
            }
        }
        return sb.toString();
    }

    private void show() {
        int row = vm.selected();
        Trace t = vm.trace();
        if (row == shownRow && t != null) {
            return;
        }
        shownRow = row;
        box.getChildren().clear();
        if (t == null || row < 0) {
            Label hint =
                    new Label(
                            t == null
                                    ? "No trace open."
                                    : "Click a request to see its details.\n\n"
                                            + "Keys: + − zoom, ← → pan, Home End, F fit, Z zoom to selection, [ ] previous/next in the row, "
                                            + "C collapse its layer, Esc clear.");
            hint.setWrapText(true);
            hint.getStyleClass().add("hint");
            box.getChildren().add(hint);
            return;
        }
        OrderingFindings f = vm.findingsProperty().get();
        Label title = new Label(RequestDescription.name(t, row));
        title.getStyleClass().add("details-title");
        title.setWrapText(true);
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(3);
        int r = 0;
        for (RequestDescription.Field field : RequestDescription.fields(t, f, row)) {
            Label k = new Label(field.label());
            k.getStyleClass().add("field-name");
            k.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            Label v = new Label(field.value());
            v.setWrapText(true);
            v.getStyleClass().add("field-value");
            grid.addRow(r++, k, v);
        }
        box.getChildren().addAll(title, grid);
        for (java.util.function.IntFunction<javafx.scene.Node> extra : extras) {
            javafx.scene.Node more = extra.apply(row);
            if (more != null) {
                box.getChildren().add(more);
            }
        }
        TimelineModel m = vm.model();
        if (m != null) {
            int[] related = m.related(row, 200);
            if (related.length > 0) {
                box.getChildren().add(heading("Related requests (" + related.length + ")"));
                Requests req = t.requests();
                for (int other : related) {
                    String rel =
                            req.parent(row) == other
                                    ? "parent"
                                    : req.parent(other) == row ? "child" : "same origin";
                    Hyperlink link =
                            new Hyperlink(
                                    RequestDescription.name(t, other)
                                            + " · "
                                            + rel
                                            + " · "
                                            + Time.formatSeconds(req.submit(other))
                                            + " s");
                    link.getStyleClass().add("related-link");
                    link.setOnAction(e -> vm.selectAndReveal(other));
                    box.getChildren().add(link);
                }
            }
        }
        box.getChildren().add(heading("Source lines"));
        box.getChildren().add(source);
        VBox.setVgrow(source, Priority.SOMETIMES);
        loadSource(t, row);
    }

    private void loadSource(Trace t, int row) {
        String path = t.sources().get(t.requests().file(row)).path();
        int[] lines = t.requests().sourceLines(row);
        if (lines.length == 0) {
            sourceReads.cancel();
            source.setText("(the trace does not say which lines this request came from)");
            return;
        }
        source.setText("reading " + path + "…");
        sourceReads.submit(
                "Could not read the source lines",
                () -> sourceText(path, lines),
                source::setText,
                source::setText);
    }

    private static String sourceText(String path, int[] lines) {
        Map<Integer, String> got;
        try {
            got = SourceLines.read(path, lines);
        } catch (IOException e) {
            return "could not read the source lines: " + e.getMessage();
        }
        StringBuilder sb = new StringBuilder();
        for (int line : lines) {
            String text = got.get(line);
            sb.append(line)
                    .append(": ")
                    .append(text == null ? "(past the end of the file: was it changed?)" : text)
                    .append('\n');
        }
        return sb.toString().stripTrailing();
    }

    private static Label heading(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("details-heading");
        return l;
    }
}
