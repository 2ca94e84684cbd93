package dev.orderlens.ui;

import java.io.File;
import java.util.List;
import javafx.scene.control.Dialog;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * How the app's dialogs are shown so that they never resize the main window. JavaFX 21's GTK
 * backend freezes a window's size at the last size it requested (not the one the window manager
 * gave it) while a modal child disables it: a maximised window snaps back to its first size when
 * any modal dialog or file chooser opens (JDK-8332222, fixed in JavaFX 23). So dialogs are owned
 * (they stay above the window and close with it) but not modal, file choosers have no owner, and
 * both are centred on the window (some window managers put an owned window at the screen's corner,
 * title bar off-screen).
 */
final class Dialogs {
    private Dialogs() {}

    /** Owns, un-blocks and centres a dialog over {@code owner} (null: none). */
    static void place(Dialog<?> d, Window owner) {
        if (owner != null) {
            d.initOwner(owner);
        }
        d.initModality(Modality.NONE);
        d.setOnShown(
                e -> {
                    Window w = d.getDialogPane().getScene().getWindow();
                    if (w != null) {
                        WindowState.centreOnOwner(w, owner);
                        // the window manager may place the mapped window after this (openbox puts
                        // it at the screen's corner): centre once more when it has settled
                        javafx.animation.PauseTransition again =
                                new javafx.animation.PauseTransition(
                                        javafx.util.Duration.millis(250));
                        again.setOnFinished(done -> WindowState.centreOnOwner(w, owner));
                        again.play();
                    }
                });
    }

    static List<File> openMultiple(FileChooser chooser) {
        return chooser.showOpenMultipleDialog(null);
    }

    static File save(FileChooser chooser) {
        return chooser.showSaveDialog(null);
    }
}
