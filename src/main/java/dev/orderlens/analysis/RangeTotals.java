package dev.orderlens.analysis;

import dev.orderlens.model.Flags;
import dev.orderlens.model.Lane;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What happened in a time range, per layer and per lane: the requests <b>submitted</b> in {@code
 * [from, to)} counted by op, the bytes they read and wrote, their flushes (flush requests and
 * PREFLUSH writes) and FUA writes, their Q2C and D2C latencies, and how many of their writes were
 * left <b>uncovered</b> at the range's end: not made durable by their own layer's flush or FUA by
 * {@code to}. The rule is the block layer's (Documentation/block/writeback_cache_control.rst): a
 * flush covers the writes of its device that completed before it was submitted, once it completes
 * successfully; a FUA write is durable when it completes successfully. So a write still in flight
 * at {@code to}, a failed one, and one completed but not yet followed by a completed flush are all
 * uncovered. One model for the range panel and {@code orderlens stats --range}.
 *
 * @param fromNs range start (inclusive)
 * @param toNs range end (exclusive for submits; coverage is judged at this time)
 * @param layers one entry per layer that has requests in the range, top to bottom
 * @param lanes one entry per lane that has requests in the range, layer by layer
 */
public record RangeTotals(long fromNs, long toNs, List<Totals> layers, List<Totals> lanes) {

    /**
     * The totals of one layer (lane null) or one lane.
     *
     * @param ops requests per op (only ops that occur)
     * @param readBytes bytes of the reads
     * @param writeBytes bytes of the writes (op write; not write-zeroes or discard)
     * @param flushes flush requests and PREFLUSH writes
     * @param fua FUA writes
     * @param writes requests that change data (write, write-zeroes, discard)
     * @param uncovered of those, not durable by a flush or FUA at the range's end
     * @param q2c submit → complete of the completed requests
     * @param d2c issue → complete of the issued and completed requests
     */
    public record Totals(
            Layer layer,
            Lane lane,
            Map<Op, Integer> ops,
            long readBytes,
            long writeBytes,
            int flushes,
            int fua,
            int writes,
            int uncovered,
            LatencySummary q2c,
            LatencySummary d2c) {
        public int requests() {
            int n = 0;
            for (int c : ops.values()) {
                n += c;
            }
            return n;
        }

        /** "guest" or "guest vda". */
        public String name() {
            return lane == null ? layer.name() : layer.name() + " " + lane.name();
        }
    }

    /** Totals over every layer (the panel's first line). */
    public int requests() {
        int n = 0;
        for (Totals t : layers) {
            n += t.requests();
        }
        return n;
    }

    /** Totals of the requests submitted in [from, to). O(n log n) (the flush coverage). */
    public static RangeTotals of(Trace t, long from, long to) {
        return of(t, durableAt(t), from, to);
    }

    /**
     * Totals with the flush coverage already computed ({@link #durableAt}): a range panel that
     * follows a dragged range reuses it.
     */
    public static RangeTotals of(Trace t, long[] durableAt, long from, long to) {
        Requests r = t.requests();
        int n = r.size();
        int lanes = t.lanes().size();
        Acc[] byLane = new Acc[lanes];
        // rows are in submit order: the range is one run of rows
        int first = firstSubmitAtOrAfter(r, from);
        for (int row = first; row < n && r.submit(row) < to; row++) {
            int lane = r.lane(row);
            if (byLane[lane] == null) {
                byLane[lane] = new Acc();
            }
            byLane[lane].add(r, row, durableAt[row] <= to);
        }
        List<Totals> laneTotals = new ArrayList<>();
        List<Totals> layerTotals = new ArrayList<>();
        for (Layer layer : t.layers()) {
            Acc sum = null;
            for (Lane lane : t.lanes()) {
                Acc a = byLane[lane.index()];
                if (lane.layer() != layer.index() || a == null) {
                    continue;
                }
                laneTotals.add(a.totals(layer, lane));
                if (sum == null) {
                    sum = new Acc();
                }
                sum.addAll(a);
            }
            if (sum != null) {
                layerTotals.add(sum.totals(layer, null));
            }
        }
        return new RangeTotals(
                from,
                to,
                Collections.unmodifiableList(layerTotals),
                Collections.unmodifiableList(laneTotals));
    }

    /**
     * Per request, when its own layer's flush or FUA made it durable ({@link Long#MAX_VALUE}:
     * never, or not a write).
     */
    public static long[] durableAt(Trace t) {
        int n = t.requests().size();
        PreparedWrites w = PreparedWrites.of(t, dev.orderlens.model.Progress.NONE, 2L * n);
        long[] at = new long[n];
        for (int i = 0; i < n; i++) {
            at[i] = w.flushOrFuaAt(i); // NEVER (Long.MAX_VALUE) when never
        }
        return at;
    }

    private static int firstSubmitAtOrAfter(Requests r, long t) {
        int lo = 0;
        int hi = r.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (r.submit(mid) < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Running totals of one lane or layer. */
    private static final class Acc {
        final int[] ops = new int[Op.values().length];
        long readBytes;
        long writeBytes;
        int flushes;
        int fua;
        int writes;
        int uncovered;
        long[] q2c = new long[8];
        int nq;
        long[] d2c = new long[8];
        int nd;

        void add(Requests r, int row, boolean covered) {
            Op op = r.op(row);
            ops[op.ordinal()]++;
            long bytes = 512L * r.count(row);
            if (op == Op.READ) {
                readBytes += bytes;
            } else if (op == Op.WRITE) {
                writeBytes += bytes;
            }
            if (OrderingAnalysis.isFlush(r, row)) {
                flushes++;
            }
            if (op.modifiesData()) {
                writes++;
                if (r.has(row, Flags.FUA)) {
                    fua++;
                }
                if (!covered) {
                    uncovered++;
                }
            }
            long c = r.complete(row);
            if (c != Time.NONE) {
                q2c = push(q2c, nq++, c - r.submit(row));
                long d = r.issue(row);
                if (d != Time.NONE) {
                    d2c = push(d2c, nd++, c - d);
                }
            }
        }

        void addAll(Acc a) {
            for (int i = 0; i < ops.length; i++) {
                ops[i] += a.ops[i];
            }
            readBytes += a.readBytes;
            writeBytes += a.writeBytes;
            flushes += a.flushes;
            fua += a.fua;
            writes += a.writes;
            uncovered += a.uncovered;
            for (int i = 0; i < a.nq; i++) {
                q2c = push(q2c, nq++, a.q2c[i]);
            }
            for (int i = 0; i < a.nd; i++) {
                d2c = push(d2c, nd++, a.d2c[i]);
            }
        }

        private static long[] push(long[] a, int at, long v) {
            if (at == a.length) {
                a = java.util.Arrays.copyOf(a, a.length * 2);
            }
            a[at] = v;
            return a;
        }

        Totals totals(Layer layer, Lane lane) {
            Map<Op, Integer> byOp = new EnumMap<>(Op.class);
            for (Op op : Op.values()) {
                if (ops[op.ordinal()] > 0) {
                    byOp.put(op, ops[op.ordinal()]);
                }
            }
            return new Totals(
                    layer,
                    lane,
                    Collections.unmodifiableMap(byOp),
                    readBytes,
                    writeBytes,
                    flushes,
                    fua,
                    writes,
                    uncovered,
                    LatencySummary.of(q2c, nq),
                    LatencySummary.of(d2c, nd));
        }
    }
}
