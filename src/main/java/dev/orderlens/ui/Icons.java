package dev.orderlens.ui;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;

/** Loads the icons bundled from icons/ (rendered from their SVGs by scripts/render-icons.sh). */
final class Icons {
    /**
     * The window icon's sizes: JavaFX gives the window one icon, scaled from the list's best match
     * for 128×128 on Linux and macOS or 32×32 elsewhere (its WindowStage.setIcons), so other sizes
     * were decoded at start-up for nothing; the desktop entry's icons are in share/icons.
     */
    private static final int[] APP_SIZES = {32, 128};

    private static final String TOOLBAR_CLASS = "toolbar-icon";
    private static final Map<String, Image> CACHE = new HashMap<>();

    private Icons() {}

    static Image load(String name) {
        return CACHE.computeIfAbsent(
                name,
                n -> {
                    InputStream in = Icons.class.getResourceAsStream("/dev/orderlens/icons/" + n);
                    return in == null ? null : new Image(in);
                });
    }

    static void applyAppIcon(Stage stage) {
        for (int size : APP_SIZES) {
            Image img = load("orderlens-" + size + ".png");
            if (img != null) {
                stage.getIcons().add(img);
            }
        }
    }

    /**
     * A toolbar icon (toolbar-NAME.svg) shown at {@code size} px, sharp on high-density screens, in
     * the light or dark rendering as {@code dark} says (and follows it).
     */
    static ImageView view(String name, int size, ObservableBooleanValue dark) {
        ImageView v = new ImageView();
        v.getStyleClass().add(TOOLBAR_CLASS);
        v.setFitWidth(size);
        v.setFitHeight(size);
        v.setSmooth(true);
        v.setImage(toolbar(name, dark.get()));
        dark.addListener((o, a, b) -> v.setImage(toolbar(name, b)));
        return v;
    }

    private static Image toolbar(String name, boolean dark) {
        // loaded by URL so JavaFX picks the @2x rendering on high-density screens
        String file = "toolbar-" + name + (dark ? "-dark" : "") + "-16.png";
        return CACHE.computeIfAbsent(
                file,
                n -> {
                    java.net.URL url = Icons.class.getResource("/dev/orderlens/icons/" + n);
                    return url == null ? null : new Image(url.toExternalForm());
                });
    }
}
