package dev.orderlens.ui;

import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.ReasonStep;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.layout.RequestDescription;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;

/**
 * "Why?" for one write: its state at the crash point and the reason chain, one step per line; a
 * step that names a request selects it and brings it into view, one that names an event or a time
 * moves the view there. It follows the crash point: moving it re-explains the same write.
 */
final class WhyPane extends ScrollPane {
    private final CrashViewModel crash;
    private final TimelineViewModel timeline;
    private final VBox box = new VBox(6);
    private int row = -1;
    private final List<Hyperlink> stepLinks = new ArrayList<>();

    WhyPane(CrashViewModel crash, TimelineViewModel timeline) {
        this.crash = crash;
        this.timeline = timeline;
        setId("why");
        box.setPadding(new Insets(12));
        setContent(box);
        setFitToWidth(true);
        crash.resultProperty().addListener((o, a, b) -> show());
        timeline.traceProperty()
                .addListener(
                        (o, a, b) -> {
                            row = -1;
                            show();
                        });
        show();
    }

    /** Explains a write at the current crash point. */
    void explain(int requestRow) {
        row = requestRow;
        show();
    }

    int row() {
        return row;
    }

    /** The clickable steps, in order (tests click them). */
    List<Hyperlink> stepLinks() {
        return stepLinks;
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        for (Node n : box.getChildren()) {
            if (n instanceof javafx.scene.control.Labeled l) {
                sb.append(l.getText()).append('\n');
            }
        }
        return sb.toString();
    }

    private void show() {
        stepLinks.clear();
        box.getChildren().clear();
        CrashResult r = crash.result();
        Trace t = timeline.trace();
        if (t == null || row < 0 || row >= t.requests().size()) {
            box.getChildren()
                    .add(
                            hint(
                                    "Choose “Why?” on a write (Details, the lanes' right-click menu, or the at-risk table) "
                                            + "to see why it survives or not at the crash point."));
            return;
        }
        Label title = new Label(RequestDescription.name(t, row));
        title.getStyleClass().add("details-title");
        title.setWrapText(true);
        box.getChildren().add(title);
        if (r == null) {
            box.getChildren()
                    .add(
                            hint(
                                    crash.point() == null
                                            ? "No crash point yet: press K on the lanes or type a time in the crash pane."
                                            : "Computing…"));
            return;
        }
        WriteState s = r.state(row);
        if (s == null) {
            box.getChildren()
                    .add(
                            hint(
                                    "Not a write: a "
                                            + t.requests().op(row).jsonName()
                                            + " changes nothing on media."));
            return;
        }
        Label verdict =
                new Label(
                        s.jsonName().toUpperCase(java.util.Locale.ROOT)
                                + " at the "
                                + r.point().kind().jsonName()
                                + " at "
                                + Time.formatSeconds(r.point().atNs())
                                + " s (cache="
                                + r.analysis().cacheModeOf(row, r.point().cacheModes()).jsonName()
                                + ")");
        verdict.getStyleClass().addAll("why-verdict", "why-" + s.jsonName());
        verdict.setWrapText(true);
        box.getChildren().add(verdict);
        addSteps(r.reason(row));
        boolean violated = r.promiseViolations().stream().anyMatch(v -> v.row() == row);
        if (violated) {
            Label h = new Label("Promise violation: its layer was told it is durable");
            h.getStyleClass().add("details-heading");
            box.getChildren().add(h);
            addSteps(r.violationReason(row));
        }
    }

    private void addSteps(List<ReasonStep> steps) {
        int i = 0;
        for (ReasonStep step : steps) {
            String text = ++i + ". " + step.text();
            if (step.request() >= 0 || step.event() >= 0 || step.time() != Time.NONE) {
                Hyperlink link = new Hyperlink(text);
                link.setWrapText(true);
                link.getStyleClass().add("why-step");
                link.setOnAction(e -> go(step));
                stepLinks.add(link);
                box.getChildren().add(link);
            } else {
                Label l = new Label(text);
                l.setWrapText(true);
                l.setPadding(new Insets(0, 0, 0, 4));
                box.getChildren().add(l);
            }
        }
    }

    /**
     * A step's request is selected and shown; an event's or a time's place is brought into view.
     */
    void go(ReasonStep step) {
        if (step.request() >= 0) {
            Navigate.showRequest(timeline, step.request());
        } else if (step.event() >= 0) {
            Navigate.showTime(timeline, timeline.trace().events().time(step.event()));
        } else {
            Navigate.showTime(timeline, step.time());
        }
    }

    private static Label hint(String s) {
        Label l = new Label(s);
        l.setWrapText(true);
        l.getStyleClass().add("hint");
        return l;
    }
}
