package dev.orderlens.importer;

import dev.orderlens.model.ClockSegment;
import dev.orderlens.model.EventTable;
import dev.orderlens.model.Events;
import dev.orderlens.model.Lane;
import dev.orderlens.model.Layer;
import dev.orderlens.model.RequestTable;
import dev.orderlens.model.RequestTableBuilder;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Puts the traces of several files on one timeline, shifting each by its clock offset. */
public final class TraceMerger {
    private static final List<ClockSegment> NONE = constant(0);

    private TraceMerger() {}

    /**
     * @param parts one trace per file, each with one source
     * @param offsetsNs added to every time of the matching part (the caller records them on the
     *     parts' {@link SourceFile}s)
     */
    public static Trace merge(List<Trace> parts, long[] offsetsNs) {
        List<List<ClockSegment>> segments = new ArrayList<>();
        for (long off : offsetsNs) {
            segments.add(constant(off));
        }
        return mergeAligned(parts, segments);
    }

    /** One segment: the same offset for the whole file. */
    public static List<ClockSegment> constant(long offsetNs) {
        return List.of(new ClockSegment(Long.MIN_VALUE, offsetNs, 0, Time.NONE, false));
    }

    /**
     * @param parts one trace per file, each with one source
     * @param alignments per part, its clock segments (each segment's offset applies to the times in
     *     it, see {@link ClockSegment#shift})
     */
    public static Trace mergeAligned(List<Trace> parts, List<List<ClockSegment>> alignments) {
        if (parts.size() == 1
                && alignments.get(0).size() == 1
                && alignments.get(0).get(0).offsetNs() == 0) {
            return parts.get(0);
        }
        TraceBuilder b = new TraceBuilder();
        List<String> titles = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            Trace t = parts.get(p);
            List<ClockSegment> off = alignments.get(p);
            int[] fileMap = new int[t.sources().size()];
            for (int f = 0; f < fileMap.length; f++) {
                fileMap[f] = b.addSource(t.sources().get(f));
            }
            int[] layerMap = new int[t.layers().size()];
            for (Layer l : t.layers()) {
                layerMap[l.index()] = b.layer(l.id(), l.name());
            }
            int[] laneMap = new int[t.lanes().size()];
            for (Lane l : t.lanes()) {
                laneMap[l.index()] = b.lane(layerMap[l.layer()], fileMap[l.file()], l.name());
            }
            copyRequests(t.requestTable(), b.requests(), laneMap, off);
            copyEvents(
                    t,
                    b.events(),
                    layerMap,
                    laneMap,
                    fileMap,
                    off,
                    b.requests().size() - t.requests().size());
            if (t.meta().title() != null) {
                titles.add(t.meta().title());
            }
            if (t.meta().source() != null && !kinds.contains(t.meta().source())) {
                kinds.add(t.meta().source());
            }
            for (Map.Entry<String, Object> e : t.meta().config().entrySet()) {
                b.meta().config().putIfAbsent(e.getKey(), e.getValue());
            }
            if (p == 0) {
                b.meta().sectorSize(t.meta().sectorSize()).scenario(t.meta().scenario());
            }
            long epoch = t.meta().startEpochNs();
            if (b.meta().startEpochNs() == Time.NONE && epoch != Time.NONE) {
                // the first file that knows its wall-clock time
                b.meta().startEpochNs(epoch - off.get(0).offsetNs());
            }
            if (t.truth() != null) {
                b.truth(t.truth());
            }
        }
        b.meta().title(titles.isEmpty() ? null : String.join(" + ", titles));
        b.meta().source(kinds.isEmpty() ? null : String.join("+", kinds));
        return b.build();
    }

    private static long shift(long t, List<ClockSegment> off) {
        if (off.size() == 1) {
            return t == Time.NONE ? Time.NONE : t + off.get(0).offsetNs();
        }
        return ClockSegment.shift(off, t);
    }

    private static void copyRequests(
            RequestTable from, RequestTableBuilder to, int[] laneMap, List<ClockSegment> off) {
        int base = to.size();
        to.reserve(base + from.size());
        for (int r = 0; r < from.size(); r++) {
            int row =
                    to.add(
                            laneMap[from.lane(r)],
                            from.op(r),
                            from.flags(r),
                            from.sector(r),
                            from.count(r),
                            shift(from.submit(r), off),
                            shift(from.issue(r), off),
                            shift(from.complete(r), off),
                            from.status(r));
            to.setAllocate(row, shift(from.allocate(r), off));
            to.setInsert(row, shift(from.insert(r), off));
            to.setDataComplete(row, shift(from.dataComplete(r), off));
            int[] lines = from.sourceLines(r);
            for (int line : lines) {
                to.addSourceLine(row, line);
            }
            if (from.pid(r) >= 0 || from.process(r) != null) {
                to.setTask(row, from.pid(r), from.process(r));
            }
            for (int parent : from.parents(r)) {
                to.addParent(row, base + parent);
            }
            if (from.dataTag(r) != null) {
                to.setDataTag(row, from.dataTag(r));
            }
            if (from.hasExplicitId(r)) {
                to.setId(row, from.id(r));
            }
        }
    }

    private static void copyEvents(
            Trace t,
            EventTable to,
            int[] layerMap,
            int[] laneMap,
            int[] fileMap,
            List<ClockSegment> off,
            int requestBase) {
        Events from = t.events();
        for (int e = 0; e < from.size(); e++) {
            int layer = from.layer(e) < 0 ? -1 : layerMap[from.layer(e)];
            int lane = from.lane(e) < 0 ? -1 : laneMap[from.lane(e)];
            int file = from.file(e) < 0 ? -1 : fileMap[from.file(e)];
            int row =
                    to.add(
                            shift(from.time(e), off),
                            from.kind(e),
                            layer,
                            lane,
                            file,
                            from.sector(e),
                            from.count(e));
            if (from.request(e) >= 0) {
                to.setRequest(row, requestBase + from.request(e));
            }
            if (from.name(e) != null) {
                to.setName(row, from.name(e));
            }
            if (from.text(e) != null) {
                to.setText(row, from.text(e));
            }
            to.setSourceLine(row, from.sourceLine(e));
            to.setQueued(row, shift(from.queued(e), off));
        }
    }

    /**
     * The trace with more parent links: {@code parentOf[row]} (or -1) for rows that have none yet.
     * Returns the trace itself when there is nothing to add.
     */
    public static Trace withParents(Trace t, int[] parentOf) {
        boolean any = false;
        for (int i = 0; i < parentOf.length && !any; i++) {
            any = parentOf[i] >= 0 && t.requests().parent(i) < 0;
        }
        if (!any) {
            return t;
        }
        TraceBuilder b = new TraceBuilder();
        for (SourceFile sf : t.sources()) {
            b.addSource(sf);
        }
        int[] layerMap = new int[t.layers().size()];
        for (Layer l : t.layers()) {
            layerMap[l.index()] = b.layer(l.id(), l.name());
        }
        int[] laneMap = new int[t.lanes().size()];
        for (Lane l : t.lanes()) {
            laneMap[l.index()] = b.lane(layerMap[l.layer()], l.file(), l.name());
        }
        int[] fileMap = new int[t.sources().size()];
        for (int i = 0; i < fileMap.length; i++) {
            fileMap[i] = i;
        }
        copyRequests(t.requestTable(), b.requests(), laneMap, NONE);
        copyEvents(t, b.events(), layerMap, laneMap, fileMap, NONE, 0);
        for (int i = 0; i < parentOf.length; i++) {
            if (parentOf[i] >= 0 && t.requests().parent(i) < 0) {
                b.requests().setParent(i, parentOf[i]);
            }
        }
        copyMeta(t, b);
        return b.build();
    }

    private static void copyMeta(Trace t, TraceBuilder b) {
        b.meta()
                .title(t.meta().title())
                .source(t.meta().source())
                .sectorSize(t.meta().sectorSize())
                .scenario(t.meta().scenario())
                .startEpochNs(t.meta().startEpochNs());
        b.meta().config().putAll(t.meta().config());
        if (t.truth() != null) {
            b.truth(t.truth());
        }
    }

    /**
     * Renames the only layer of a one-layer trace (used for --layer FILE=L on formats without a
     * layer option).
     */
    public static Trace relabelLayer(Trace t, String layerId) {
        if (t.layers().size() != 1 || t.layers().get(0).id().equals(layerId)) {
            return t;
        }
        TraceBuilder b = new TraceBuilder();
        for (SourceFile sf : t.sources()) {
            b.addSource(sf);
        }
        int layer = b.layer(layerId);
        int[] laneMap = new int[t.lanes().size()];
        for (Lane l : t.lanes()) {
            laneMap[l.index()] = b.lane(layer, l.file(), l.name());
        }
        int[] layerMap = {layer};
        int[] fileMap = new int[t.sources().size()];
        for (int i = 0; i < fileMap.length; i++) {
            fileMap[i] = i;
        }
        copyRequests(t.requestTable(), b.requests(), laneMap, NONE);
        copyEvents(t, b.events(), layerMap, laneMap, fileMap, NONE, 0);
        copyMeta(t, b);
        return b.build();
    }
}
