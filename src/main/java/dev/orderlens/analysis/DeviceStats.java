package dev.orderlens.analysis;

import java.util.EnumMap;
import java.util.Map;

/**
 * btt's numbers for one device at one layer (docs/stats.md): the phase latencies of the bios that
 * carry data, the same for flushes (which btt leaves out), btt's merge information (#Q, #D, their
 * ratio, completed request sizes) and the queue depth over time at the device (issued, not yet
 * completed) and in the scheduler (inserted, not yet issued).
 */
public final class DeviceStats {
    private final int layer;
    private final String layerId;
    private final String device;
    private final int[] lanes;
    private final Map<Phase, Samples> data = new EnumMap<>(Phase.class);
    private final Map<Phase, Samples> flush = new EnumMap<>(Phase.class);
    private final Map<Phase, LatencySummary> dataSummary = new EnumMap<>(Phase.class);
    private final Map<Phase, LatencySummary> flushSummary = new EnumMap<>(Phase.class);
    private final int queued;
    private final int issued;
    private final int flushes;
    private final Sizes sizes;
    private final QueueDepth deviceDepth;
    private final QueueDepth schedulerDepth;

    /** btt's BLKmin/BLKavg/BLKmax/Total: sectors per completed data request, and their sum. */
    public record Sizes(int n, long min, double avg, long max, long total) {}

    DeviceStats(
            int layer,
            String layerId,
            String device,
            int[] lanes,
            Map<Phase, SampleCollector> data,
            Map<Phase, SampleCollector> flush,
            int queued,
            int issued,
            int flushes,
            Sizes sizes,
            QueueDepth deviceDepth,
            QueueDepth schedulerDepth) {
        this.layer = layer;
        this.layerId = layerId;
        this.device = device;
        this.lanes = lanes;
        this.queued = queued;
        this.issued = issued;
        this.flushes = flushes;
        this.sizes = sizes;
        this.deviceDepth = deviceDepth;
        this.schedulerDepth = schedulerDepth;
        // each phase compacted as soon as it is summarized: one phase's values at a time
        for (Phase p : Phase.values()) {
            SampleCollector c = data.remove(p);
            SampleCollector.Summarized s = c == null ? null : c.finish();
            dataSummary.put(p, s == null ? LatencySummary.EMPTY : s.summary());
            if (s != null && s.samples().size() > 0) {
                this.data.put(p, s.samples());
            }
        }
        for (Phase p : Phase.FLUSH_PHASES) {
            SampleCollector c = flush.remove(p);
            SampleCollector.Summarized s = c == null ? null : c.finish();
            flushSummary.put(p, s == null ? LatencySummary.EMPTY : s.summary());
            if (s != null && s.samples().size() > 0) {
                this.flush.put(p, s.samples());
            }
        }
    }

    /** Index into the trace's layers. */
    public int layer() {
        return layer;
    }

    public String layerId() {
        return layerId;
    }

    /** The device: the lane name before any "/sub-lane" part (e.g. "254,0", "blk0"). */
    public String device() {
        return device;
    }

    /** The trace lanes this device's numbers come from. */
    public int[] lanes() {
        return lanes.clone();
    }

    /** A phase over the data-carrying bios, as btt computes it. */
    public LatencySummary summary(Phase p) {
        return dataSummary.get(p);
    }

    public Samples samples(Phase p) {
        return data.getOrDefault(p, Samples.EMPTY);
    }

    /** A phase over the flushes (only Q2D, D2C and Q2C; empty for others). */
    public LatencySummary flushSummary(Phase p) {
        return flushSummary.getOrDefault(p, LatencySummary.EMPTY);
    }

    public Samples flushSamples(Phase p) {
        return flush.getOrDefault(p, Samples.EMPTY);
    }

    /** btt's #Q: data-carrying bios queued (merged ones included). */
    public int queued() {
        return queued;
    }

    /** btt's #D: data-carrying requests issued to the driver. */
    public int issued() {
        return issued;
    }

    /** #Q / #D, or NaN when nothing was issued. */
    public double mergeRatio() {
        return issued == 0 ? Double.NaN : (double) queued / issued;
    }

    /** Flush requests (op flush) on this device. */
    public int flushes() {
        return flushes;
    }

    public Sizes sizes() {
        return sizes;
    }

    /** Requests issued to the driver and not yet completed (D..C), all ops. */
    public QueueDepth deviceDepth() {
        return deviceDepth;
    }

    /**
     * Requests inserted into the scheduler and not yet issued (I..D); empty without insert times.
     */
    public QueueDepth schedulerDepth() {
        return schedulerDepth;
    }
}
