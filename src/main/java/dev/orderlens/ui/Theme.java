package dev.orderlens.ui;

import javafx.beans.property.BooleanProperty;
import javafx.scene.Scene;

/** The light theme (Modena + orderlens.css) and its dark option (dark.css on top). */
final class Theme {
    private static final String DARK = Theme.class.getResource("dark.css").toExternalForm();

    private Theme() {}

    static void bind(Scene scene, BooleanProperty dark) {
        apply(scene, dark.get());
        dark.addListener((o, a, b) -> apply(scene, b));
    }

    private static void apply(Scene scene, boolean dark) {
        scene.getStylesheets().remove(DARK);
        if (dark) {
            scene.getStylesheets().add(DARK);
        }
    }
}
