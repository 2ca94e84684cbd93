package dev.orderlens.ui;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The main window's size, place and maximised state, remembered in the user's preferences, and the
 * rules for placing dialogs. A first start opens at the screen's size less a margin; a later one
 * where the user left it (when that still fits on a screen). Window managers may resize a window
 * they know nothing about to a tiny default, so the size is set explicitly before the first show.
 */
final class WindowState {
    /** Smallest main window in which the menus and toolbar are readable. */
    static final double MIN_WIDTH = 900;

    static final double MIN_HEIGHT = 560;

    /** Room left around a first window, so its edges and title bar are visible. */
    static final double MARGIN = 40;

    private final Preferences node;

    WindowState(Preferences node) {
        this.node = node;
    }

    /** The bounds a window should open at on a screen of these visual bounds (no saved state). */
    static Rectangle2D firstBounds(Rectangle2D screen) {
        double w = Math.max(Math.min(MIN_WIDTH, screen.getWidth()), screen.getWidth() - 2 * MARGIN);
        double h =
                Math.max(Math.min(MIN_HEIGHT, screen.getHeight()), screen.getHeight() - 2 * MARGIN);
        return new Rectangle2D(
                screen.getMinX() + (screen.getWidth() - w) / 2,
                screen.getMinY() + (screen.getHeight() - h) / 2,
                w,
                h);
    }

    /** The saved bounds when they are sane and overlap a screen, else null. */
    Rectangle2D saved() {
        double w = node.getDouble("width", -1);
        double h = node.getDouble("height", -1);
        double x = node.getDouble("x", Double.NaN);
        double y = node.getDouble("y", Double.NaN);
        if (w < MIN_WIDTH / 2 || h < MIN_HEIGHT / 2 || Double.isNaN(x) || Double.isNaN(y)) {
            return null;
        }
        Rectangle2D r = new Rectangle2D(x, y, w, h);
        return Screen.getScreensForRectangle(x, y, Math.min(w, 200), Math.min(h, 100)).isEmpty()
                ? null
                : r;
    }

    boolean savedMaximized() {
        return node.getBoolean("maximized", false);
    }

    /** Sizes and places the stage before it is first shown, and remembers changes from then on. */
    void apply(Stage stage) {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Rectangle2D r = saved();
        if (r == null) {
            r = firstBounds(screen);
        }
        stage.setMinWidth(Math.min(MIN_WIDTH, screen.getWidth()));
        stage.setMinHeight(Math.min(MIN_HEIGHT, screen.getHeight()));
        place(stage, r, savedMaximized());
        // JavaFX 21's GTK backend may lose a size set before the first show under a window
        // manager (the window opens at its minimum): set it again once the window is mapped
        Rectangle2D first = r;
        boolean maximized = savedMaximized();
        stage.addEventHandler(
                javafx.stage.WindowEvent.WINDOW_SHOWN,
                e -> javafx.application.Platform.runLater(() -> place(stage, first, maximized)));
        stage.setOnCloseRequest(
                e -> {
                    try {
                        save(stage);
                    } catch (IllegalStateException removed) {
                        // the settings node is gone (tests remove their scratch nodes)
                    }
                });
        stage.maximizedProperty()
                .addListener(
                        (o, a, b) -> {
                            try {
                                node.putBoolean("maximized", b);
                            } catch (IllegalStateException removed) {
                                // the settings node is gone (tests remove their scratch nodes)
                            }
                        });
    }

    private static void place(Stage stage, Rectangle2D r, boolean maximized) {
        if (stage.isMaximized() || stage.isFullScreen()) {
            return;
        }
        stage.setX(r.getMinX());
        stage.setY(r.getMinY());
        stage.setWidth(r.getWidth());
        stage.setHeight(r.getHeight());
        if (maximized) {
            stage.setMaximized(true);
        }
    }

    /** Remembers the stage's state; the normal (not maximised) bounds are kept as they were. */
    void save(Stage stage) {
        node.putBoolean("maximized", stage.isMaximized());
        if (!stage.isMaximized() && !stage.isFullScreen() && !stage.isIconified()) {
            node.putDouble("x", stage.getX());
            node.putDouble("y", stage.getY());
            node.putDouble("width", stage.getWidth());
            node.putDouble("height", stage.getHeight());
        }
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // a convenience: an unwritable store must not stop the app from closing
        }
    }

    /**
     * Centres a dialog on its owner once its size is known (some window managers put an owned
     * window at the screen's corner, title bar off-screen), kept on the owner's screen.
     */
    static void centreOnOwner(Window dialog, Window owner) {
        if (owner == null || !owner.isShowing()) {
            return;
        }
        double w = dialog.getWidth();
        double h = dialog.getHeight();
        double x = owner.getX() + (owner.getWidth() - w) / 2;
        double y = owner.getY() + (owner.getHeight() - h) / 3;
        var screens = Screen.getScreensForRectangle(owner.getX(), owner.getY(), 1, 1);
        Rectangle2D b =
                (screens.isEmpty() ? Screen.getPrimary() : screens.get(0)).getVisualBounds();
        dialog.setX(Math.max(b.getMinX(), Math.min(x, b.getMaxX() - w)));
        dialog.setY(Math.max(b.getMinY(), Math.min(y, b.getMaxY() - h)));
    }
}
