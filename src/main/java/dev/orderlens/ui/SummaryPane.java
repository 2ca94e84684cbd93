package dev.orderlens.ui;

import dev.orderlens.analysis.TraceSummary;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Problem;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * A trace's summary: files, layers with request counts by op, events, span, and import problems.
 */
public final class SummaryPane extends ScrollPane {
    private final VBox box = new VBox(10);

    public SummaryPane() {
        box.setPadding(new Insets(16));
        box.getStyleClass().add("summary");
        setContent(box);
        setFitToWidth(true);
        setId("summary");
        box.getChildren().add(new Label("No trace open."));
    }

    public void show(Trace t) {
        TraceSummary s = TraceSummary.of(t);
        box.getChildren().clear();
        Label title = new Label(t.meta().title() == null ? "Trace" : t.meta().title());
        title.getStyleClass().add("summary-title");
        title.setWrapText(true); // a long title wraps rather than ending in "…"
        box.getChildren().add(title);

        GridPane files = grid("file", "format", "lines", "skipped", "clock offset");
        int row = 1;
        for (SourceFile f : s.files()) {
            files.addRow(
                    row++,
                    fileName(f.path()),
                    text(f.format()),
                    text(String.format("%,d", f.lines())),
                    text(String.format("%,d", f.skippedLines())),
                    text(
                            f.offsetNs() == 0
                                    ? "0"
                                    : Time.formatSeconds(f.offsetNs())
                                            + " s"
                                            + (f.offsetEstimated() ? " (estimated)" : "")));
        }
        box.getChildren().addAll(heading("Files"), files);

        GridPane layers = grid("layer", "requests", "by op", "lanes");
        row = 1;
        for (Layer l : t.layers()) {
            StringBuilder ops = new StringBuilder();
            s.byLayerAndOp()
                    .get(l.id())
                    .forEach(
                            (op, c) ->
                                    ops.append(ops.length() == 0 ? "" : ", ")
                                            .append(op)
                                            .append(' ')
                                            .append(c));
            layers.addRow(
                    row++,
                    text(l.name() + " (" + l.id() + ")"),
                    text(String.format("%,d", s.byLayer().get(l.id()))),
                    text(ops.toString()),
                    text(String.valueOf(s.lanesByLayer().get(l.id()))));
        }
        box.getChildren().addAll(heading(String.format("Requests: %,d", s.requests())), layers);

        StringBuilder ev = new StringBuilder();
        s.eventsByKind()
                .forEach(
                        (k, c) ->
                                ev.append(ev.length() == 0 ? "" : ", ")
                                        .append(k)
                                        .append(' ')
                                        .append(c));
        box.getChildren()
                .addAll(
                        heading(String.format("Events: %,d", s.events())),
                        text(ev.length() == 0 ? "none" : ev.toString()));
        box.getChildren()
                .addAll(
                        heading("Time span"),
                        text(
                                String.format(
                                        "%s s to %s s (%s)",
                                        Time.formatSeconds(s.startNs()),
                                        Time.formatSeconds(s.endNs()),
                                        Time.formatDuration(s.endNs() - s.startNs()))));

        if (s.skippedLines() > 0 || s.files().stream().anyMatch(f -> !f.warnings().isEmpty())) {
            box.getChildren()
                    .add(
                            heading(
                                    String.format(
                                            "Import problems: %s skipped",
                                            DisplayNames.count(s.skippedLines(), "line"))));
            for (SourceFile f : s.files()) {
                for (String w : f.warnings()) {
                    box.getChildren().add(text("warning: " + f.path() + ": " + w));
                }
                for (Problem p : f.problems()) {
                    Label l = text(p.toString());
                    l.getStyleClass().add("problem");
                    box.getChildren().add(l);
                }
                if (f.skippedLines() > f.problems().size()) {
                    box.getChildren()
                            .add(
                                    text(
                                            String.format(
                                                    "… and %,d more in %s",
                                                    f.skippedLines() - f.problems().size(),
                                                    f.path())));
                }
            }
        }
    }

    /** Text of every label, for tests and accessibility checks. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        box.lookupAll(".label").forEach(n -> sb.append(((Label) n).getText()).append('\n'));
        return sb.toString();
    }

    private static final java.util.Set<String> WRAPPING_COLUMNS =
            java.util.Set.of("file", "layer", "by op");

    private static GridPane grid(String... headers) {
        GridPane g = new GridPane();
        g.setHgap(18);
        g.setVgap(4);
        for (int i = 0; i < headers.length; i++) {
            Label h = new Label(headers[i]);
            h.getStyleClass().add("column-header-text");
            g.add(h, i, 0);
            // names and lists may wrap; numbers and short words keep their width (a narrow panel
            // scrolls sideways instead of showing "…" or one character per line)
            javafx.scene.layout.ColumnConstraints c = new javafx.scene.layout.ColumnConstraints();
            if (WRAPPING_COLUMNS.contains(headers[i])) {
                c.setMinWidth(80);
                c.setHgrow(javafx.scene.layout.Priority.SOMETIMES);
            } else {
                c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
            g.getColumnConstraints().add(c);
        }
        return g;
    }

    /** A file by its name (the whole path in its tooltip): paths wrapped a few letters a line. */
    private static Label fileName(String path) {
        String p = path == null ? "" : path;
        int slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
        Label l = text(p.substring(slash + 1));
        l.setTooltip(new javafx.scene.control.Tooltip(p));
        return l;
    }

    private static Label heading(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("summary-heading");
        return l;
    }

    private static Label text(String s) {
        Label l = new Label(s == null ? "" : s);
        l.setWrapText(true);
        return l;
    }
}
