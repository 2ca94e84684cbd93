package dev.orderlens.ui;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application: one main window, opened on the files given or the bundled sample. */
public final class OrderLensApp extends Application {
    @Override
    public void start(Stage stage) {
        StartupMarks.mark("start");
        AppLog.install();
        MainWindow window = new MainWindow(stage, UserPrefs.userDefault());
        StartupMarks.mark("built");
        StartupMarks.watch(stage.getScene(), window.timeline());
        Failures.installUncaughtHandler(window::showError);
        // -Dorderlens.select=ID selects that request once the trace is shown (scripts/screenshot.sh
        // uses it)
        String select = System.getProperty("orderlens.select");
        if (select != null && select.matches("\\d+")) {
            window.selectWhenShown(Integer.parseInt(select));
        }
        // -Dorderlens.crashAt=SECONDS puts a crash point there once the trace is analysed
        // (screenshots)
        String crashAt = System.getProperty("orderlens.crashAt");
        if (crashAt != null) {
            window.explorer()
                    .crashWhenReady(
                            dev.orderlens.model.Time.ofSeconds(Double.parseDouble(crashAt)),
                            p -> p);
        }
        if (Boolean.getBoolean("orderlens.dark")) {
            window.timeline().darkProperty().set(true);
        }
        if (Boolean.getBoolean("orderlens.large")) {
            window.presentation().largeProperty().set(true);
        }
        // -Dorderlens.depth=true shows the queue-depth tracks; -Dorderlens.stats=PHASE[:BUCKET]
        // opens the Stats tab on
        // that phase of the first device and selects the bucket (screenshots)
        if (Boolean.getBoolean("orderlens.depth")) {
            window.timeline().depthTracksShownProperty().set(true);
        }
        // -Dorderlens.windowSize=WxH sizes the window (screenshots)
        String size = System.getProperty("orderlens.windowSize", "");
        if (size.matches("\\d+x\\d+")) {
            stage.setMaximized(false);
            stage.setWidth(Integer.parseInt(size.split("x")[0]));
            stage.setHeight(Integer.parseInt(size.split("x")[1]));
            stage.centerOnScreen();
        }
        // -Dorderlens.range=A..B selects that time range once a trace is shown (screenshots)
        String range = System.getProperty("orderlens.range");
        if (range != null && range.contains("..")) {
            long from = dev.orderlens.layout.TimeRangeInput.parseTime(range.split("\\.\\.")[0]);
            long to = dev.orderlens.layout.TimeRangeInput.parseTime(range.split("\\.\\.")[1]);
            window.timeline()
                    .traceProperty()
                    .addListener(
                            (o, a, b) -> {
                                if (b != null) {
                                    window.timeline().marks().selectRange(from, to);
                                }
                            });
        }
        String stats = System.getProperty("orderlens.stats");
        if (stats != null) {
            window.showStats();
            window.stats().chooseWhenReady(stats);
        }
        List<String> args = getParameters().getRaw();
        // -Dorderlens.scenario=ID opens that teaching scenario, -Dorderlens.steps=N steps into it
        // (screenshots)
        String scenario = System.getProperty("orderlens.scenario");
        if (scenario != null) {
            window.openScenario(scenario);
            int steps = Integer.getInteger("orderlens.steps", 0);
            if (steps > 0) {
                window.teaching()
                        .narrationProperty()
                        .addListener(
                                (o, a, b) -> {
                                    if (b != null) {
                                        window.teaching().go(steps - 1);
                                    }
                                });
            }
        }
        TrainingRun.installIfAsked(stage, window.timeline());
        FirstFrame.show(stage, window.root());
        StartupMarks.mark("shown");
        // after show: the import competes with nothing on the way to the window, and a file that
        // cannot be opened is reported in the window, over it
        if (scenario == null && !args.isEmpty()) {
            window.open(args.stream().map(Path::of).toList());
        } else if (scenario == null) {
            window.openEmbeddedDefault();
        }
    }
}
