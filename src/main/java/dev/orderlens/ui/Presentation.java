package dev.orderlens.ui;

import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;

/**
 * Lecture mode: large fonts everywhere — the controls through the {@code large} style class on the
 * root (explorer.css), the canvases (lanes, overview, legend, block map) through their scale — and
 * full screen.
 */
final class Presentation {
    /** How much larger everything is in the large-font mode. */
    static final double LARGE = 1.5;

    private final BooleanProperty large = new SimpleBooleanProperty(this, "large");
    private final Stage stage;

    Presentation(Scene scene, Stage stage, List<DoubleProperty> canvasScales) {
        this.stage = stage;
        large.addListener(
                (o, a, b) -> {
                    if (b) {
                        scene.getRoot().getStyleClass().add("large");
                    } else {
                        scene.getRoot().getStyleClass().remove("large");
                    }
                    canvasScales.forEach(s -> s.set(b ? LARGE : 1));
                });
    }

    BooleanProperty largeProperty() {
        return large;
    }

    /** View menu items: Large Font, Full Screen. */
    List<MenuItem> menuItems() {
        CheckMenuItem big = new CheckMenuItem("_Large Font (lectures)");
        big.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+L"));
        big.selectedProperty().bindBidirectional(large);
        CheckMenuItem full = new CheckMenuItem("F_ull Screen");
        full.setAccelerator(KeyCombination.keyCombination("F11"));
        full.setOnAction(e -> stage.setFullScreen(full.isSelected()));
        stage.fullScreenProperty().addListener((o, a, b) -> full.setSelected(b));
        return List.of(big, full);
    }
}
