package dev.orderlens.ui;

import dev.orderlens.layout.Legend;
import dev.orderlens.layout.Palette;
import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Region;

/** The legend under the lanes, drawn by {@link Legend} through the same painter as the lanes. */
final class LegendView extends Region {
    private final TimelineViewModel vm;
    private final Canvas canvas = new Canvas();

    LegendView(TimelineViewModel vm) {
        this.vm = vm;
        setId("legend");
        getChildren().add(canvas);
        vm.darkProperty().addListener((o, a, b) -> paint());
        widthProperty().addListener((o, a, b) -> requestLayout());
    }

    @Override
    protected double computePrefHeight(double width) {
        double w = width > 0 ? width : getWidth() > 0 ? getWidth() : 1000;
        return Math.ceil(Legend.height(new FxPainter(canvas.getGraphicsContext2D()), w));
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(Math.max(1, Math.floor(getWidth())));
        canvas.setHeight(Math.max(1, Math.floor(getHeight())));
        paint();
    }

    private void paint() {
        Palette pal = vm.darkProperty().get() ? Palette.DARK : Palette.LIGHT;
        FxPainter p = new FxPainter(canvas.getGraphicsContext2D());
        p.fillRect(0, 0, canvas.getWidth(), canvas.getHeight(), pal.background());
        p.fillRect(0, 0, canvas.getWidth(), 1, pal.grid());
        Legend.paint(p, 0, 1, canvas.getWidth(), pal);
    }
}
