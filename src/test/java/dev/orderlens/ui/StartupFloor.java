package dev.orderlens.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/**
 * The floor of the app's start (docs/benchmarks.md, "The window first"): the smallest JavaFX window
 * — a stage with one label, titled like the app so that {@code scripts/bench-startup.sh} finds it —
 * started with the same runtime, archive and flags as the app:
 *
 * <pre>
 * BENCH_MARKS=1 scripts/bench-startup.sh 5 target/dist/orderlens/lib/runtime/bin/java \
 *     -Dorderlens.startupMarks=true -cp target/classes:target/test-classes \
 *     dev.orderlens.ui.StartupFloor
 * </pre>
 *
 * Not a test: it prints the same phase marks as the app and waits to be stopped.
 */
public final class StartupFloor extends Application {
    public static void main(String[] args) {
        StartupMarks.mark("main");
        launch(args);
    }

    @Override
    public void start(Stage stage) {
        StartupMarks.mark("start");
        stage.setScene(new Scene(new Label("floor"), 1280, 800));
        stage.setTitle("OrderLens floor");
        StartupMarks.mark("built");
        stage.show();
        StartupMarks.mark("shown");
    }
}
