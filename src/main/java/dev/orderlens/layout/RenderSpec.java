package dev.orderlens.layout;

import dev.orderlens.model.Time;

/**
 * Everything a frame depends on. Two equal specs draw the same pixels, so a spec is also the key of
 * the frame cache.
 *
 * @param layout lanes, rows and the model under the current filter
 * @param view the visible window and the frame's size in pixels
 * @param palette light or dark colours
 * @param epochNs wall-clock time of the trace's zero for absolute ruler labels, or {@link
 *     Time#NONE}
 * @param selected the selected request row, or -1
 * @param crash the crash point to mark and the write states to colour by, or null for none
 * @param highlight requests to mark (a latency histogram bucket's), or null for none
 */
public record RenderSpec(
        LaneLayout layout,
        Viewport view,
        Palette palette,
        long epochNs,
        int selected,
        CrashOverlay crash,
        Highlight highlight) {
    public long startNs() {
        return view.startNs();
    }

    public long endNs() {
        return view.endNs();
    }

    public double width() {
        return view.width();
    }

    public double height() {
        return view.height();
    }

    public double scrollY() {
        return view.scrollY();
    }

    public TimeScale scale() {
        Metrics m = layout.metrics();
        return new TimeScale(
                view.startNs(),
                view.endNs(),
                m.gutterWidth(),
                Math.max(1, view.width() - m.gutterWidth()));
    }

    public boolean absolute() {
        return epochNs != Time.NONE;
    }
}
