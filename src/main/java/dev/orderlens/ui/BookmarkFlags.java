package dev.orderlens.ui;

import dev.orderlens.layout.TimeScale;
import dev.orderlens.model.Bookmark;
import javafx.beans.property.DoubleProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;

/**
 * The bookmarks on the lanes: a flag in the ruler at each bookmark's time and a faint line down the
 * lanes, on a transparent canvas over the timeline (it takes no mouse events: the Bookmarks tab is
 * the way to them). The same purple as the flags of the HTML report.
 */
final class BookmarkFlags extends Pane {
    static final Color FLAG = Color.web("#8250df");

    private final TimelineViewModel vm;
    private final DoubleProperty scale;
    private final ObservableList<Bookmark> bookmarks;
    private final Canvas canvas = new Canvas();

    BookmarkFlags(TimelineViewModel vm, DoubleProperty scale, ObservableList<Bookmark> bookmarks) {
        this.vm = vm;
        this.scale = scale;
        this.bookmarks = bookmarks;
        setId("bookmark-flags");
        setMouseTransparent(true);
        setPickOnBounds(false);
        getChildren().add(canvas);
        bookmarks.addListener((ListChangeListener<Bookmark>) c -> paint());
        vm.windowProperty().addListener((o, a, b) -> paint());
        vm.layoutProperty().addListener((o, a, b) -> paint());
        scale.addListener((o, a, b) -> paint());
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(Math.max(1, getWidth()));
        canvas.setHeight(Math.max(1, getHeight()));
        paint();
    }

    /** The x of a bookmark on the canvas, or NaN when it is outside the window (tests). */
    double xOf(Bookmark b) {
        TimeScale t = vm.scale();
        if (b.atNs() < t.startNs() || b.atNs() >= t.endNs()) {
            return Double.NaN;
        }
        return Math.floor(t.x(b.atNs()) * s());
    }

    private double s() {
        return scale.get() > 0 ? scale.get() : 1;
    }

    private void paint() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (vm.trace() == null) {
            return;
        }
        double gutter = vm.metrics().gutterWidth() * s();
        double ruler = vm.metrics().rulerHeight() * s();
        g.setFill(FLAG);
        for (Bookmark b : bookmarks) {
            double x = xOf(b);
            if (Double.isNaN(x) || x < gutter) {
                continue;
            }
            g.setGlobalAlpha(0.35);
            g.fillRect(x, ruler, 1, canvas.getHeight() - ruler);
            g.setGlobalAlpha(1);
            g.fillPolygon(
                    new double[] {x, x + 9 * s(), x},
                    new double[] {2 * s(), 6.5 * s(), 11 * s()},
                    3);
            g.fillRect(x, 2 * s(), 1.5, ruler - 2 * s());
        }
    }
}
