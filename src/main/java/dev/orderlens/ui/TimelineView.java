package dev.orderlens.ui;

import dev.orderlens.layout.CrashOverlay;
import dev.orderlens.layout.DisplayList;
import dev.orderlens.layout.HitTest;
import dev.orderlens.layout.LaneLayout;
import dev.orderlens.layout.Metrics;
import dev.orderlens.layout.Palette;
import dev.orderlens.layout.RenderSpec;
import dev.orderlens.layout.RequestDescription;
import dev.orderlens.layout.TimeScale;
import dev.orderlens.layout.TimelineModel;
import dev.orderlens.layout.TimelineRenderer;
import dev.orderlens.layout.Viewport;
import java.util.concurrent.Executor;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Orientation;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;

/**
 * The swim lanes: one canvas (no node per request) and a vertical scroll bar. Painting replays an
 * immutable {@link DisplayList} frame; for big models the frame is computed on a background thread
 * (the newest request wins) while the canvas keeps showing the previous one, so the FX thread never
 * waits on a large trace. Mouse: wheel zooms around the cursor, drag pans, click selects, click a
 * lane label to collapse it. Keys: + − ← → Home End F Z [ ] ↑ ↓ PgUp PgDn C Esc, N / Shift+N (next
 * / previous highlighted request; Esc clears the selection first, then the highlight, then the
 * range), Shift+F (Fit All), A / B (markers at the mouse; Shift removes them). A drag across the
 * ruler, or Shift+drag on the lanes, selects a time range; a click on the ruler sets marker A,
 * Shift+click marker B. With a {@link CrashMarker}: drag the crash marker (or anywhere with its
 * tool on), K drops it, , . nudge it. {@link #scaleProperty()} magnifies everything drawn (the
 * large-font mode); the layout then works in unscaled pixels.
 */
final class TimelineView extends Region {
    /** Models with more shown requests than this get their frames computed off the FX thread. */
    static final int ASYNC_THRESHOLD = 100_000;

    private static final double DRAG_SLOP = 3;

    private final TimelineViewModel vm;
    private final Canvas canvas = new Canvas();
    private final ScrollBar vbar = new ScrollBar();
    private final Label tooltip = new Label();

    /**
     * Frames of large models; a frame of a superseded spec is still painted if nothing newer was,
     * so a drag keeps repainting while frames take longer than mouse events.
     */
    private final Latest frames;

    private RenderSpec requested;
    private RenderSpec painted;
    private int asyncThreshold = ASYNC_THRESHOLD;
    private long framesPainted;
    private java.util.function.Consumer<RenderSpec> onPainted = spec -> {};
    private double paintedScale = 1;

    private double pressX;
    private double pressY;
    private TimelineViewModel.Window pressWindow;
    private double pressScroll;
    private boolean dragging;
    private boolean markerDrag;
    private boolean rangeDrag;
    private boolean pressInRuler;
    private long rangeAnchor;
    private double mouseX = -1;

    /** The crash point the view draws and moves; implemented by the crash explorer. */
    interface CrashMarker {
        /** The marker's time, or {@link dev.orderlens.model.Time#NONE} when there is none. */
        long timeNs();

        /** Moves (or drops) the marker: while dragging, for "crash here" and nudges. */
        void moveTo(long ns);

        /** The mouse holds the marker (from the press to the release): its moves are a drag. */
        default void held(boolean held) {}

        void clear();

        /**
         * True while the crash tool is on: a press anywhere on the lanes places and drags the
         * marker.
         */
        boolean toolActive();
    }

    /**
     * Adds items for a right-click on the lanes: the request under it (or -1) and the time there.
     */
    interface MenuExtras {
        void add(ContextMenu menu, int row, long timeNs);
    }

    private final ObjectProperty<CrashOverlay> crash = new SimpleObjectProperty<>(this, "crash");
    private final DoubleProperty scale = new SimpleDoubleProperty(this, "scale", 1);
    private CrashMarker marker;
    private final java.util.List<MenuExtras> menuExtras = new java.util.ArrayList<>();

    /**
     * @param frameWorker builds the frames of models too large to draw on the FX thread
     * @param fx runs on the FX thread
     */
    TimelineView(TimelineViewModel vm, Executor frameWorker, Executor fx) {
        this.vm = vm;
        this.frames = new Latest(frameWorker, fx, Latest.Show.NEWEST_FINISHED);
        getStyleClass().add("timeline");
        setId("timeline");
        canvas.setId("timeline-canvas");
        canvas.setFocusTraversable(true);
        vbar.setOrientation(Orientation.VERTICAL);
        tooltip.getStyleClass().add("timeline-tooltip");
        tooltip.setManaged(false);
        tooltip.setVisible(false);
        tooltip.setMouseTransparent(true);
        getChildren().addAll(canvas, vbar, tooltip);
        // after the window is shown, before any trace arrives (a fifth of the window's
        // construction, ADR 0380)
        javafx.application.Platform.runLater(FxPainter::prime);

        vm.layoutProperty().addListener((o, a, b) -> requestFrame());
        vm.windowProperty().addListener((o, a, b) -> requestFrame());
        vm.selectedProperty().addListener((o, a, b) -> requestFrame());
        vm.highlightProperty().addListener((o, a, b) -> requestFrame());
        vm.marks().property().addListener((o, a, b) -> requestFrame());
        vm.scrollYProperty()
                .addListener(
                        (o, a, b) -> {
                            if (vbar.getValue() != b.doubleValue()) {
                                vbar.setValue(b.doubleValue());
                            }
                            requestFrame();
                        });
        vm.darkProperty().addListener((o, a, b) -> requestFrame());
        vm.absoluteTimeProperty().addListener((o, a, b) -> requestFrame());
        crash.addListener((o, a, b) -> requestFrame());
        scale.addListener((o, a, b) -> requestLayout());
        vbar.valueProperty().addListener((o, a, b) -> vm.scrollYProperty().set(b.doubleValue()));

        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, this::moved);
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> tooltip.setVisible(false));
        canvas.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        canvas.addEventHandler(KeyEvent.KEY_PRESSED, this::key);
    }

    Canvas canvas() {
        return canvas;
    }

    /** The crash point drawn over the lanes (null: none). */
    ObjectProperty<CrashOverlay> crashProperty() {
        return crash;
    }

    /** Magnification of everything drawn on the canvas (1 = normal). */
    DoubleProperty scaleProperty() {
        return scale;
    }

    void setCrashMarker(CrashMarker m) {
        marker = m;
    }

    void addMenuExtras(MenuExtras extras) {
        menuExtras.add(extras);
    }

    /** Canvas pixels per layout pixel. */
    private double s() {
        return scale.get() > 0 ? scale.get() : 1;
    }

    Label tooltipLabel() {
        return tooltip;
    }

    /** For tests: frames of models at least this big are computed in the background. */
    void setAsyncThreshold(int n) {
        asyncThreshold = n;
    }

    /** The spec of the frame on screen (null before the first). */
    RenderSpec paintedSpec() {
        return painted;
    }

    long framesPainted() {
        return framesPainted;
    }

    /** Called on the FX thread after each frame is on the canvas (the drag benchmark). */
    void setOnPainted(java.util.function.Consumer<RenderSpec> listener) {
        onPainted = listener;
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        double bw = vbar.prefWidth(-1);
        canvas.setWidth(Math.max(1, Math.floor(w - bw)));
        canvas.setHeight(Math.max(1, Math.floor(h)));
        vbar.resizeRelocate(
                w - bw,
                vm.metrics().rulerHeight() * s(),
                bw,
                Math.max(0, h - vm.metrics().rulerHeight() * s()));
        vm.setViewSize(canvas.getWidth() / s(), canvas.getHeight() / s());
        updateScrollBar();
        requestFrame();
    }

    @Override
    protected double computePrefWidth(double height) {
        return 800;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 400;
    }

    private void updateScrollBar() {
        LaneLayout l = vm.layout();
        double content = l == null ? 0 : l.contentHeight();
        double view = vm.pageHeight();
        vbar.setMin(0);
        vbar.setMax(Math.max(0, content - view));
        vbar.setVisibleAmount(
                content <= 0 ? 1 : Math.max(1, view * Math.max(0, content - view) / content));
        vbar.setUnitIncrement(vm.metrics().rowHeight());
        vbar.setBlockIncrement(view);
        vbar.setDisable(content <= view);
    }

    private RenderSpec currentSpec() {
        LaneLayout l = vm.layout();
        if (l == null || canvas.getWidth() / s() <= vm.metrics().gutterWidth() + 1) {
            return null;
        }
        TimelineViewModel.Window w = vm.window();
        return new RenderSpec(
                l,
                new Viewport(
                        w.start(),
                        w.end(),
                        canvas.getWidth() / s(),
                        canvas.getHeight() / s(),
                        vm.scrollYProperty().get()),
                vm.darkProperty().get() ? Palette.DARK : Palette.LIGHT,
                vm.epochForLabels(),
                vm.selected(),
                crash.get(),
                vm.highlight(),
                vm.marks().get());
    }

    /** Asks for a frame of the current state; cheap to call often (identical specs are skipped). */
    void requestFrame() {
        updateScrollBar();
        RenderSpec spec = currentSpec();
        if (spec == null) {
            paintEmpty();
            return;
        }
        if (spec.equals(requested) && paintedScale == s()) {
            return;
        }
        requested = spec;
        if (spec.layout().model().shownCount() < asyncThreshold) {
            frames.cancel(); // a frame still being built for a large model is out of date
            paint(spec, build(spec));
            return;
        }
        frames.submit("Could not draw the lanes", () -> build(spec), f -> paint(spec, f), LOG_ONLY);
    }

    /** A failed frame is logged by {@link Latest}; the canvas keeps the previous one. */
    private static final java.util.function.Consumer<String> LOG_ONLY = line -> {};

    private static DisplayList build(RenderSpec spec) {
        DisplayList list = new DisplayList(FxPainter.MEASURE);
        TimelineRenderer.paint(list, spec);
        return list.seal();
    }

    private void paint(RenderSpec spec, DisplayList frame) {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.save();
        g.scale(s(), s());
        frame.replay(new FxPainter(g));
        g.restore();
        paintedScale = s();
        painted = spec;
        framesPainted++;
        onPainted.accept(spec);
    }

    private void paintEmpty() {
        frames.cancel();
        requested = null;
        painted = null;
        GraphicsContext g = canvas.getGraphicsContext2D();
        FxPainter p = new FxPainter(g);
        Palette pal = vm.darkProperty().get() ? Palette.DARK : Palette.LIGHT;
        p.fillRect(0, 0, canvas.getWidth(), canvas.getHeight(), pal.background());
        String msg =
                vm.trace() == null
                        ? "Open a trace: File → Open, or drop files here"
                        : "Laying out the lanes…";
        p.text(
                msg,
                canvas.getWidth() / 2,
                canvas.getHeight() / 2,
                dev.orderlens.layout.Painter.Font.NORMAL,
                pal.textDim(),
                dev.orderlens.layout.Painter.Align.CENTER);
    }

    // ---- mouse ----

    private HitTest.Hit hit(double x, double y) {
        LaneLayout l = vm.layout();
        if (l == null) {
            return HitTest.Hit.NONE;
        }
        return HitTest.at(l, vm.scale(), vm.scrollYProperty().get(), x / s(), y / s(), 3);
    }

    private void pressed(MouseEvent e) {
        canvas.requestFocus();
        pressX = e.getX();
        pressY = e.getY();
        pressWindow = vm.window();
        pressScroll = vm.scrollYProperty().get();
        dragging = false;
        tooltip.setVisible(false);
        markerDrag =
                e.getButton() == MouseButton.PRIMARY
                        && marker != null
                        && e.getX() / s() >= vm.metrics().gutterWidth()
                        && (marker.toolActive() || nearMarker(e.getX()));
        if (markerDrag) {
            marker.held(true);
        }
        if (markerDrag && marker.toolActive()) {
            marker.moveTo(timeAt(e.getX()));
        }
        // a drag across the ruler, or Shift+drag on the lanes, selects a time range
        pressInRuler = e.getY() / s() < vm.metrics().rulerHeight();
        rangeDrag =
                !markerDrag
                        && e.getButton() == MouseButton.PRIMARY
                        && e.getX() / s() >= vm.metrics().gutterWidth()
                        && (pressInRuler || e.isShiftDown());
        rangeAnchor = timeAt(e.getX());
    }

    /** The time under a canvas x. */
    private long timeAt(double canvasX) {
        return vm.scale().time(canvasX / s());
    }

    private boolean nearMarker(double canvasX) {
        long t = marker == null ? dev.orderlens.model.Time.NONE : marker.timeNs();
        if (t == dev.orderlens.model.Time.NONE || !vm.window().contains(t)) {
            return false;
        }
        return Math.abs(canvasX / s() - vm.scale().x(t)) <= 5;
    }

    private void dragged(MouseEvent e) {
        if (markerDrag) {
            dragging = true;
            marker.moveTo(
                    timeAt(
                            Math.max(
                                    vm.metrics().gutterWidth() * s(),
                                    Math.min(canvas.getWidth(), e.getX()))));
            return;
        }
        if (rangeDrag) {
            if (!dragging && Math.abs(e.getX() - pressX) < DRAG_SLOP) {
                return;
            }
            dragging = true;
            vm.marks().draggingProperty().set(true);
            double x =
                    Math.max(
                            vm.metrics().gutterWidth() * s(),
                            Math.min(canvas.getWidth(), e.getX()));
            vm.marks().selectRange(rangeAnchor, timeAt(x));
            return;
        }
        if (pressWindow == null || e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        double dx = e.getX() - pressX;
        double dy = e.getY() - pressY;
        if (!dragging && Math.hypot(dx, dy) < DRAG_SLOP) {
            return;
        }
        dragging = true;
        double nsPerPx =
                (double) pressWindow.span()
                        / Math.max(1, canvas.getWidth() / s() - vm.metrics().gutterWidth());
        long shift = (long) (-dx / s() * nsPerPx);
        vm.goTo(
                TimeScale.saturatedAdd(pressWindow.start(), shift),
                TimeScale.saturatedAdd(pressWindow.end(), shift));
        vm.scrollYProperty().set(pressScroll - dy / s());
    }

    private void released(MouseEvent e) {
        if (rangeDrag) {
            rangeDrag = false;
            pressWindow = null;
            if (dragging) {
                dragging = false;
                vm.marks().draggingProperty().set(false);
                return;
            }
            if (pressInRuler) { // a click on the ruler: marker A, with Shift marker B
                if (e.isShiftDown()) {
                    vm.marks().setMarkerB(rangeAnchor);
                } else {
                    vm.marks().setMarkerA(rangeAnchor);
                }
                return;
            }
        }
        if (markerDrag) {
            markerDrag = false;
            dragging = false;
            pressWindow = null;
            marker.held(false);
            return;
        }
        if (dragging) {
            dragging = false;
            pressWindow = null;
            return;
        }
        pressWindow = null;
        HitTest.Hit h = hit(e.getX(), e.getY());
        if (e.getButton() == MouseButton.SECONDARY) {
            ContextMenu menu = h.band() != null ? laneMenu(h.band()) : new ContextMenu();
            if (e.getX() / s() >= vm.metrics().gutterWidth()) {
                for (MenuExtras extras : menuExtras) {
                    extras.add(menu, h.row(), timeAt(e.getX()));
                }
            }
            if (!menu.getItems().isEmpty()) {
                menu.show(canvas, e.getScreenX(), e.getScreenY());
            }
            return;
        }
        if (e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        if (h.gutter() || h.band() != null && h.band().kind() == LaneLayout.Kind.LAYER_HEADER) {
            toggle(h.band());
            return;
        }
        vm.select(h.row());
    }

    private void toggle(LaneLayout.Band b) {
        if (b.kind() == LaneLayout.Kind.LAYER_HEADER || b.kind() == LaneLayout.Kind.LAYER_SUMMARY) {
            vm.toggleLayer(b.layer().layer().id());
        } else if (b.sub() != null) {
            vm.toggleLane(b.sub().lane().index());
        }
    }

    private ContextMenu laneMenu(LaneLayout.Band b) {
        String id = b.layer().layer().id();
        MenuItem up = new MenuItem("Move “" + b.layer().layer().name() + "” Up");
        up.setOnAction(a -> vm.moveLayer(id, -1));
        MenuItem down = new MenuItem("Move “" + b.layer().layer().name() + "” Down");
        down.setOnAction(a -> vm.moveLayer(id, 1));
        MenuItem collapse =
                new MenuItem(
                        vm.laneViewProperty().get().collapsed(id)
                                ? "Expand Layer"
                                : "Collapse Layer");
        collapse.setOnAction(a -> vm.toggleLayer(id));
        ContextMenu menu = new ContextMenu(up, down, collapse);
        if (b.sub() != null) {
            int lane = b.sub().lane().index();
            MenuItem sub =
                    new MenuItem(
                            (vm.laneViewProperty().get().laneCollapsed(lane)
                                            ? "Expand"
                                            : "Collapse")
                                    + " Lane "
                                    + b.sub().label());
            sub.setOnAction(a -> vm.toggleLane(lane));
            MenuItem rename = new MenuItem("Rename Lane " + b.sub().label() + "…");
            rename.setOnAction(a -> askLaneName(lane, b.sub().label()));
            menu.getItems().addAll(sub, rename);
        }
        return menu;
    }

    /** Asks for a lane's name (kept in the session); blank gives it its own name back. */
    private void askLaneName(int lane, String own) {
        javafx.scene.control.TextInputDialog d =
                new javafx.scene.control.TextInputDialog(
                        vm.laneViewProperty().get().name(lane, own));
        d.setTitle("Rename lane");
        d.setHeaderText("A name for lane " + own + " (empty: " + own + " again)");
        if (getScene() != null && getScene().getWindow() != null) {
            Dialogs.place(d, getScene().getWindow());
        }
        d.showAndWait().ifPresent(name -> vm.renameLane(lane, name));
    }

    private void moved(MouseEvent e) {
        mouseX = e.getX();
        canvas.setCursor(
                nearMarker(e.getX())
                                || marker != null
                                        && marker.toolActive()
                                        && e.getX() / s() >= vm.metrics().gutterWidth()
                        ? Cursor.H_RESIZE
                        : Cursor.DEFAULT);
        HitTest.Hit h = hit(e.getX(), e.getY());
        TimelineModel m = vm.model();
        if (h.row() < 0 || m == null) {
            tooltip.setVisible(false);
            return;
        }
        tooltip.setText(
                RequestDescription.tooltip(
                        m.trace(), m.columns().findings(), h.row(), h.inPixel()));
        tooltip.autosize();
        double x = e.getX() + 16;
        double y = e.getY() + 18;
        if (x + tooltip.getWidth() > getWidth()) {
            x = Math.max(0, e.getX() - tooltip.getWidth() - 8);
        }
        if (y + tooltip.getHeight() > getHeight()) {
            y = Math.max(0, e.getY() - tooltip.getHeight() - 8);
        }
        tooltip.relocate(x, y);
        tooltip.setVisible(true);
    }

    private void scrolled(ScrollEvent e) {
        tooltip.setVisible(false);
        if (e.isShiftDown()) {
            // many platforms turn Shift+wheel into a horizontal delta
            vm.scrollBy(-(e.getDeltaY() != 0 ? e.getDeltaY() : e.getDeltaX()));
        } else if (Math.abs(e.getDeltaX()) > Math.abs(e.getDeltaY())) {
            vm.panNs((long) (-e.getDeltaX() * vm.scale().nsPerPx()));
        } else if (e.getDeltaY() != 0) {
            long anchor =
                    e.getX() / s() >= vm.metrics().gutterWidth()
                            ? timeAt(e.getX())
                            : vm.window().start();
            vm.zoom(Math.pow(2, e.getDeltaY() / 160.0), anchor);
        }
        e.consume();
    }

    /**
     * "Crash here": at the mouse when it is over the lanes, else at the selected request's end,
     * else mid-window.
     */
    long crashHereTime() {
        if (mouseX / s() >= vm.metrics().gutterWidth()
                && mouseX < canvas.getWidth()
                && canvas.isHover()) {
            return timeAt(mouseX);
        }
        int row = vm.selected();
        TimelineModel m = vm.model();
        if (row >= 0 && m != null) {
            return m.columns().end(row);
        }
        TimelineViewModel.Window w = vm.window();
        return w.start() + w.span() / 2;
    }

    private void key(KeyEvent e) {
        Metrics m = vm.metrics();
        boolean handled = true;
        KeyCode k = e.getCode();
        switch (k) {
            case PLUS, EQUALS, ADD -> vm.zoomIn();
            case MINUS, SUBTRACT -> vm.zoomOut();
            case LEFT -> vm.panBy(e.isShiftDown() ? -0.5 : -0.125);
            case RIGHT -> vm.panBy(e.isShiftDown() ? 0.5 : 0.125);
            case HOME -> vm.home();
            case END -> vm.end();
            case F -> {
                if (e.isShortcutDown() || e.isAltDown()) {
                    handled = false; // Ctrl+F is Find
                } else if (e.isShiftDown()) {
                    vm.fitAll();
                } else {
                    vm.fit();
                }
            }
            case Z -> vm.zoomToSelection();
            case OPEN_BRACKET -> vm.selectNeighbour(-1);
            case CLOSE_BRACKET -> vm.selectNeighbour(1);
            case ESCAPE -> {
                if (vm.selected() >= 0) {
                    vm.select(-1);
                } else if (vm.highlight() != null) {
                    vm.clearHighlight();
                } else if (vm.marks().get().hasRange()) {
                    vm.marks().clearRange();
                } else {
                    handled = false;
                }
            }
            case N -> {
                if (vm.highlight() == null || e.isShortcutDown() || e.isAltDown()) {
                    handled = false;
                } else {
                    vm.selectHighlighted(e.isShiftDown() ? -1 : 1);
                }
            }
            case UP -> {
                if (e.isAltDown() && vm.selectedLayerId() != null) {
                    vm.moveLayer(vm.selectedLayerId(), -1);
                } else {
                    vm.scrollBy(-m.rowHeight());
                }
            }
            case DOWN -> {
                if (e.isAltDown() && vm.selectedLayerId() != null) {
                    vm.moveLayer(vm.selectedLayerId(), 1);
                } else {
                    vm.scrollBy(m.rowHeight());
                }
            }
            case PAGE_UP -> vm.scrollBy(-vm.pageHeight());
            case PAGE_DOWN -> vm.scrollBy(vm.pageHeight());
            case K -> {
                if (marker == null
                        || e.isShortcutDown()
                        || e.isAltDown()) { // Ctrl+K and friends are menu accelerators
                    handled = false;
                } else if (e.isShiftDown()) {
                    marker.clear();
                } else {
                    marker.moveTo(crashHereTime());
                }
            }
            case A, B -> {
                if (e.isShortcutDown() || e.isAltDown()) {
                    handled = false;
                } else {
                    // Shift removes the marker; else it goes at the mouse (as "crash here")
                    long t = e.isShiftDown() ? dev.orderlens.model.Time.NONE : crashHereTime();
                    if (k == KeyCode.A) {
                        vm.marks().setMarkerA(t);
                    } else {
                        vm.marks().setMarkerB(t);
                    }
                }
            }
            case COMMA, PERIOD -> {
                long t = marker == null ? dev.orderlens.model.Time.NONE : marker.timeNs();
                if (t == dev.orderlens.model.Time.NONE || e.isShortcutDown() || e.isAltDown()) {
                    handled = false;
                } else {
                    double px = e.isShiftDown() ? 10 : 1;
                    long step = Math.max(1, Math.round(vm.scale().nsPerPx() * px));
                    marker.moveTo(k == KeyCode.COMMA ? t - step : t + step);
                }
            }
            case C -> {
                if (vm.selectedLayerId() != null) {
                    vm.toggleLayer(vm.selectedLayerId());
                } else {
                    handled = false;
                }
            }
            default -> handled = false;
        }
        if (handled) {
            tooltip.setVisible(false);
            e.consume();
        }
    }
}
