package dev.orderlens.ui;

import dev.orderlens.layout.Highlight;
import dev.orderlens.layout.Palette;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/**
 * The bar under the toolbar while requests are highlighted on the lanes (a latency histogram
 * bucket's): a chip like the filter chips saying what they are, with previous / next (Shift+N / N
 * on the lanes) and × to clear (Esc on the lanes). Hidden when nothing is highlighted.
 */
final class HighlightChip extends HBox {
    private final TimelineViewModel vm;
    private final Runnable backToLanes;
    private final Label text = new Label();
    private final Region swatch = new Region();
    private final Label title = new Label("Highlighted:");

    /**
     * In the scene only while something is highlighted (lookups for the filter chips must not find
     * it).
     */
    private final HBox chip;

    /**
     * @param backToLanes gives the keyboard back to the lanes after a click
     */
    HighlightChip(TimelineViewModel vm, Runnable backToLanes) {
        super(6);
        this.vm = vm;
        this.backToLanes = backToLanes;
        setId("highlight-bar");
        getStyleClass().add("filter-bar");
        setPadding(new Insets(4, 8, 4, 8));
        setAlignment(Pos.CENTER_LEFT);
        text.setId("highlight-text");
        swatch.setMinSize(12, 12);
        swatch.setMaxSize(12, 12);
        Button prev =
                button(
                        "‹",
                        "Previous highlighted request (Shift+N on the lanes)",
                        () -> vm.selectHighlighted(-1));
        prev.setId("highlight-previous");
        Button next =
                button(
                        "›",
                        "Next highlighted request (N on the lanes)",
                        () -> vm.selectHighlighted(1));
        next.setId("highlight-next");
        Button clear = button("×", "Clear the highlight (Esc on the lanes)", vm::clearHighlight);
        clear.setId("highlight-clear");
        chip = new HBox(4, swatch, text, prev, next, clear);
        chip.setAlignment(Pos.CENTER_LEFT);
        chip.getStyleClass().add("chip");
        title.getStyleClass().add("hint");
        vm.highlightProperty().addListener((o, a, b) -> show(b));
        vm.darkProperty().addListener((o, a, b) -> show(vm.highlight()));
        show(null);
    }

    private Button button(String label, String tip, Runnable action) {
        Button b = new Button(label);
        b.getStyleClass().add("chip-remove");
        b.setTooltip(new Tooltip(tip));
        b.setAccessibleText(tip);
        b.setOnAction(
                e -> {
                    action.run();
                    backToLanes.run();
                });
        return b;
    }

    private void show(Highlight h) {
        setVisible(h != null);
        setManaged(h != null);
        if (h == null) {
            getChildren().clear();
            return;
        }
        if (getChildren().isEmpty()) {
            getChildren().addAll(title, chip);
        }
        int argb = (vm.darkProperty().get() ? Palette.DARK : Palette.LIGHT).highlight();
        swatch.setStyle(
                String.format(
                        Locale.ROOT,
                        "-fx-background-color: #%06x; -fx-background-radius: 2;",
                        argb & 0xFFFFFF));
        text.setText(
                String.format(
                        Locale.ROOT,
                        "%s · %,d request%s",
                        h.label(),
                        h.size(),
                        h.size() == 1 ? "" : "s"));
    }

    /** The chip's text (tests). */
    String text() {
        return isVisible() ? text.getText() : "";
    }
}
