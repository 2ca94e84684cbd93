package dev.orderlens.ui;

import dev.orderlens.layout.CrashOverlay;
import dev.orderlens.layout.Legend;
import dev.orderlens.layout.Palette;
import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Region;

/**
 * The legend under the lanes, drawn by {@link Legend} through the same painter as the lanes; it
 * explains the crash point, the highlighted requests and the queue-depth tracks while they are
 * shown.
 */
final class LegendView extends Region {
    private final TimelineViewModel vm;
    private final Canvas canvas = new Canvas();

    /** With a crash point the legend explains the marker and the state colours. */
    private final javafx.beans.property.ObjectProperty<CrashOverlay> crash =
            new javafx.beans.property.SimpleObjectProperty<>(this, "crash");

    private final javafx.beans.property.DoubleProperty scale =
            new javafx.beans.property.SimpleDoubleProperty(this, "scale", 1);

    LegendView(TimelineViewModel vm) {
        this.vm = vm;
        setId("legend");
        getChildren().add(canvas);
        vm.darkProperty().addListener((o, a, b) -> paint());
        widthProperty().addListener((o, a, b) -> requestLayout());
        // only whether states are shown changes the entries, not every move of the marker
        crash.addListener(
                (o, a, b) -> {
                    if (a == null
                            || b == null
                            || a.hasStates() != b.hasStates()
                            || !java.util.Objects.equals(a.label(), b.label())) {
                        requestLayout();
                        paint();
                    }
                });
        scale.addListener((o, a, b) -> requestLayout());
        vm.highlightProperty()
                .addListener(
                        (o, a, b) -> {
                            requestLayout();
                            paint();
                        });
        vm.layoutProperty()
                .addListener(
                        (o, a, b) -> {
                            if (depthTracks(a) != depthTracks(b)) {
                                requestLayout();
                                paint();
                            }
                        });
    }

    private static boolean depthTracks(dev.orderlens.layout.LaneLayout l) {
        return l != null && l.depthTracks() != null;
    }

    javafx.beans.property.ObjectProperty<CrashOverlay> crashProperty() {
        return crash;
    }

    javafx.beans.property.DoubleProperty scaleProperty() {
        return scale;
    }

    private double s() {
        return scale.get() > 0 ? scale.get() : 1;
    }

    @Override
    protected double computePrefHeight(double width) {
        double w = width > 0 ? width : getWidth() > 0 ? getWidth() : 1000;
        return Math.ceil(
                Legend.height(new FxPainter(canvas.getGraphicsContext2D()), w / s(), extras())
                        * s());
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
        var g = canvas.getGraphicsContext2D();
        g.save();
        g.scale(s(), s());
        FxPainter p = new FxPainter(g);
        double w = canvas.getWidth() / s();
        p.fillRect(0, 0, w, canvas.getHeight() / s(), pal.background());
        p.fillRect(0, 0, w, 1, pal.grid());
        Legend.paint(p, 0, 1, w, pal, extras());
        g.restore();
    }

    private Legend.Extras extras() {
        return new Legend.Extras(crash.get(), vm.highlight(), depthTracks(vm.layout()));
    }
}
