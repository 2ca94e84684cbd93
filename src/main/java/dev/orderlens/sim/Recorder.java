package dev.orderlens.sim;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.EventTable;
import dev.orderlens.model.IntSort;
import dev.orderlens.model.Layer;
import dev.orderlens.model.RequestTableBuilder;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceBuilder;
import dev.orderlens.model.Truth;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes what happens before the crash into a {@link TraceBuilder}: one row per request per layer
 * with parent links, data tags and tasks; drain, writeback-error, message and crash events; and at
 * the end the truth. After the crash recording is switched off — the simulation may go on to find
 * out what reaches media, but nothing after the crash is part of the trace.
 */
final class Recorder {
    private final TraceBuilder builder = new TraceBuilder();
    private final RequestTableBuilder table = builder.requests();
    private final EventTable events = builder.events();
    private final int[] layerIndex = new int[4];
    private final int guestLane;
    private final int[] virtioLanes;
    private final int hostLane;
    private final int deviceLane;

    /**
     * Ranges written by recorded guest requests as (sector, count) pairs: the truth lists exactly
     * these sectors.
     */
    private long[] touched = new long[1024];

    private int touchedCount;
    private final SimRequest open =
            new SimRequest(-1, dev.orderlens.model.Op.OTHER, 0, 0, 0, null, null);
    boolean on = true;

    Recorder(SimConfig c, String sourceName) {
        int file = builder.addSource(new SourceFile(sourceName, "simulator"));
        layerIndex[SimRequest.GUEST] = builder.layer(Layer.GUEST, "Guest block layer");
        layerIndex[SimRequest.VIRTIO] = builder.layer(Layer.VIRTIO, "Virtio queue");
        layerIndex[SimRequest.HOST] = builder.layer(Layer.HOST, "Host (QEMU + page cache)");
        layerIndex[SimRequest.DEVICE] = builder.layer(Layer.DEVICE, "Device");
        guestLane = builder.lane(layerIndex[SimRequest.GUEST], file, c.guest.lane);
        virtioLanes = new int[c.virtio.queues];
        // several queues of one device are sub-lanes "device/queue": one flush domain
        // (analysis.FlushDomains)
        String device = virtioLanes.length > 1 ? c.guest.lane + "/" : "";
        for (int q = 0; q < virtioLanes.length; q++) {
            virtioLanes[q] =
                    builder.lane(
                            layerIndex[SimRequest.VIRTIO], file, device + c.virtio.lanePrefix + q);
        }
        hostLane = builder.lane(layerIndex[SimRequest.HOST], file, c.host.lane);
        deviceLane = builder.lane(layerIndex[SimRequest.DEVICE], file, c.device.lane);
        open.nextOpen = open;
        open.prevOpen = open;
    }

    TraceBuilder builder() {
        return builder;
    }

    /** Adds the request's row (submit time already set); parentRow -1 for none. */
    void record(SimRequest r, int parentRow) {
        if (!on) {
            return;
        }
        int lane =
                switch (r.layer) {
                    case SimRequest.GUEST -> guestLane;
                    case SimRequest.VIRTIO -> virtioLanes[r.queue];
                    case SimRequest.HOST -> hostLane;
                    default -> deviceLane;
                };
        int row =
                table.add(
                        lane,
                        r.op,
                        r.flags,
                        r.sector,
                        r.count,
                        r.submit,
                        Time.NONE,
                        Time.NONE,
                        Status.UNKNOWN);
        r.row = row;
        if (parentRow >= 0) {
            table.setParent(row, parentRow);
        }
        if (r.tag != null && r.modifiesData()) {
            table.setDataTag(row, r.tag);
        }
        if (r.process != null) {
            table.setTask(row, r.pid, r.process);
        }
        if (r.layer == SimRequest.GUEST && r.modifiesData()) {
            if (touchedCount + 2 > touched.length) {
                touched = java.util.Arrays.copyOf(touched, touched.length * 2);
            }
            touched[touchedCount++] = r.sector;
            touched[touchedCount++] = r.count;
        }
        r.nextOpen = open.nextOpen;
        r.prevOpen = open;
        open.nextOpen.prevOpen = r;
        open.nextOpen = r;
    }

    void issue(SimRequest r, long t) {
        r.issue = t;
        if (on && r.row >= 0) {
            table.setIssue(r.row, t);
        }
    }

    void complete(SimRequest r, long t) {
        r.complete = t;
        r.where = SimRequest.Where.DONE;
        if (on && r.row >= 0) {
            table.setComplete(r.row, t);
            table.setStatus(r.row, r.failed() ? Status.ERROR : Status.OK);
            r.prevOpen.nextOpen = r.nextOpen;
            r.nextOpen.prevOpen = r.prevOpen;
            r.prevOpen = null;
            r.nextOpen = null;
        }
    }

    void event(long t, EventKind kind, int layer, long sector, int count, String text) {
        if (!on) {
            return;
        }
        int lane =
                switch (layer) {
                    case SimRequest.GUEST -> guestLane;
                    case SimRequest.HOST -> hostLane;
                    case SimRequest.DEVICE -> deviceLane;
                    default -> -1;
                };
        int e = events.add(t, kind, layer < 0 ? -1 : layerIndex[layer], lane, 0, sector, count);
        if (text != null) {
            events.setText(e, text);
        }
    }

    /** Every sector a recorded guest request wrote, ascending, each once. */
    long[] touchedSectors() {
        int n = touchedCount / 2;
        long[][] ranges = new long[n][];
        for (int i = 0; i < n; i++) {
            ranges[i] = new long[] {touched[2 * i], touched[2 * i] + touched[2 * i + 1]};
        }
        java.util.Arrays.sort(ranges, java.util.Comparator.comparingLong(a -> a[0]));
        long[] out = new long[64];
        int size = 0;
        long next = Long.MIN_VALUE; // first sector not yet emitted
        for (long[] range : ranges) {
            for (long sector = Math.max(range[0], next); sector < range[1]; sector++) {
                if (size == out.length) {
                    out = java.util.Arrays.copyOf(out, size * 2);
                }
                out[size++] = sector;
            }
            next = Math.max(next, range[1]);
        }
        return java.util.Arrays.copyOf(out, size);
    }

    /** The requests recorded and not completed, in the order they were recorded. */
    List<SimRequest> unfinished() {
        List<SimRequest> out = new ArrayList<>();
        for (SimRequest r = open.prevOpen; r != open; r = r.prevOpen) {
            out.add(r);
        }
        return out;
    }

    /**
     * Gives every row its id (1..n in the order the built trace will list them: by submit time,
     * stable) and returns row → id.
     */
    int[] assignIds() {
        int n = table.size();
        long[] submits = new long[n];
        for (int r = 0; r < n; r++) {
            submits[r] = table.submit(r);
        }
        int[] order = IntSort.stableOrderByKey(submits, n);
        int[] idOfRow = new int[n];
        for (int rank = 0; rank < n; rank++) {
            idOfRow[order[rank]] = rank + 1;
            table.setId(order[rank], rank + 1);
        }
        return idOfRow;
    }

    Trace build(Truth truth) {
        builder.truth(truth);
        return builder.build();
    }
}
