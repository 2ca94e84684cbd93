package dev.orderlens.ui;

import dev.orderlens.layout.OverviewRenderer;
import dev.orderlens.layout.Palette;
import dev.orderlens.layout.TimeScale;
import dev.orderlens.layout.TimelineModel;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;

/**
 * The whole trace in one strip, with the visible window as a box: drag the box to move the window,
 * click elsewhere to centre the window there.
 */
final class OverviewStrip extends Region {
    static final double HEIGHT = 46;
    private final TimelineViewModel vm;
    private final Canvas canvas = new Canvas();
    private long grabOffset;

    /** Magnification of the drawing (the large-font mode), in step with the lanes. */
    private final javafx.beans.property.DoubleProperty scale =
            new javafx.beans.property.SimpleDoubleProperty(this, "scale", 1);

    OverviewStrip(TimelineViewModel vm) {
        this.vm = vm;
        setId("overview");
        getStyleClass().add("overview");
        getChildren().add(canvas);
        setMinHeight(HEIGHT);
        setPrefHeight(HEIGHT);
        setMaxHeight(HEIGHT);
        vm.modelProperty().addListener((o, a, b) -> paint());
        vm.windowProperty().addListener((o, a, b) -> paint());
        vm.darkProperty().addListener((o, a, b) -> paint());
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        scale.addListener(
                (o, a, b) -> {
                    setMinHeight(HEIGHT * s());
                    setPrefHeight(HEIGHT * s());
                    setMaxHeight(HEIGHT * s());
                    requestLayout();
                });
    }

    javafx.beans.property.DoubleProperty scaleProperty() {
        return scale;
    }

    private double s() {
        return scale.get() > 0 ? scale.get() : 1;
    }

    Canvas canvas() {
        return canvas;
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(Math.max(1, Math.floor(getWidth())));
        canvas.setHeight(HEIGHT * s());
        paint();
    }

    private TimeScale scale() {
        TimelineModel m = vm.model();
        return m == null
                ? null
                : OverviewRenderer.scale(m, vm.metrics().gutterWidth(), timeWidth());
    }

    /** The strip lines up with the lanes below: same gutter, the lanes' scroll bar excluded. */
    private double timeWidth() {
        return Math.max(1, canvas.getWidth() / s() - vm.metrics().gutterWidth() - 15 / s());
    }

    void paint() {
        TimelineModel m = vm.model();
        Palette pal = vm.darkProperty().get() ? Palette.DARK : Palette.LIGHT;
        var g = canvas.getGraphicsContext2D();
        g.save();
        g.scale(s(), s());
        FxPainter p = new FxPainter(g);
        if (m == null) {
            p.fillRect(0, 0, canvas.getWidth() / s(), HEIGHT, pal.ruler());
        } else {
            OverviewRenderer.paint(
                    p,
                    m,
                    vm.metrics().gutterWidth(),
                    timeWidth(),
                    HEIGHT,
                    vm.window().start(),
                    vm.window().end(),
                    pal);
        }
        g.restore();
    }

    private void pressed(MouseEvent e) {
        TimeScale s = scale();
        if (s == null || e.getX() / s() < s.x0()) {
            return;
        }
        long t = s.time(e.getX() / s());
        TimelineViewModel.Window w = vm.window();
        if (w.contains(t)) {
            grabOffset = t - w.start();
        } else {
            grabOffset = w.span() / 2;
            moveTo(t);
        }
    }

    private void dragged(MouseEvent e) {
        TimeScale s = scale();
        if (s != null) {
            moveTo(s.time(Math.max(s.x0(), e.getX() / s())));
        }
    }

    private void moveTo(long t) {
        TimelineViewModel.Window w = vm.window();
        long start = TimeScale.saturatedSub(t, grabOffset);
        vm.goTo(start, TimeScale.saturatedAdd(start, w.span()));
    }
}
