package dev.orderlens.layout;

import dev.orderlens.analysis.QueueDepth;
import dev.orderlens.model.Trace;

/**
 * The queue-depth track drawn above a lane: the lane's in-flight count (issued, not yet completed)
 * over time, reduced to one value per pixel column for the visible window, so a million steps draw
 * as fast as a hundred (the same "one sample per pixel" idea as the timeline's level of detail).
 * Each column has the highest depth reached in it and the time-weighted mean depth over it; the
 * painter draws the max as the outline and the mean as the fill.
 */
public final class QueueDepthTrack {
    private final QueueDepth depth;

    public QueueDepthTrack(QueueDepth depth) {
        this.depth = depth;
    }

    /**
     * One track per trace lane (index = lane index), from the requests' issue and complete times.
     */
    public static QueueDepthTrack[] perLane(Trace t) {
        QueueDepth[] d = QueueDepth.inFlightPerLane(t);
        QueueDepthTrack[] out = new QueueDepthTrack[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = new QueueDepthTrack(d[i]);
        }
        return out;
    }

    public QueueDepth depth() {
        return depth;
    }

    /** The deepest the lane ever got: a track's vertical scale. */
    public int maxDepth() {
        return depth.max();
    }

    /**
     * Per-column max and mean over the window [startNs, endNs) cut into {@code columns} equal
     * columns. Linear in the steps inside the window plus the columns.
     */
    public Bins bins(long startNs, long endNs, int columns) {
        if (columns <= 0 || endNs <= startNs) {
            throw new IllegalArgumentException(
                    "empty window or no columns: " + startNs + ".." + endNs + ", " + columns);
        }
        int[] max = new int[columns];
        double[] mean = new double[columns];
        double width = (double) (endNs - startNs) / columns;
        int i = depth.indexAt(startNs); // the step in force at the window's start, or -1
        int current = i < 0 ? 0 : depth.depth(i);
        int next = i + 1;
        for (int c = 0; c < columns; c++) {
            long c0 = startNs + (long) Math.floor(c * width);
            long c1 = c == columns - 1 ? endNs : startNs + (long) Math.floor((c + 1) * width);
            while (next < depth.size() && depth.time(next) <= c0) {
                current =
                        depth.depth(
                                next++); // a step exactly at the column's start is in force for all
                // of it
            }
            int m = current;
            double area = 0;
            long t = c0;
            while (next < depth.size() && depth.time(next) < c1) {
                long at = Math.max(depth.time(next), c0);
                area += (double) current * (at - t);
                t = at;
                current = depth.depth(next);
                m = Math.max(m, current);
                next++;
            }
            area += (double) current * (c1 - t);
            max[c] = m;
            mean[c] = c1 > c0 ? area / (c1 - c0) : current;
        }
        return new Bins(startNs, endNs, max, mean);
    }

    /** A window's columns: {@code max[c]} and {@code mean[c]} for column c. */
    public record Bins(long startNs, long endNs, int[] max, double[] mean) {
        public int columns() {
            return max.length;
        }

        /** The highest max in the window (0 if the lane was idle throughout). */
        public int peak() {
            int p = 0;
            for (int m : max) {
                p = Math.max(p, m);
            }
            return p;
        }
    }
}
