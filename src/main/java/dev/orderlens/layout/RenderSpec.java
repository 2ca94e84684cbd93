package dev.orderlens.layout;

import dev.orderlens.model.Time;

/**
 * Everything a frame depends on. Two equal specs draw the same pixels, so a spec is also the key of
 * the frame cache.
 *
 * @param layout lanes, rows and the model under the current filter
 * @param startNs first visible time
 * @param endNs end of the visible window (exclusive)
 * @param width view width in pixels (gutter included)
 * @param height view height in pixels (ruler included)
 * @param scrollY vertical scroll of the lanes in pixels
 * @param palette light or dark colours
 * @param epochNs wall-clock time of the trace's zero for absolute ruler labels, or {@link
 *     Time#NONE}
 * @param selected the selected request row, or -1
 * @param crash the crash point to mark and the write states to colour by, or null for none
 * @param highlight requests to mark (a latency histogram bucket's), or null for none
 * @param marks the selected range, markers A and B and a comparison's crash point, or null
 */
public record RenderSpec(
        LaneLayout layout,
        long startNs,
        long endNs,
        double width,
        double height,
        double scrollY,
        Palette palette,
        long epochNs,
        int selected,
        CrashOverlay crash,
        Highlight highlight,
        TimeMarks marks) {
    /** A frame without marked times. */
    public RenderSpec(
            LaneLayout layout,
            long startNs,
            long endNs,
            double width,
            double height,
            double scrollY,
            Palette palette,
            long epochNs,
            int selected,
            CrashOverlay crash,
            Highlight highlight) {
        this(
                layout, startNs, endNs, width, height, scrollY, palette, epochNs, selected, crash,
                highlight, null);
    }

    /** A frame without highlighted requests. */
    public RenderSpec(
            LaneLayout layout,
            long startNs,
            long endNs,
            double width,
            double height,
            double scrollY,
            Palette palette,
            long epochNs,
            int selected,
            CrashOverlay crash) {
        this(
                layout, startNs, endNs, width, height, scrollY, palette, epochNs, selected, crash,
                null, null);
    }

    public TimeScale scale() {
        Metrics m = layout.metrics();
        return new TimeScale(startNs, endNs, m.gutterWidth(), Math.max(1, width - m.gutterWidth()));
    }

    public boolean absolute() {
        return epochNs != Time.NONE;
    }
}
