package dev.orderlens.analysis;

import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.Arrays;

/**
 * How many requests were between two points of their life at each moment, as a step function: after
 * {@code time(i)} the depth is {@code depth(i)} until {@code time(i + 1)}. Built from intervals
 * [enter, leave); a request that never leaves stays counted to the end of the series. At one
 * instant leaves are applied before enters, so a request completing exactly when the next is issued
 * does not count as two in flight.
 */
public final class QueueDepth {
    static final QueueDepth EMPTY = new QueueDepth(new long[0], new int[0]);

    private final long[] times;
    private final int[] depths;
    private final int max;
    private final double mean;

    private QueueDepth(long[] times, int[] depths) {
        this.times = times;
        this.depths = depths;
        int m = 0;
        double area = 0;
        for (int i = 0; i < times.length; i++) {
            m = Math.max(m, depths[i]);
            if (i + 1 < times.length) {
                area += (double) depths[i] * (times[i + 1] - times[i]);
            }
        }
        this.max = m;
        long span = times.length < 2 ? 0 : times[times.length - 1] - times[0];
        this.mean = span == 0 ? m : area / span;
    }

    /**
     * Per lane of the trace: requests issued and not yet completed (D..C), for a track above each
     * lane.
     */
    public static QueueDepth[] inFlightPerLane(Trace t) {
        return perLane(t, false);
    }

    /**
     * Per lane: requests inserted into the scheduler and not yet issued (I..D); empty without
     * insert times.
     */
    public static QueueDepth[] inSchedulerPerLane(Trace t) {
        return perLane(t, true);
    }

    private static QueueDepth[] perLane(Trace t, boolean scheduler) {
        Requests r = t.requests();
        Builder[] b = new Builder[t.lanes().size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = new Builder();
        }
        for (int i = 0; i < r.size(); i++) {
            if (scheduler) {
                b[r.lane(i)].add(r.insert(i), r.issue(i));
            } else {
                b[r.lane(i)].add(r.issue(i), r.complete(i));
            }
        }
        QueueDepth[] out = new QueueDepth[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i].build();
        }
        return out;
    }

    /**
     * Collects intervals; {@link #build} sorts the enter times and the leave times apart (each is
     * nearly sorted already when requests come in submit order, which the sort exploits) and merges
     * them into the step series.
     */
    static final class Builder {
        private long[] enters = new long[64];
        private long[] leaves = new long[64];
        private int nEnter;
        private int nLeave;

        /** Counts [enter, leave); leave may be Time.NONE (never left within the trace). */
        void add(long enter, long leave) {
            if (enter == Time.NONE) {
                return;
            }
            if (nEnter == enters.length) {
                enters = Arrays.copyOf(enters, nEnter * 2);
            }
            enters[nEnter++] = enter;
            if (leave != Time.NONE) {
                if (nLeave == leaves.length) {
                    leaves = Arrays.copyOf(leaves, nLeave * 2);
                }
                leaves[nLeave++] = Math.max(leave, enter);
            }
        }

        QueueDepth build() {
            if (nEnter == 0) {
                return EMPTY;
            }
            Arrays.sort(enters, 0, nEnter);
            Arrays.sort(leaves, 0, nLeave);
            long[] times = new long[nEnter + nLeave];
            int[] depths = new int[nEnter + nLeave];
            int n = 0;
            int depth = 0;
            int e = 0;
            int l = 0;
            while (e < nEnter || l < nLeave) {
                // at equal times the leave goes first
                boolean leave = l < nLeave && (e == nEnter || leaves[l] <= enters[e]);
                long t = leave ? leaves[l++] : enters[e++];
                depth += leave ? -1 : 1;
                if (n > 0 && times[n - 1] == t) {
                    depths[n - 1] = depth; // one step per instant: the depth after all its changes
                } else {
                    times[n] = t;
                    depths[n++] = depth;
                }
            }
            enters = null;
            leaves = null;
            return new QueueDepth(Arrays.copyOf(times, n), Arrays.copyOf(depths, n));
        }
    }

    /** Number of steps. */
    public int size() {
        return times.length;
    }

    public long time(int i) {
        return times[i];
    }

    public int depth(int i) {
        return depths[i];
    }

    public boolean isEmpty() {
        return times.length == 0;
    }

    public int max() {
        return max;
    }

    /**
     * The time-weighted mean depth from the first step to the last (iostat's avgqu-sz over the span
     * the series covers); the max for a series of one instant, 0 when empty.
     */
    public double mean() {
        return mean;
    }

    /** The depth at time t (0 before the first step). */
    public int at(long t) {
        int i = Arrays.binarySearch(times, t);
        if (i < 0) {
            i = -i - 2;
        }
        return i < 0 ? 0 : depths[i];
    }

    /** Index of the step in force at time t, or -1 before the first step. */
    public int indexAt(long t) {
        int i = Arrays.binarySearch(times, t);
        return i >= 0 ? i : -i - 2;
    }
}
