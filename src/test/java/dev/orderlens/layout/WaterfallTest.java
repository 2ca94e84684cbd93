package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.CrossLayer;
import dev.orderlens.analysis.LatencyStats;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Op;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The waterfall of a real jbd2 commit (Q FWFSM 152 + 8, line 206 of the writeback capture). */
class WaterfallTest {
    private static final Path DIR = Path.of("sample-traces/btt");

    private static Trace capture() throws Exception {
        return TraceLoader.load(
                List.of(
                        TraceLoader.FileSpec.of(DIR.resolve("writeback.guest.blkparse.txt")),
                        TraceLoader.FileSpec.of(DIR.resolve("writeback.qemu.log"))),
                Progress.NONE);
    }

    @Test
    void aJournalCommitShowsItsFlushesAndItsWriteDownToTheHost() throws Exception {
        Trace t = capture();
        Requests r = t.requests();
        CrossLayer c = LatencyStats.of(t).crossLayer();
        int commit = r.rowOfId(0, 206);
        Waterfall w = Waterfall.of(t, c, commit);
        List<Waterfall.Bar> bars = w.bars();
        assertEquals(commit, bars.get(0).row());
        assertEquals(
                List.of(
                        "guest", "guest", "virtio", "host", "virtio", "host", "guest", "virtio",
                        "host"),
                bars.stream().map(Waterfall.Bar::layerId).toList(),
                "preflush, data, post-flush: each down to the host");
        assertEquals(
                List.of(
                        Op.FLUSH, Op.FLUSH, Op.FLUSH, Op.WRITE, Op.WRITE, Op.FLUSH, Op.FLUSH,
                        Op.FLUSH),
                bars.subList(1, bars.size()).stream().map(b -> r.op(b.row())).toList());
        // the commit's own phases: Q2G, then G to the data's D, then to the final C after the
        // post-flush
        Waterfall.Bar top = bars.get(0);
        assertEquals(
                List.of("Q2G", "G2D", "D2C"),
                top.phases().stream().map(Waterfall.Part::name).toList());
        assertEquals(r.complete(commit), top.endNs());
        for (Waterfall.Bar b : bars) {
            long at = b.startNs();
            for (Waterfall.Part p : b.phases()) {
                assertEquals(at, p.startNs(), b.label() + ": phases follow each other");
                assertTrue(p.endNs() > p.startNs());
                at = p.endNs();
            }
            assertEquals(b.endNs(), at, b.label());
            assertTrue(b.startNs() >= w.startNs() && b.endNs() <= w.endNs());
        }
        // the connectors are the entry's cross-layer segments
        int entry = c.entryOf(commit);
        List<Waterfall.Part> links = w.links();
        assertEquals(
                List.of("virtqueue", "qemu", "completion"),
                links.stream().map(Waterfall.Part::name).toList());
        assertEquals(c.segment(entry, CrossLayer.Segment.VIRTQUEUE), links.get(0).duration());
        assertEquals(c.segment(entry, CrossLayer.Segment.QEMU), links.get(1).duration());
        assertEquals(c.segment(entry, CrossLayer.Segment.COMPLETION), links.get(2).duration());
        assertEquals(r.issue(commit), links.get(0).startNs());
        assertEquals(r.submit(c.virtio(entry)), links.get(0).endNs());
    }

    @Test
    void anyRequestOfTheChainGivesTheSameWaterfallAndAGuestOnlyTraceJustTheRequest()
            throws Exception {
        Trace t = capture();
        CrossLayer c = LatencyStats.of(t).crossLayer();
        int commit = t.requests().rowOfId(0, 206);
        int entry = c.entryOf(commit);
        Waterfall fromHost = Waterfall.of(t, c, c.host(entry));
        assertEquals(Waterfall.of(t, c, commit).bars(), fromHost.bars());

        Trace guestOnly = TraceLoader.load(DIR.resolve("writeback.guest.blkparse.txt"));
        int row = guestOnly.requests().rowOfId(0, 1);
        Waterfall w = Waterfall.of(guestOnly, LatencyStats.of(guestOnly).crossLayer(), row);
        assertEquals(1, w.bars().size());
        assertEquals(
                List.of("Q2G", "G2I", "I2D", "D2C"),
                w.bars().get(0).phases().stream().map(Waterfall.Part::name).toList());
        assertTrue(w.links().isEmpty());
    }
}
