package dev.orderlens.ui;

import dev.orderlens.layout.TimelineModel;
import dev.orderlens.model.Time;

/**
 * "Show on timeline": select a request or move the view to a time, zooming in when it would be too
 * small to see.
 */
final class Navigate {
    /** A request narrower than this many pixels is zoomed onto. */
    private static final double MIN_VISIBLE_PX = 4;

    private Navigate() {}

    /**
     * Selects a request, scrolls to its lane and moves the window to it; zooms in if it would be a
     * sliver.
     */
    static void showRequest(TimelineViewModel vm, int row) {
        if (row < 0 || vm.trace() == null) {
            return;
        }
        vm.selectAndReveal(row);
        TimelineModel m = vm.model();
        if (m == null) {
            return;
        }
        long s = m.columns().start(row);
        long e = m.columns().end(row);
        double px = (e - s) / Math.max(1e-9, vm.scale().nsPerPx());
        if (px < MIN_VISIBLE_PX) {
            long span = Math.max(TimelineViewModel.MIN_SPAN_NS, (e - s) * 12);
            long mid = s + (e - s) / 2;
            vm.goTo(mid - span / 2, mid - span / 2 + span);
        }
    }

    /**
     * Centres the window on a time (keeping the zoom) when it is not in the middle half of the
     * view.
     */
    static void showTime(TimelineViewModel vm, long t) {
        if (t == Time.NONE || vm.trace() == null) {
            return;
        }
        TimelineViewModel.Window w = vm.window();
        long quarter = w.span() / 4;
        if (t < w.start() + quarter || t > w.end() - quarter) {
            vm.goTo(t - w.span() / 2, t - w.span() / 2 + w.span());
        }
    }
}
