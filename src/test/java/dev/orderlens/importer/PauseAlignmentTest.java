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
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("qemu.log", "qemu-log"));
        int layer = b.layer(Layer.VIRTIO);
        int lane = b.lane(layer, f, "virtio-blk/vq0");
        for (int k = 0; k < seconds.length; k++) {
            long ahead = seconds[k] < pauseAfterGuestSecond ? 5 * S : 7 * S;
            long t = seconds[k] * S + ahead;
            b.requests()
                    .add(
                            lane,
                            Op.WRITE,
                            0,
                            8L * k,
                            8,
                            t + 10 * US,
                            t + 10 * US,
                            t + 990 * US,
                            Status.OK);
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
