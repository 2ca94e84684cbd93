package dev.orderlens.layout;

import dev.orderlens.analysis.DeviceStats;
import dev.orderlens.analysis.LatencyStats;
import dev.orderlens.analysis.QueueDepth;
import dev.orderlens.model.Trace;

/**
 * The queue-depth tracks the timeline draws above each lane: per trace lane, the requests in flight
 * at the device (issued, not completed: D..C) and in the scheduler (inserted, not issued: I..D;
 * empty for layers that do not record insertion). Each lane's strip is scaled to the deeper of its
 * two series over the whole trace, so the scale does not jump while panning and the label can name
 * it. Computed once per trace (O(n log n)), off the UI thread; immutable.
 */
public final class DepthTracks {
    private final Trace trace;
    private final QueueDepthTrack[] inFlight;
    private final QueueDepthTrack[] scheduler;

    private DepthTracks(Trace trace, QueueDepthTrack[] inFlight, QueueDepthTrack[] scheduler) {
        this.trace = trace;
        this.inFlight = inFlight;
        this.scheduler = scheduler;
    }

    /**
     * The tracks, taking a lane's series from the statistics when its device is that lane alone:
     * the statistics count the same intervals per device (D..C and I..D of every request), so the
     * series are equal and are kept once instead of twice (issue 14: ~40 bytes a request).
     */
    public static DepthTracks of(Trace t, LatencyStats stats) {
        int lanes = t.lanes().size();
        QueueDepthTrack[] a = new QueueDepthTrack[lanes];
        QueueDepthTrack[] b = new QueueDepthTrack[lanes];
        QueueDepth[] device = null;
        QueueDepth[] sched = null;
        for (int i = 0; i < lanes; i++) {
            DeviceStats d = stats.deviceOfLane(i);
            if (d.lanes().length == 1 && d.lanes()[0] == i) {
                a[i] = new QueueDepthTrack(d.deviceDepth());
                b[i] = new QueueDepthTrack(d.schedulerDepth());
            } else {
                if (device == null) {
                    device = QueueDepth.inFlightPerLane(t);
                    sched = QueueDepth.inSchedulerPerLane(t);
                }
                a[i] = new QueueDepthTrack(device[i]);
                b[i] = new QueueDepthTrack(sched[i]);
            }
        }
        return new DepthTracks(t, a, b);
    }

    public static DepthTracks of(Trace t) {
        QueueDepth[] device = QueueDepth.inFlightPerLane(t);
        QueueDepth[] sched = QueueDepth.inSchedulerPerLane(t);
        QueueDepthTrack[] a = new QueueDepthTrack[device.length];
        QueueDepthTrack[] b = new QueueDepthTrack[sched.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new QueueDepthTrack(device[i]);
            b[i] = new QueueDepthTrack(sched[i]);
        }
        return new DepthTracks(t, a, b);
    }

    /** The trace these tracks were computed from (a layout uses them only for that trace). */
    public Trace trace() {
        return trace;
    }

    /** Requests issued and not completed on a trace lane. */
    public QueueDepthTrack inFlight(int lane) {
        return inFlight[lane];
    }

    /**
     * Requests inserted into the scheduler and not issued on a trace lane (empty without insert
     * times).
     */
    public QueueDepthTrack scheduler(int lane) {
        return scheduler[lane];
    }

    /** The depth that fills a lane's strip: the deeper series' maximum, at least 1. */
    public int scaleMax(int lane) {
        return Math.max(1, Math.max(inFlight[lane].maxDepth(), scheduler[lane].maxDepth()));
    }

    public int lanes() {
        return inFlight.length;
    }
}
