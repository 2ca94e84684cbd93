package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.orderlens.importer.GuestVirtioLinks;
import dev.orderlens.importer.TraceMerger;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Status;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceBuilder;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 7: blktrace prints REQ_OP_WRITE_ZEROES as a plain "W" (blk_fill_rwbs has no letter
 * for it), QEMU sees the virtio write-zeroes. The guest "W" must link to it and then share the
 * lower layers' verdict.
 */
class GuestWriteZeroesLinkTest {

    /**
     * Rows: 0 guest W 128+128 (issued 0, completed 100); 1 guest flush 200-300; 2 virtio
     * write-zeroes 128+128 (popped 10, done 90); 3 host write-zeroes (20-80, parent 2); 4 guest W
     * 512+8 (400-500) whose virtio write-zeroes 5 is popped at 600, after the guest saw it
     * complete. No host flush: cache=unsafe.
     */
    static Trace trace() {
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("pair", "test"));
        int g = b.lane(b.layer(Layer.GUEST), f, "vda");
        int v = b.lane(b.layer(Layer.VIRTIO), f, "virtio-blk/vq0");
        int h = b.lane(b.layer(Layer.HOST), f, "blk0");
        b.requests().add(g, Op.WRITE, 0, 128, 128, 0, 0, 100, Status.OK);
        b.requests().add(g, Op.FLUSH, 0, 0, 0, 200, 200, 300, Status.OK);
        b.requests().add(v, Op.WRITE_ZEROES, 0, 128, 128, 10, 10, 90, Status.OK);
        int host = b.requests().add(h, Op.WRITE_ZEROES, 0, 128, 128, 20, 20, 80, Status.OK);
        b.requests().setParent(host, 2);
        b.requests().add(g, Op.WRITE, 0, 512, 8, 400, 400, 500, Status.OK);
        b.requests().add(v, Op.WRITE_ZEROES, 0, 512, 8, 600, 600, 700, Status.OK);
        return b.build();
    }

    static int rowAt(Trace t, String layer, long submit) {
        for (int i = 0; i < t.requests().size(); i++) {
            if (t.requests().layer(i) == t.layerIndex(layer) && t.requests().submit(i) == submit) {
                return i;
            }
        }
        throw new AssertionError(layer + " at " + submit);
    }

    @Test
    void aGuestWriteLinksToTheVirtioWriteZeroesOfItsRangeWithinItsLifetime() {
        Trace t = trace();
        int[] parents = GuestVirtioLinks.parents(t);
        assertEquals(rowAt(t, Layer.GUEST, 0), parents[rowAt(t, Layer.VIRTIO, 10)]);
        // popped after the guest saw its write complete: not the same request
        assertEquals(-1, parents[rowAt(t, Layer.VIRTIO, 600)]);
    }

    @Test
    void onceLinkedTheGuestWriteFollowsTheLayersBelow() {
        Trace t = trace();
        Trace linked = TraceMerger.withParents(t, GuestVirtioLinks.parents(t));
        CrashPoint p =
                new CrashPoint(1_000, CrashKind.POWER_LOSS, CacheMode.UNSAFE, Tearing.SECTOR);
        CrashResult r = CrashAnalysis.of(linked).at(p);
        int guest = rowAt(linked, Layer.GUEST, 0);
        int host = rowAt(linked, Layer.HOST, 20);
        // cache=unsafe: QEMU never flushes the host, so the zeroes are only in the host's page
        // cache at a power loss; the guest's flush (row 1) cannot make them durable
        assertNotEquals(WriteState.DURABLE, r.state(host));
        assertEquals(r.state(host), r.state(guest));
        assertEquals(guest, r.analysis().dataParent(rowAt(linked, Layer.VIRTIO, 10)));
    }
}
