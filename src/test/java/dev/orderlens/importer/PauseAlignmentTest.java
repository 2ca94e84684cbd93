package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.model.ClockSegment;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clock alignment across a VM pause (issue 12 item 4). The guest's clock (kvmclock) stands still
 * while the VM is stopped, the host's runs on: after a pause of P the host's times are P further
 * ahead of the guest's. Here a guest file writes at guest seconds 1-4 and 6-9; QEMU sees each write
 * 10 µs after the guest issued it and 10 µs before the guest saw it complete, on a host clock 5 s
 * ahead of the guest's before a 2 s pause (stop at host 9.5 s, resume at 11.5 s) and 7 s ahead
 * after it. The offset to add to QEMU's times is therefore -5 s before and -7 s after (the middle
 * of each write's ±10 µs nesting window is exactly the true offset).
 */
class PauseAlignmentTest {
    static final long S = 1_000_000_000L;
    static final long US = 1_000L;

    static Trace guest(long[] seconds) {
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("guest.txt", "blkparse"));
        int lane = b.lane(b.layer(Layer.GUEST), f, "vda");
        for (int k = 0; k < seconds.length; k++) {
            long t = seconds[k] * S;
            b.requests().add(lane, Op.WRITE, 0, 8L * k, 8, t, t, t + 1_000 * US, Status.OK);
        }
        return b.build();
    }

    /** QEMU's view: writes k at guest second seconds[k] + ahead(k), and the pause's two events. */
    static Trace qemu(long[] seconds, long pauseAfterGuestSecond) {
        return qemu(seconds, pauseAfterGuestSecond, 10 * US);
    }

    /**
     * @param lateAfterPause how long after the guest's issue QEMU sees each write after the pause
     * @param logged times of other events QEMU logged
     */
    static Trace qemu(
            long[] seconds, long pauseAfterGuestSecond, long lateAfterPause, long... logged) {
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("qemu.log", "qemu-log"));
        int layer = b.layer(Layer.VIRTIO);
        int lane = b.lane(layer, f, "virtio-blk/vq0");
        for (int k = 0; k < seconds.length; k++) {
            long ahead = seconds[k] < pauseAfterGuestSecond ? 5 * S : 7 * S;
            long t = seconds[k] * S + ahead;
            long late = seconds[k] < pauseAfterGuestSecond ? 10 * US : lateAfterPause;
            b.requests()
                    .add(lane, Op.WRITE, 0, 8L * k, 8, t + late, t + late, t + 990 * US, Status.OK);
        }
        for (long t : logged) {
            int e = b.events().add(t, EventKind.OTHER, layer, -1, f, -1, 0);
            b.events().setName(e, "monitor_protocol_event_emit");
        }
        int stop = b.events().add(9_500_000_000L, EventKind.OTHER, layer, -1, f, -1, 0);
        b.events().setName(stop, "vm_state_notify");
        b.events().setText(stop, "running 0 reason 4 (io-error)");
        int resume = b.events().add(11_500_000_000L, EventKind.OTHER, layer, -1, f, -1, 0);
        b.events().setName(resume, "vm_state_notify");
        b.events().setText(resume, "running 1 reason 9 (running)");
        return b.build();
    }

    @Test
    void eachStretchBetweenPausesGetsItsOwnOffset() {
        long[] secs = {1, 2, 3, 4, 6, 7, 8, 9};
        OffsetEstimator.Alignment a = OffsetEstimator.align(guest(secs), qemu(secs, 5));
        assertNotNull(a);
        List<ClockSegment> s = a.segments();
        assertEquals(2, s.size());
        assertEquals(-5 * S, s.get(0).offsetNs());
        assertEquals(-7 * S, s.get(1).offsetNs());
        assertEquals(11_500_000_000L, s.get(1).fromNs()); // the resume, on QEMU's clock
        assertEquals(2 * S, s.get(1).pauseNs());
        assertTrue(s.get(1).estimated());
        assertEquals(8, a.agreeing());
        // a QEMU time inside the pause (10 s) is held at the stop: 9.5 s - 5 s on the guest's clock
        assertEquals(4_500_000_000L, ClockSegment.shift(s, 10 * S));
        // the first write after the pause: guest 6 s → QEMU 13 s + 10 µs → back to 6 s + 10 µs
        assertEquals(6 * S + 10 * US, ClockSegment.shift(s, 13 * S + 10 * US));
    }

    /**
     * After the pause QEMU sees each write late in the guest's window: 900 µs after the guest
     * issued it, 10 µs before the guest saw it complete. On their own these writes allow any offset
     * in [-7 s - 900 µs, -7 s + 10 µs]; the middle, -7 s - 445 µs, is 445 µs more than the 2 s
     * pause: the guest's clock stopped 445 µs before QEMU logged the stop. QEMU does stop the
     * guest's clock first (do_vm_stop: cpu_disable_ticks, then waiting for the vCPUs, then
     * vm_state_notify) and its log is silent for 0.5 s before the stop (the last write completes at
     * host 9.00099 s), so that is possible. Then QEMU's own events must stay in order: a flush
     * inside the pause (host 10 s) is held at the earlier stop, so it lands neither before the stop
     * event nor after the first event after the resume (host 11.5 s).
     */
    @Test
    void theStretchAfterAPauseNeverStartsBeforeThePause() {
        long[] secs = {1, 2, 3, 4, 6, 7, 8, 9};
        Trace q = qemu(secs, 5, 900 * US);
        OffsetEstimator.Alignment a = OffsetEstimator.align(guest(secs), q);
        assertNotNull(a);
        List<ClockSegment> s = a.segments();
        assertEquals(-5 * S, s.get(0).offsetNs());
        assertEquals(-7 * S - 445 * US, s.get(1).offsetNs());
        long stop = ClockSegment.shift(s, 9_500_000_000L);
        long inPause = ClockSegment.shift(s, 10 * S);
        long resume = ClockSegment.shift(s, 11_500_000_000L);
        assertTrue(stop <= inPause, "flush at " + inPause + " before the stop at " + stop);
        assertTrue(inPause <= resume, "flush at " + inPause + " after the resume at " + resume);
        assertEquals(8, a.agreeing());
    }

    /**
     * The same writes, but QEMU logged something 100 µs before the stop (as it logs the I/O error
     * that makes werror=stop stop the VM): the guest's clock cannot have stopped before that, so
     * the offset after the pause can be at most 100 µs below -7 s. The writes before the pause
     * allow -5 s ± 10 µs, those after it [-7 s - 900 µs, -7 s + 10 µs]: the only offsets that keep
     * both files in order and nest every write are -5 s - 10 µs before and down to -7 s - 110 µs
     * after.
     */
    @Test
    void theLogsSilenceBeforeTheStopBoundsHowEarlyTheGuestClockStopped() {
        long[] secs = {1, 2, 3, 4, 6, 7, 8, 9};
        Trace q = qemu(secs, 5, 900 * US, 9_500_000_000L - 100 * US);
        OffsetEstimator.Alignment a = OffsetEstimator.align(guest(secs), q);
        assertNotNull(a);
        List<ClockSegment> s = a.segments();
        assertEquals(-5 * S - 10 * US, s.get(0).offsetNs());
        assertEquals(-7 * S - 110 * US, s.get(1).offsetNs());
        // the event 100 µs before the stop keeps its place; the resume lands at the held stop
        long before = ClockSegment.shift(s, 9_500_000_000L - 100 * US);
        long stop = ClockSegment.shift(s, 9_500_000_000L);
        long resume = ClockSegment.shift(s, 11_500_000_000L);
        assertEquals(4_500_000_000L - 110 * US, before);
        assertTrue(before <= stop && stop <= resume, before + " " + stop + " " + resume);
        assertEquals(8, a.agreeing());
    }

    /**
     * The same files without the two vm_state_notify events: the writes before host 9.5 s nest with
     * -5 s, those after 11.5 s with -7 s, so a 2 s pause is found in the log's longest silence
     * between them (from the last write before, host 4 s + 5 s + 990 µs, to the first after, host
     * 13 s + 10 µs: 4 s - 980 µs of nothing), starting where that silence starts.
     */
    @Test
    void aPauseTheLogDoesNotRecordIsFoundFromTheJump() {
        long[] secs = {1, 2, 3, 4, 6, 7, 8, 9};
        Trace q = withoutEvents(qemu(secs, 5));
        OffsetEstimator.Alignment a = OffsetEstimator.align(guest(secs), q);
        assertNotNull(a);
        assertTrue(a.pausesDetected());
        List<ClockSegment> s = a.segments();
        assertEquals(2, s.size());
        assertEquals(-5 * S, s.get(0).offsetNs());
        assertEquals(-7 * S, s.get(1).offsetNs());
        assertEquals(2 * S, s.get(1).pauseNs());
        // the silence starts at the last write's completion, host 9 s + 990 µs; it resumes 2 s
        // later
        assertEquals(9 * S + 990 * US + 2 * S, s.get(1).fromNs());
        assertEquals(8, a.agreeing());
        // without a jump there is no pause
        OffsetEstimator.Alignment flat =
                OffsetEstimator.align(guest(secs), withoutEvents(qemu(secs, 100)));
        assertEquals(1, flat.segments().size());
        assertFalse(flat.pausesDetected());
    }

    /** The trace's requests without its events. */
    static Trace withoutEvents(Trace t) {
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("qemu.log", "qemu-log"));
        int lane = b.lane(b.layer(Layer.VIRTIO), f, "virtio-blk/vq0");
        var r = t.requests();
        for (int i = 0; i < r.size(); i++) {
            b.requests()
                    .add(
                            lane,
                            r.op(i),
                            0,
                            r.sector(i),
                            r.count(i),
                            r.submit(i),
                            r.issue(i),
                            r.complete(i),
                            r.status(i));
        }
        return b.build();
    }

    @Test
    void aStretchWithTooFewWritesTakesTheOffsetMovedByThePause() {
        long[] secs = {1, 2, 3, 4, 6};
        OffsetEstimator.Alignment a = OffsetEstimator.align(guest(secs), qemu(secs, 5));
        assertNotNull(a);
        // one write after the pause (fewer than 3): -5 s - 2 s
        assertEquals(-7 * S, a.segments().get(1).offsetNs());
        assertFalse(a.segments().get(1).estimated());
    }

    @Test
    void theGuestAsTheOtherFileShiftsForwardAfterThePause() {
        long[] secs = {1, 2, 3, 4, 6, 7, 8, 9};
        OffsetEstimator.Alignment a = OffsetEstimator.align(qemu(secs, 5), guest(secs));
        assertNotNull(a);
        List<ClockSegment> s = a.segments();
        assertEquals(5 * S, s.get(0).offsetNs());
        assertEquals(7 * S, s.get(1).offsetNs());
        // the guest's clock stood still at the stop: host 9.5 s - 5 s = guest 4.5 s
        assertEquals(4_500_000_000L, s.get(1).fromNs());
        assertEquals(Time.NONE, s.get(1).pausedFromNs());
    }

    @Test
    void theMergeAppliesEachSegmentAndRecordsThemOnTheFile() {
        long[] secs = {1, 2, 3, 4, 6, 7, 8, 9};
        List<Trace> parts = List.of(guest(secs), qemu(secs, 5));
        List<List<ClockSegment>> al =
                TraceLoader.alignments(parts, java.util.Arrays.asList(null, null));
        Trace merged = TraceMerger.mergeAligned(parts, al);
        assertEquals(2, parts.get(1).sources().get(0).clockSegments().size());
        int virtio = merged.layerIndex(Layer.VIRTIO);
        for (int i = 0; i < merged.requests().size(); i++) {
            if (merged.requests().layer(i) == virtio) {
                long sub = merged.requests().submit(i);
                // every virtio write lands 10 µs after a guest second
                assertEquals(10 * US, sub % S, "row " + i + " at " + sub);
            }
        }
    }
}
