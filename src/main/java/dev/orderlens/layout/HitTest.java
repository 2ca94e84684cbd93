package dev.orderlens.layout;

/** What lies under a point of the timeline view. */
public final class HitTest {
    /** Scan at most this many overlapping requests under one point. */
    private static final int MAX_SCAN = 20_000;

    private HitTest() {}

    /**
     * @param band the band under the point, or null (ruler, below the lanes)
     * @param row the request under (or within a few pixels of) the point, or -1
     * @param inPixel requests that overlap the point's pixel column in this band (≥ 1 when row ≥ 0)
     * @param gutter true when the point is in the lane-label gutter
     */
    public record Hit(LaneLayout.Band band, int row, int inPixel, boolean gutter) {
        public static final Hit NONE = new Hit(null, -1, 0, false);
    }

    /** The request at view point (x, y), within {@code tolerancePx} pixels horizontally. */
    public static Hit at(
            LaneLayout layout,
            TimeScale scale,
            double scrollY,
            double x,
            double y,
            double tolerancePx) {
        Metrics m = layout.metrics();
        if (y < m.rulerHeight()) {
            return Hit.NONE;
        }
        LaneLayout.Band band = layout.bandAt(y - m.rulerHeight() + scrollY);
        if (band == null) {
            return Hit.NONE;
        }
        if (x < scale.x0()) {
            return new Hit(band, -1, 0, true);
        }
        Sequence seq = band.sequence();
        if (seq == null || seq.size() == 0) {
            return new Hit(band, -1, 0, false);
        }
        long t = scale.time(x);
        long pxStart = scale.time(Math.floor(x));
        long pxEnd = scale.time(Math.floor(x) + 1);
        long tol = (long) Math.ceil(tolerancePx * scale.nsPerPx());
        long lo = TimeScale.saturatedSub(t, tol);
        long hi = TimeScale.saturatedAdd(t, tol);
        RequestColumns c = seq.columns();
        int best = -1;
        long bestDistance = Long.MAX_VALUE;
        long bestLength = Long.MAX_VALUE;
        int inPixel = 0;
        int scanned = 0;
        for (int p = seq.firstCovering(Math.min(lo, pxStart));
                p < seq.size() && scanned < MAX_SCAN;
                p++, scanned++) {
            int row = seq.row(p);
            long s = c.start(row);
            if (s > Math.max(hi, pxEnd)) {
                break;
            }
            long e = c.end(row);
            if (s < pxEnd && e >= pxStart) {
                inPixel++;
            }
            if (e < lo || s > hi) {
                continue;
            }
            long distance = t < s ? s - t : (t > e ? t - e : 0);
            long length = e - s;
            // inside beats near; among those inside, the shortest (the one drawn on top of a
            // summary)
            if (distance < bestDistance || distance == bestDistance && length < bestLength) {
                best = row;
                bestDistance = distance;
                bestLength = length;
            }
        }
        return new Hit(band, best, best < 0 ? 0 : Math.max(1, inPixel), false);
    }
}
