package dev.orderlens.ui;

import dev.orderlens.analysis.BlockMap;
import dev.orderlens.analysis.SectorContents;
import dev.orderlens.layout.BlockMapLayout;
import dev.orderlens.layout.DisplayList;
import dev.orderlens.layout.Palette;
import dev.orderlens.layout.RequestDescription;
import dev.orderlens.model.Trace;
import java.util.function.IntConsumer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Orientation;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;

/**
 * The crash pane's block map on a canvas: {@link BlockMapLayout} places the runs, this view
 * scrolls, zooms (Ctrl+wheel, or {@link #zoomBy}), tells what is under the mouse and selects a run
 * on click ({@code onPick} gets the run's newest candidate write, to show it on the timeline).
 */
final class BlockMapView extends Region {
    private final Canvas canvas = new Canvas();
    private final ScrollBar vbar = new ScrollBar();
    private final ObjectProperty<BlockMap> map = new SimpleObjectProperty<>(this, "map");
    private final DoubleProperty zoom = new SimpleDoubleProperty(this, "zoom", Double.NaN);
    private final DoubleProperty scale = new SimpleDoubleProperty(this, "scale", 1);
    private final ObjectProperty<String> hover = new SimpleObjectProperty<>(this, "hover", "");
    private final ReadOnlyIntegerWrapper selectedRange =
            new ReadOnlyIntegerWrapper(this, "selectedRange", -1);
    private final javafx.beans.property.BooleanProperty dark;
    private BlockMapLayout layout;
    private IntConsumer onPick = row -> {};

    /**
     * Maps with more runs than this are laid out on {@link #layouts}' worker, not the FX thread.
     */
    private int syncRuns = 5_000;

    private final Latest layouts;

    /**
     * @param worker lays out large maps (a map of 10^6 writes has ~10^5 runs: ~a second of work)
     * @param fx runs the finished layout on the FX thread
     */
    BlockMapView(
            javafx.beans.property.BooleanProperty dark,
            java.util.concurrent.Executor worker,
            java.util.concurrent.Executor fx) {
        this.dark = dark;
        this.layouts = new Latest(worker, fx, Latest.Show.NEWEST_ONLY);
        setId("block-map");
        canvas.setId("block-map-canvas");
        vbar.setOrientation(Orientation.VERTICAL);
        getChildren().addAll(canvas, vbar);
        map.addListener(
                (o, a, b) -> {
                    selectedRange.set(-1);
                    if (b != null && a != null && Double.isFinite(zoom.get())) {
                        relayout(); // keep the user's zoom across crash points
                    } else {
                        zoom.set(Double.NaN);
                        requestLayout();
                    }
                });
        zoom.addListener((o, a, b) -> relayout());
        scale.addListener((o, a, b) -> requestLayout());
        dark.addListener((o, a, b) -> paint());
        vbar.valueProperty().addListener((o, a, b) -> paint());
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover.set(describe(hit(e))));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover.set(""));
        canvas.addEventHandler(
                MouseEvent.MOUSE_CLICKED,
                e -> {
                    if (e.getButton() == MouseButton.PRIMARY) {
                        pick(hit(e).range());
                    }
                });
        canvas.addEventHandler(
                ScrollEvent.SCROLL,
                e -> {
                    if (e.isControlDown()) {
                        zoomBy(Math.pow(2, e.getDeltaY() / 80.0));
                    } else {
                        vbar.setValue(
                                Math.max(
                                        vbar.getMin(),
                                        Math.min(
                                                vbar.getMax(),
                                                vbar.getValue() - e.getDeltaY() / s())));
                    }
                    e.consume();
                });
    }

    ObjectProperty<BlockMap> mapProperty() {
        return map;
    }

    /** Pixels per sector (NaN: fit on the next layout). */
    DoubleProperty zoomProperty() {
        return zoom;
    }

    DoubleProperty scaleProperty() {
        return scale;
    }

    /** What is under the mouse, in words. */
    ObjectProperty<String> hoverTextProperty() {
        return hover;
    }

    ReadOnlyIntegerProperty selectedRangeProperty() {
        return selectedRange.getReadOnlyProperty();
    }

    /** For tests: maps with more runs than this are laid out in the background. */
    void setSyncRuns(int runs) {
        syncRuns = runs;
    }

    BlockMapLayout layoutForTests() {
        return layout;
    }

    Canvas canvas() {
        return canvas;
    }

    void setOnPick(IntConsumer pick) {
        onPick = pick;
    }

    void zoomBy(double factor) {
        if (Double.isFinite(zoom.get())) {
            zoom.set(BlockMapLayout.clampZoom(zoom.get() * factor));
        }
    }

    void fit() {
        zoom.set(Double.NaN);
        requestLayout();
    }

    /** Selects a run and tells {@code onPick} its newest candidate write (or -1). */
    void pick(int range) {
        selectedRange.set(range);
        paint();
        BlockMap m = map.get();
        if (m == null || range < 0) {
            return;
        }
        int[] c = m.ranges().get(range).candidates();
        int row = -1;
        for (int x : c) {
            if (x >= 0) {
                row = x;
            }
        }
        onPick.accept(row);
    }

    private double s() {
        return scale.get() > 0 ? scale.get() : 1;
    }

    private double logicalWidth() {
        return Math.max(1, canvas.getWidth() / s());
    }

    private double logicalHeight() {
        return Math.max(1, canvas.getHeight() / s());
    }

    @Override
    protected void layoutChildren() {
        double bw = vbar.prefWidth(-1);
        canvas.setWidth(Math.max(1, Math.floor(getWidth() - bw)));
        canvas.setHeight(Math.max(1, Math.floor(getHeight())));
        vbar.resizeRelocate(getWidth() - bw, 0, bw, getHeight());
        BlockMap m = map.get();
        if (m != null && !Double.isFinite(zoom.get()) && getWidth() > 1) {
            zoom.set(
                    BlockMapLayout.fitZoom(
                            m, logicalWidth(), logicalHeight())); // relayouts through the listener
        } else {
            relayout();
        }
    }

    @Override
    protected double computePrefWidth(double height) {
        return 420;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 160;
    }

    /**
     * Lays the map out for the current width and zoom: at once for small maps, else in the
     * background (the previous layout stays on screen meanwhile, "Laying out…" if none). A layout
     * pass that changes neither keeps the layout.
     */
    private void relayout() {
        BlockMap m = map.get();
        double width = logicalWidth();
        double z = zoom.get();
        if (m == null || !Double.isFinite(z)) {
            layouts.cancel();
            show(null);
            return;
        }
        if (layout != null
                && layout.map() == m
                && layout.pxPerSector() == z
                && layout.requestedWidth() == width) {
            show(layout);
            return;
        }
        if (m.ranges().size() <= syncRuns) {
            layouts.cancel();
            show(new BlockMapLayout(m, width, z, new FxPainter(canvas.getGraphicsContext2D())));
            return;
        }
        if (layout != null && layout.map() != m) {
            layout = null; // another crash point: not the previous point's runs under its numbers
        }
        layouts.submit(
                "Could not lay out the block map",
                () -> new BlockMapLayout(m, width, z, new DisplayList(FxPainter.MEASURE)),
                l -> {
                    if (map.get() == m) {
                        show(l);
                    }
                },
                line -> {});
        show(layout);
    }

    private void show(BlockMapLayout l) {
        layout = l;
        double content = layout == null ? 0 : layout.height();
        double view = logicalHeight();
        vbar.setMin(0);
        vbar.setMax(Math.max(0, content - view));
        vbar.setVisibleAmount(
                content <= 0 ? 1 : Math.max(1, view * Math.max(0, content - view) / content));
        vbar.setUnitIncrement(BlockMapLayout.ROW_H);
        vbar.setDisable(content <= view);
        if (vbar.getValue() > vbar.getMax()) {
            vbar.setValue(vbar.getMax());
        }
        paint();
    }

    private void paint() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        Palette pal = dark.get() ? Palette.DARK : Palette.LIGHT;
        g.save();
        g.scale(s(), s());
        FxPainter p = new FxPainter(g);
        if (layout == null) {
            p.fillRect(0, 0, logicalWidth(), logicalHeight(), pal.background());
            p.text(
                    map.get() == null
                            ? "Drop a crash point (K, or the crash tool) to see which sectors may change."
                            : "Laying out…",
                    8,
                    20,
                    dev.orderlens.layout.Painter.Font.NORMAL,
                    pal.textDim(),
                    dev.orderlens.layout.Painter.Align.LEFT);
        } else if (layout.cells().isEmpty()) {
            layout.paint(p, pal, 0, logicalWidth(), logicalHeight(), -1);
            p.text(
                    "No sector of the content layer was written by this crash point.",
                    8,
                    layout.legendHeight() + 20,
                    dev.orderlens.layout.Painter.Font.NORMAL,
                    pal.textDim(),
                    dev.orderlens.layout.Painter.Align.LEFT);
        } else {
            layout.paint(
                    p, pal, vbar.getValue(), logicalWidth(), logicalHeight(), selectedRange.get());
        }
        g.restore();
    }

    private BlockMapLayout.Hit hit(MouseEvent e) {
        if (layout == null || e.getY() / s() < layout.legendHeight()) {
            return new BlockMapLayout.Hit(-1, -1, null);
        }
        return layout.hit(e.getX() / s(), e.getY() / s() + vbar.getValue());
    }

    private String describe(BlockMapLayout.Hit h) {
        BlockMap m = map.get();
        if (m == null) {
            return "";
        }
        if (h.gap() != null) {
            return String.format(
                    "sectors %,d – %,d: not written by the crash point (old content), elided",
                    h.gap().from(), h.gap().to() - 1);
        }
        if (h.range() < 0) {
            return "";
        }
        BlockMap.Range r = m.ranges().get(h.range());
        Trace t = m.result().analysis().trace();
        String what =
                r.contents()
                        ? "may hold " + candidates(t, r.candidates())
                        : "written by "
                                + candidates(t, r.candidates())
                                + (r.writers() > r.candidates().length
                                        ? String.format(
                                                " and %,d more",
                                                r.writers() - r.candidates().length)
                                        : "");
        String layers = m.layerNames(r);
        return String.format(
                "%s sector %,d (run %,d – %,d): %s%s — %s%s",
                m.heading(r.domain()),
                h.sector(),
                r.from(),
                r.to() - 1,
                r.sectorClass().label(),
                r.worst() == null ? "" : " (worst write: " + r.worst().jsonName() + ")",
                what,
                layers.isEmpty() ? "" : "; layers " + layers);
    }

    static String candidates(Trace t, int[] c) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.length; i++) {
            sb.append(i == 0 ? "" : i == c.length - 1 ? " or " : ", ");
            sb.append(
                    c[i] == SectorContents.INITIAL
                            ? "the old content"
                            : c[i] == SectorContents.GARBAGE
                                    ? "garbage"
                                    : RequestDescription.name(t, c[i]));
        }
        return sb.toString();
    }
}
