package dev.orderlens.layout;

import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.model.Events;
import dev.orderlens.model.Lane;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace arranged for drawing, under one filter: per layer its sub-lanes (one per trace lane),
 * per sub-lane its packed rows as {@link Sequence}s with their levels of detail, summaries for
 * collapsed lanes, the flushes (for the bands across all lanes), events per lane and the
 * parent/child links. Immutable once built; built off the UI thread for big traces.
 */
public final class TimelineModel {
    private final Trace trace;
    private final RequestColumns columns;
    private final RequestFilter filter;
    private final List<LayerLanes> layers;
    private final int[] packedRow;
    private final int[] childStart;
    private final int[] children;
    private final Sequence flushes;
    private final int[][] laneEvents;
    private final int[][] layerEvents;
    private final int[] globalEvents;
    private final int shown;

    /** One trace lane (device, queue or CPU) within a layer. */
    public static final class SubLane {
        private final Lane lane;
        private final String label;
        private final List<Sequence> rows;
        private final int shown;
        private final int total;
        private final int[] allRows;
        private final RequestColumns columns;
        private final long origin;
        private volatile Sequence summary;

        SubLane(
                Lane lane,
                String label,
                List<Sequence> rows,
                int[] allRows,
                int shown,
                int total,
                RequestColumns columns,
                long origin) {
            this.lane = lane;
            this.label = label;
            this.rows = rows;
            this.allRows = allRows;
            this.shown = shown;
            this.total = total;
            this.columns = columns;
            this.origin = origin;
        }

        public Lane lane() {
            return lane;
        }

        /** The lane name, with the file number when two files gave the same name. */
        public String label() {
            return label;
        }

        public List<Sequence> rows() {
            return rows;
        }

        /** Requests shown (after the filter) and in the trace. */
        public int shown() {
            return shown;
        }

        public int total() {
            return total;
        }

        /**
         * All shown requests of the lane on one row, for when it is collapsed (built on first use).
         */
        public Sequence summary() {
            Sequence s = summary;
            if (s == null) {
                synchronized (this) {
                    s = summary;
                    if (s == null) {
                        s = Sequence.overlapping(allRows, shown, columns, origin);
                        summary = s;
                    }
                }
            }
            return s;
        }
    }

    /** One layer of the stack and its sub-lanes. */
    public record LayerLanes(
            Layer layer, List<SubLane> subLanes, int shown, int total, Sequence summary) {}

    private TimelineModel(
            Trace trace,
            RequestColumns columns,
            RequestFilter filter,
            List<LayerLanes> layers,
            int[] packedRow,
            int[] childStart,
            int[] children,
            Sequence flushes,
            int[][] laneEvents,
            int[][] layerEvents,
            int[] globalEvents,
            int shown) {
        this.trace = trace;
        this.columns = columns;
        this.filter = filter;
        this.layers = layers;
        this.packedRow = packedRow;
        this.childStart = childStart;
        this.children = children;
        this.flushes = flushes;
        this.laneEvents = laneEvents;
        this.layerEvents = layerEvents;
        this.globalEvents = globalEvents;
        this.shown = shown;
    }

    public static TimelineModel build(Trace t, OrderingFindings findings, RequestFilter filter) {
        return build(t, findings, filter, Progress.NONE);
    }

    /**
     * Packs rows and builds the levels of detail: O(n log n), a few hundred ms for a million
     * requests.
     */
    public static TimelineModel build(
            Trace t, OrderingFindings findings, RequestFilter filter, Progress progress) {
        RequestColumns columns = new RequestColumns(t, findings);
        RequestFilter.Compiled test = filter.compile(t, columns);
        Requests r = t.requests();
        int n = r.size();
        int laneCount = t.lanes().size();
        long origin = t.startNs();

        // shown rows per lane and per layer, in submit order
        int[] perLane = new int[laneCount];
        boolean[] show = new boolean[n];
        int shown = 0;
        int flushCount = 0;
        for (int i = 0; i < n; i++) {
            if (test.test(i)) {
                show[i] = true;
                perLane[r.lane(i)]++;
                shown++;
                if (isFlush(columns, i)) {
                    flushCount++;
                }
            }
        }
        progress.checkCancelled();
        int[][] laneRows = new int[laneCount][];
        for (int l = 0; l < laneCount; l++) {
            laneRows[l] = new int[perLane[l]];
        }
        int[] fill = new int[laneCount];
        int[] flushRows = new int[flushCount];
        int nf = 0;
        for (int i = 0; i < n; i++) {
            if (show[i]) {
                int l = r.lane(i);
                laneRows[l][fill[l]++] = i;
                if (isFlush(columns, i)) {
                    flushRows[nf++] = i;
                }
            }
        }
        int[] totalPerLane = new int[laneCount];
        for (int i = 0; i < n; i++) {
            totalPerLane[r.lane(i)]++;
        }

        int[] packedRow = new int[n];
        Arrays.fill(packedRow, -1);
        Map<Integer, List<Lane>> lanesOfLayer = new HashMap<>();
        for (Lane l : t.lanes()) {
            lanesOfLayer.computeIfAbsent(l.layer(), k -> new ArrayList<>()).add(l);
        }
        LaneStack stack = LaneStack.of(t); // dm-0 and loop0 above vda
        lanesOfLayer.replaceAll((layer, lanes) -> stack.order(lanes));
        // lanes are independent: pack them on every core
        @SuppressWarnings("unchecked")
        List<Sequence>[] packedOf = new List[laneCount];
        java.util.stream.IntStream.range(0, laneCount)
                .parallel()
                .filter(test::laneShown)
                .forEach(l -> packedOf[l] = pack(laneRows[l], columns, packedRow, origin));
        progress.checkCancelled();
        List<LayerLanes> layers = new ArrayList<>();
        long done = 0;
        for (Layer layer : t.layers()) {
            List<SubLane> subs = new ArrayList<>();
            int layerShown = 0;
            int layerTotal = 0;
            List<Lane> lanes = lanesOfLayer.getOrDefault(layer.index(), List.of());
            for (Lane lane : lanes) {
                if (!test.laneShown(lane.index())) {
                    continue;
                }
                int[] rows = laneRows[lane.index()];
                subs.add(
                        new SubLane(
                                lane,
                                label(lane, lanes, t, stack),
                                packedOf[lane.index()],
                                rows,
                                rows.length,
                                totalPerLane[lane.index()],
                                columns,
                                origin));
                layerShown += rows.length;
                layerTotal += totalPerLane[lane.index()];
                done += rows.length;
                progress.update(done, shown);
                progress.checkCancelled();
            }
            if (subs.isEmpty() && !filter.isEmpty()) {
                continue; // a layer or device criterion hid the whole layer
            }
            Sequence summary;
            if (subs.size() == 1) {
                summary = subs.get(0).summary();
            } else {
                int[] rows = new int[layerShown];
                int k = 0;
                for (int i = 0; i < n; i++) {
                    if (show[i] && r.layer(i) == layer.index()) {
                        rows[k++] = i;
                    }
                }
                summary = Sequence.overlapping(rows, k, columns, origin);
            }
            layers.add(new LayerLanes(layer, List.copyOf(subs), layerShown, layerTotal, summary));
        }

        // parent → children, as a compressed index
        int[] childStart = null;
        int[] children = null;
        int withParent = 0;
        for (int i = 0; i < n; i++) {
            if (r.parent(i) >= 0) {
                withParent++;
            }
        }
        if (withParent > 0) {
            childStart = new int[n + 1];
            for (int i = 0; i < n; i++) {
                int p = r.parent(i);
                if (p >= 0) {
                    childStart[p + 1]++;
                }
            }
            for (int i = 0; i < n; i++) {
                childStart[i + 1] += childStart[i];
            }
            children = new int[withParent];
            int[] at = Arrays.copyOf(childStart, n);
            for (int i = 0; i < n; i++) {
                int p = r.parent(i);
                if (p >= 0) {
                    children[at[p]++] = i;
                }
            }
        }

        Sequence flushes = Sequence.overlapping(flushRows, nf, columns, origin);

        // events by lane, by layer (no lane) and trace-wide (no layer); already in time order
        Events e = t.events();
        int[] laneCounts = new int[laneCount];
        int[] layerCounts = new int[t.layers().size()];
        int globals = 0;
        for (int i = 0; i < e.size(); i++) {
            if (e.lane(i) >= 0) {
                laneCounts[e.lane(i)]++;
            } else if (e.layer(i) >= 0) {
                layerCounts[e.layer(i)]++;
            } else {
                globals++;
            }
        }
        int[][] laneEvents = new int[laneCount][];
        for (int l = 0; l < laneCount; l++) {
            laneEvents[l] = new int[laneCounts[l]];
        }
        int[][] layerEvents = new int[t.layers().size()][];
        for (int l = 0; l < layerEvents.length; l++) {
            layerEvents[l] = new int[layerCounts[l]];
        }
        int[] globalEvents = new int[globals];
        Arrays.fill(laneCounts, 0);
        Arrays.fill(layerCounts, 0);
        int g = 0;
        for (int i = 0; i < e.size(); i++) {
            if (e.lane(i) >= 0) {
                laneEvents[e.lane(i)][laneCounts[e.lane(i)]++] = i;
            } else if (e.layer(i) >= 0) {
                layerEvents[e.layer(i)][layerCounts[e.layer(i)]++] = i;
            } else {
                globalEvents[g++] = i;
            }
        }
        // the overview and the flush bands draw these at every frame: build their levels now, off
        // the UI thread
        List<Sequence> always = new ArrayList<>();
        always.add(flushes);
        layers.forEach(l -> always.add(l.summary()));
        always.parallelStream().forEach(Sequence::lod);
        return new TimelineModel(
                t,
                columns,
                filter,
                List.copyOf(layers),
                packedRow,
                childStart,
                children,
                flushes,
                laneEvents,
                layerEvents,
                globalEvents,
                shown);
    }

    private static boolean isFlush(RequestColumns c, int row) {
        return c.op(row) == Op.FLUSH.code()
                || (c.flags(row) & dev.orderlens.model.Flags.PREFLUSH) != 0;
    }

    private static String label(Lane lane, List<Lane> lanesOfLayer, Trace t, LaneStack stack) {
        List<String> below = stack.below(lane);
        String on = below.isEmpty() ? "" : " on " + String.join(", ", below);
        long same = lanesOfLayer.stream().filter(l -> l.name().equals(lane.name())).count();
        if (same <= 1 || t.sources().size() <= 1) {
            return lane.name() + on;
        }
        String path = t.sources().get(lane.file()).path();
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return lane.name() + " (" + path.substring(slash + 1) + ")" + on;
    }

    private static List<Sequence> pack(int[] rows, RequestColumns c, int[] packedRow, long origin) {
        RowPacker.Packing p =
                RowPacker.pack(
                        new RowPacker.Intervals() {
                            @Override
                            public int size() {
                                return rows.length;
                            }

                            @Override
                            public long start(int i) {
                                return c.start(rows[i]);
                            }

                            @Override
                            public long end(int i) {
                                return c.end(rows[i]);
                            }
                        });
        // one pass in lane order fills every row's columns: reads stay sequential in the trace
        int[] sizes = new int[p.rows()];
        for (int i = 0; i < rows.length; i++) {
            sizes[p.rowOf()[i]]++;
        }
        int[][] seqRows = new int[p.rows()][];
        long[][] starts = new long[p.rows()][];
        long[][] ends = new long[p.rows()][];
        byte[][] ops = new byte[p.rows()][];
        byte[][] marks = new byte[p.rows()][];
        for (int k = 0; k < p.rows(); k++) {
            seqRows[k] = new int[sizes[k]];
            starts[k] = new long[sizes[k]];
            ends[k] = new long[sizes[k]];
            ops[k] = new byte[sizes[k]];
            marks[k] = new byte[sizes[k]];
        }
        Arrays.fill(sizes, 0);
        for (int i = 0; i < rows.length; i++) {
            int k = p.rowOf()[i];
            int at = sizes[k]++;
            int r = rows[i];
            seqRows[k][at] = r;
            starts[k][at] = c.start(r);
            ends[k][at] = c.end(r);
            ops[k][at] = (byte) c.op(r);
            marks[k][at] = (byte) c.marks(r);
            packedRow[r] = k;
        }
        Sequence[] out = new Sequence[p.rows()];
        for (int k = 0; k < out.length; k++) {
            out[k] = Sequence.packed(seqRows[k], starts[k], ends[k], ops[k], marks[k], c, origin);
        }
        return List.of(out);
    }

    public Trace trace() {
        return trace;
    }

    public RequestColumns columns() {
        return columns;
    }

    public RequestFilter filter() {
        return filter;
    }

    /** Layers in trace order (top to bottom), without those the filter hides. */
    public List<LayerLanes> layers() {
        return layers;
    }

    /** Requests the filter lets through. */
    public int shownCount() {
        return shown;
    }

    /** The packed row of a request within its sub-lane, or -1 when the filter hides it. */
    public int packedRow(int row) {
        return packedRow[row];
    }

    public boolean shown(int row) {
        return packedRow[row] >= 0;
    }

    /** Requests whose parent is {@code row}. */
    public int[] children(int row) {
        if (childStart == null) {
            return new int[0];
        }
        return Arrays.copyOfRange(children, childStart[row], childStart[row + 1]);
    }

    /**
     * The requests related to {@code row} through parent links (its topmost ancestor and all that
     * ancestor's descendants, at most {@code limit}), without {@code row} itself, in row order.
     */
    public int[] related(int row, int limit) {
        Requests r = trace.requests();
        int root = row;
        for (int hops = 0; hops < 64 && r.parent(root) >= 0; hops++) {
            root = r.parent(root);
        }
        List<Integer> out = new ArrayList<>();
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        queue.add(root);
        seen.add(root);
        while (!queue.isEmpty() && out.size() < limit) {
            int x = queue.poll();
            if (x != row) {
                out.add(x);
            }
            for (int c : children(x)) {
                if (seen.add(c)) {
                    queue.add(c);
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Shown flushes and PREFLUSH writes of all lanes, for the bands. */
    public Sequence flushes() {
        return flushes;
    }

    /** Event rows of a lane, in time order. */
    public int[] laneEvents(int lane) {
        return laneEvents[lane];
    }

    /** Event rows of a layer that name no lane. */
    public int[] layerEvents(int layer) {
        return layerEvents[layer];
    }

    /** Trace-wide event rows (a crash). */
    public int[] globalEvents() {
        return globalEvents;
    }

    /**
     * Heap held by the packed rows and levels of detail (approximate; builds every level first),
     * for benchmarks.
     */
    public long retainedBytes() {
        long b =
                packedRow.length * 4L
                        + (children == null ? 0 : children.length * 4L + childStart.length * 4L);
        for (LayerLanes l : layers) {
            for (SubLane s : l.subLanes()) {
                for (Sequence q : s.rows()) {
                    b += q.retainedBytes();
                }
            }
            b += l.summary().retainedBytes();
        }
        return b + flushes.retainedBytes();
    }
}
