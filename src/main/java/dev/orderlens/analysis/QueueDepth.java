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
    static final QueueDepth EMPTY = new QueueDepth(new long[0], new int[0], 0);

    /** Steps per block of {@link #blockStart}: a step's time is kept as an int from its block's. */
    private static final int BLOCK_SHIFT = 10;

    /**
     * Two steps a request per series and two series a device (in flight, in the scheduler): 12
     * bytes a step as a long and an int were ~48 bytes a request of the statistics. Times are kept
     * as int offsets from the first time of each block of 1,024 steps (a block then spans under 2.1
     * s, which dense traces always do; else the times stay longs) and depths in the narrowest of
     * byte, char and int their maximum fits: 5–6 bytes a step.
     */
    private final long[] blockStart;

    private final int[] offsets;

    /** The times when some block spans 2^31 ns or more; null otherwise. */
    private final long[] wideTimes;

    private final byte[] smallDepths;
    private final char[] mediumDepths;
    private final int[] largeDepths;
    private final int size;
    private final int max;
    private final double mean;

    private QueueDepth(long[] times, int[] depths, int n) {
        size = n;
        int m = 0;
        double area = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, depths[i]);
            if (i + 1 < n) {
                area += (double) depths[i] * (times[i + 1] - times[i]);
            }
        }
        this.max = m;
        long span = n < 2 ? 0 : times[n - 1] - times[0];
        this.mean = span == 0 ? m : area / span;

        long[] starts = new long[(n + (1 << BLOCK_SHIFT) - 1) >>> BLOCK_SHIFT];
        boolean fits = true;
        for (int b = 0; b < starts.length && fits; b++) {
            starts[b] = times[b << BLOCK_SHIFT];
            int last = Math.min(n, (b + 1) << BLOCK_SHIFT) - 1;
            fits = times[last] - starts[b] <= Integer.MAX_VALUE;
        }
        if (fits) {
            blockStart = starts;
            offsets = new int[n];
            for (int i = 0; i < n; i++) {
                offsets[i] = (int) (times[i] - starts[i >>> BLOCK_SHIFT]);
            }
            wideTimes = null;
        } else {
            blockStart = null;
            offsets = null;
            wideTimes = Arrays.copyOf(times, n);
        }
        smallDepths = m <= 0xff ? new byte[n] : null;
        mediumDepths = m > 0xff && m <= 0xffff ? new char[n] : null;
        largeDepths = m > 0xffff ? Arrays.copyOf(depths, n) : null;
        for (int i = 0; i < n; i++) {
            if (smallDepths != null) {
                smallDepths[i] = (byte) depths[i];
            } else if (mediumDepths != null) {
                mediumDepths[i] = (char) depths[i];
            }
        }
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

        /**
         * Makes room for n intervals at once: at 10^7 requests the doubling's spare room and copies
         * are hundreds of MB while the statistics are computed.
         */
        void reserve(int n) {
            if (n > enters.length) {
                enters = Arrays.copyOf(enters, n);
                leaves = Arrays.copyOf(leaves, n);
            }
        }

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
            return new QueueDepth(times, depths, n);
        }
    }

    /** Number of steps. */
    public int size() {
        return size;
    }

    public long time(int i) {
        if (wideTimes != null) {
            return wideTimes[i];
        }
        if (i < 0 || i >= size) {
            throw new ArrayIndexOutOfBoundsException(i);
        }
        return blockStart[i >>> BLOCK_SHIFT] + offsets[i];
    }

    public int depth(int i) {
        if (i < 0 || i >= size) {
            throw new ArrayIndexOutOfBoundsException(i);
        }
        if (smallDepths != null) {
            return smallDepths[i] & 0xff;
        }
        return mediumDepths != null ? mediumDepths[i] : largeDepths[i];
    }

    public boolean isEmpty() {
        return size == 0;
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
        int i = indexAt(t);
        return i < 0 ? 0 : depth(i);
    }

    /** Index of the step in force at time t, or -1 before the first step. */
    public int indexAt(long t) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) { // the last step at or before t
            int mid = (lo + hi) >>> 1;
            if (time(mid) <= t) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi;
    }
}
