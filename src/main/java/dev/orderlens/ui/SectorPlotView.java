package dev.orderlens.ui;

import dev.orderlens.layout.CrashOverlay;
import dev.orderlens.layout.Palette;
import dev.orderlens.layout.SectorPlot;
import dev.orderlens.layout.SectorPlotRenderer;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;

/**
 * The Sectors side tab: iowatcher's views of the trace on screen ({@link SectorPlot}) for the
 * timeline's time window — per lane the sectors over time, the flushes, the throughput and IOPS —
 * with the crash point, drawn through {@link SectorPlotRenderer} like its PNG/SVG export. It
 * follows the window, the theme and the crash marker, and paints only while its tab is in front;
 * binning is one pass over the requests, on the FX thread (tens of ms at a million requests).
 */
final class SectorPlotView extends BorderPane {
    private final TimelineViewModel timeline;
    private final Canvas canvas = new Canvas(1, 1);
    private final ScrollPane scroll;
    private final Label hint = new Label();
    private final Tab tab = new Tab("Sectors", this);
    private final ObjectProperty<CrashOverlay> crash = new SimpleObjectProperty<>(this, "crash");
    private SectorPlot plot;
    private SectorPlot.Frame frame;
    private boolean pending;
    private double lastPaintMs;

    SectorPlotView(TimelineViewModel timeline) {
        this.timeline = timeline;
        setId("sector-plot");
        tab.setId("sectors-tab");
        canvas.setId("sector-canvas");
        scroll = new ScrollPane(new Pane(canvas));
        scroll.setFitToWidth(true);
        hint.setWrapText(true);
        setTop(hint);
        setCenter(scroll);
        timeline.traceProperty()
                .addListener(
                        (o, a, t) -> {
                            plot = null;
                            requestPaint();
                        });
        timeline.windowProperty().addListener((o, a, b) -> requestPaint());
        timeline.darkProperty().addListener((o, a, b) -> requestPaint());
        crash.addListener((o, a, b) -> requestPaint());
        scroll.viewportBoundsProperty().addListener((o, a, b) -> requestPaint());
        tab.selectedProperty().addListener((o, a, b) -> requestPaint());
    }

    Tab tab() {
        return tab;
    }

    /** The crash marker to draw (bound to the explorer's overlay). */
    ObjectProperty<CrashOverlay> crashProperty() {
        return crash;
    }

    Canvas canvas() {
        return canvas;
    }

    /** The frame last painted (tests read its bins), or null. */
    SectorPlot.Frame frame() {
        return frame;
    }

    /** How long the last paint took, binning included, in ms. */
    double lastPaintMs() {
        return lastPaintMs;
    }

    private void requestPaint() {
        if (!pending) {
            pending = true;
            Platform.runLater(
                    () -> {
                        pending = false;
                        paint();
                    });
        }
    }

    /** Bins the visible window and paints it (only while the tab is in front). */
    void paint() {
        if (!tab.isSelected()) {
            return;
        }
        Trace t = timeline.trace();
        if (t == null) {
            hint.setText("No trace open.");
            frame = null;
            canvas.setWidth(1);
            canvas.setHeight(1);
            return;
        }
        long started = System.nanoTime();
        if (plot == null || plot.trace() != t) {
            plot = SectorPlot.of(t);
        }
        if (plot.lanes().isEmpty()) {
            hint.setText("This trace has no reads or writes to plot.");
            frame = null;
            return;
        }
        double width =
                Math.max(SectorPlotRenderer.GUTTER + 50, scroll.getViewportBounds().getWidth());
        double height = Math.max(200, scroll.getViewportBounds().getHeight());
        int columns = (int) Math.floor(width - SectorPlotRenderer.GUTTER);
        int rows = SectorPlotRenderer.rowsFor(height, plot.lanes().size());
        TimelineViewModel.Window w = timeline.window();
        frame = plot.frame(w.start(), w.end(), columns, rows);
        canvas.setWidth(SectorPlotRenderer.GUTTER + columns);
        canvas.setHeight(SectorPlotRenderer.height(frame));
        Palette pal = timeline.darkProperty().get() ? Palette.DARK : Palette.LIGHT;
        CrashOverlay c = crash.get();
        SectorPlotRenderer.paint(
                new FxPainter(canvas.getGraphicsContext2D()),
                frame,
                pal,
                c == null ? Time.NONE : c.timeNs());
        lastPaintMs = (System.nanoTime() - started) / 1e6;
        hint.setText(
                "Sectors over time in the lanes' window, one pixel column each"
                        + String.format(
                                java.util.Locale.ROOT,
                                " (%s per column)",
                                Time.formatDuration(Math.max(1, w.span() / columns))));
    }
}
