package dev.orderlens.ui;

import java.util.function.Consumer;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The window's bottom line: a message, and while an import or an export runs its progress — with a
 * Cancel button for the import. An export's progress shows only while no import is running.
 */
final class StatusBar {
    private final Label text = new Label("Ready");
    private final ProgressBar progress = new ProgressBar();
    private final Button cancel = new Button("Cancel");
    private final HBox box;
    private Task<?> importTask;

    StatusBar() {
        progress.setPrefWidth(180);
        progress.setVisible(false);
        cancel.setVisible(false);
        cancel.setId("import-cancel");
        cancel.setOnAction(
                e -> {
                    if (importTask != null) {
                        importTask.cancel();
                    }
                });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        text.setMinWidth(0);
        box = new HBox(8, text, spacer, progress, cancel);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(3, 8, 3, 8));
        box.getStyleClass().add("status-bar");
    }

    HBox node() {
        return box;
    }

    Label label() {
        return text;
    }

    void setText(String s) {
        text.setText(s);
    }

    /** An import started: its progress and the Cancel button show until {@link #importFinished}. */
    void importStarted(Task<?> task, String message) {
        importTask = task;
        progress.progressProperty().bind(task.progressProperty());
        text.setText(message);
        progress.setVisible(true);
        cancel.setVisible(true);
    }

    void importFinished(Task<?> task) {
        if (importTask == task) {
            importTask = null;
            progress.progressProperty().unbind();
            progress.setVisible(false);
            cancel.setVisible(false);
        }
    }

    /** Shows a background task (an export) while it runs, then whether it worked. */
    void track(Task<?> task, String label) {
        text.setText(label + "…");
        if (importTask == null) {
            progress.progressProperty().bind(task.progressProperty());
            progress.setVisible(true);
        }
        whenDone(
                task,
                state -> {
                    if (importTask == null) {
                        progress.progressProperty().unbind();
                        progress.setVisible(false);
                    }
                    text.setText(
                            label
                                    + (state == Worker.State.SUCCEEDED
                                            ? ": done"
                                            : state == Worker.State.FAILED
                                                    ? ": failed"
                                                    : ": cancelled"));
                });
    }

    /** Calls {@code then} with the task's final state once it succeeds, fails or is cancelled. */
    static void whenDone(Worker<?> task, Consumer<Worker.State> then) {
        task.stateProperty()
                .addListener(
                        (obs, old, state) -> {
                            if (state == Worker.State.SUCCEEDED
                                    || state == Worker.State.FAILED
                                    || state == Worker.State.CANCELLED) {
                                then.accept(state);
                            }
                        });
    }
}
