package dev.orderlens.ui;

import java.util.List;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The app's start shows the main window with its title, menu bar and status bar first, and puts the
 * toolbar rows and the centre (lanes, side panes) in once that frame is laid out: {@code
 * stage.show()} styles and lays out every node of the scene before the window is mapped, and those
 * controls were most of that pass (ADR 0380). The centre's nodes exist and follow the trace
 * meanwhile; only their styling waits a frame. Tests build {@link MainWindow} and show it whole, as
 * before.
 */
final class FirstFrame {
    private FirstFrame() {}

    /**
     * Shows {@code stage}, whose scene's root is {@code root}, with only the first row of its top
     * (the menu bar) and no centre for one frame.
     */
    static void show(Stage stage, BorderPane root) {
        Node centre = root.getCenter();
        root.setCenter(null);
        // the top's rows after the menu bar (toolbar, filter bar, highlight chip) come with it
        List<Node> rows = List.of();
        if (root.getTop() instanceof VBox top && top.getChildren().size() > 1) {
            rows = List.copyOf(top.getChildren().subList(1, top.getChildren().size()));
            top.getChildren().remove(1, top.getChildren().size());
        }
        List<Node> laterRows = rows;
        stage.show();
        Scene scene = stage.getScene();
        Runnable[] once = new Runnable[1];
        once[0] =
                () -> {
                    scene.removePostLayoutPulseListener(once[0]);
                    // the next pulse styles and draws the centre, while this one's frame renders
                    Platform.runLater(
                            () -> {
                                if (root.getCenter() == null) {
                                    root.setCenter(centre);
                                }
                                if (root.getTop() instanceof VBox top) {
                                    top.getChildren().addAll(laterRows);
                                }
                                StartupMarks.mark("centre");
                            });
                };
        scene.addPostLayoutPulseListener(once[0]);
    }
}
