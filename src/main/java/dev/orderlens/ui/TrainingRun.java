package dev.orderlens.ui;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * {@code -Dorderlens.trainingRun=true}: the app closes itself once its trace is drawn with its
 * findings, so that a run records the classes of a real start (the launchers dump the class-data
 * archive from it; ADR 0310). A few seconds more let the frame, stats and paint classes load; a
 * trace that never arrives ends the run after a minute.
 */
final class TrainingRun {
    static final String PROPERTY = "orderlens.trainingRun";

    private TrainingRun() {}

    static void installIfAsked(Stage stage, TimelineViewModel timeline) {
        if (!Boolean.getBoolean(PROPERTY)) {
            return;
        }
        PauseTransition deadline = new PauseTransition(Duration.seconds(60));
        deadline.setOnFinished(e -> close(stage));
        deadline.play();
        timeline.modelProperty()
                .addListener(
                        (o, a, b) -> {
                            if (b != null && timeline.findingsProperty().get() != null) {
                                deadline.stop();
                                PauseTransition settle = new PauseTransition(Duration.seconds(3));
                                settle.setOnFinished(e -> close(stage));
                                settle.play();
                            }
                        });
    }

    private static void close(Stage stage) {
        stage.close();
        Platform.exit();
    }
}
