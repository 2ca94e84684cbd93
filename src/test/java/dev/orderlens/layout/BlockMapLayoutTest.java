package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.BlockMap;
import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.model.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockMapLayoutTest {
    private static BlockMap randomMap(long seed) {
        Trace t = TestTraces.random(3_000, seed);
        CrashAnalysis a = CrashAnalysis.of(t);
        return BlockMap.of(a.at(CrashPoint.powerLoss((t.startNs() + t.endNs()) / 2)));
    }

    /**
     * Every run's sectors are covered by its cells exactly once, in order, and cells never overlap.
     */
    private static void assertWellFormed(BlockMapLayout l, double width) {
        List<BlockMap.Range> ranges = l.map().ranges();
        long[] next = new long[ranges.size()];
        for (int i = 0; i < ranges.size(); i++) {
            next[i] = ranges.get(i).from();
        }
        BlockMapLayout.Cell prev = null;
        for (BlockMapLayout.Cell c : l.cells()) {
            assertEquals(next[c.range()], c.from(), "cells of a run follow each other");
            next[c.range()] = c.to();
            assertTrue(
                    c.x() >= BlockMapLayout.GUTTER && c.x() + c.w() <= width + 0.01,
                    "inside the line: " + c);
            assertTrue(
                    c.w()
                            >= Math.min(
                                            BlockMapLayout.MIN_CELL,
                                            (c.to() - c.from()) * l.pxPerSector())
                                    - 1e-9,
                    "visible: " + c);
            if (prev != null) {
                assertTrue(
                        c.y() > prev.y() || c.x() >= prev.x() + prev.w() - 1e-9,
                        "no overlap: " + prev + " then " + c);
            }
            prev = c;
        }
        for (int i = 0; i < ranges.size(); i++) {
            assertEquals(ranges.get(i).to(), next[i], "run " + i + " fully laid out");
        }
    }

    @Test
    void lineLabelsGroupDigitsAsTheFormatterDoes() {
        // the labels are sector numbers; every digit count and sign against "%,d"
        long[] values = {
            0,
            7,
            42,
            999,
            1000,
            65535,
            123456,
            1234567,
            999999999,
            4294967295L,
            -1,
            -1000,
            Long.MAX_VALUE,
            Long.MIN_VALUE
        };
        for (long v : values) {
            assertEquals(
                    String.format(java.util.Locale.ROOT, "%,d", v),
                    BlockMapLayout.grouped(v),
                    "for " + v);
        }
    }

    @Test
    void runsWrapAndSplitWithoutOverlapAtEveryZoom() {
        BlockMap m = randomMap(7);
        assertFalse(m.ranges().isEmpty());
        for (double zoom : new double[] {1.0 / 4096, 0.01, 0.5, 4, 32}) {
            BlockMapLayout l = new BlockMapLayout(m, 600, zoom);
            assertWellFormed(l, 600);
            assertTrue(l.height() > l.legendHeight());
        }
        // zooming in never makes the map shorter
        assertTrue(
                new BlockMapLayout(m, 600, 4).height() >= new BlockMapLayout(m, 600, 0.5).height());
    }

    @Test
    void gapsMarkUntouchedSectorsAndHitTestingFindsRuns() {
        BlockMap m = randomMap(11);
        BlockMapLayout l = new BlockMapLayout(m, 800, BlockMapLayout.fitZoom(m, 800, 400));
        int gaps = 0;
        for (int i = 1; i < m.ranges().size(); i++) {
            BlockMap.Range a = m.ranges().get(i - 1);
            BlockMap.Range b = m.ranges().get(i);
            if (a.domain() == b.domain() && a.to() != b.from()) {
                gaps++;
            }
        }
        assertEquals(gaps, l.gaps().size(), "one marker per elided gap");
        for (BlockMapLayout.Gap g : l.gaps()) {
            assertTrue(g.sectors() > 0);
            assertEquals(g, l.hit(g.x() + 3, g.y() + 5).gap());
        }
        for (BlockMapLayout.Cell c : l.cells()) {
            BlockMapLayout.Hit h = l.hit(c.x() + c.w() / 2, c.y() + 5);
            assertEquals(c.range(), h.range(), "hit in " + c);
            assertTrue(h.sector() >= c.from() && h.sector() < c.to());
        }
        assertEquals(-1, l.hit(1, 1).range(), "the legend is not a run");
    }

    @Test
    void paintsEveryVisibleCellInItsClassColourAndTheLegend() {
        BlockMap m = randomMap(3);
        BlockMapLayout l = new BlockMapLayout(m, 700, 0.5);
        RecordingPainter p = new RecordingPainter();
        l.paint(p, Palette.LIGHT, 0, 700, 10_000, -1);
        long visible = l.cells().stream().filter(c -> c.y() <= 10_000).count();
        long filled =
                p.calls.stream()
                        .filter(
                                c ->
                                        c.startsWith("fill")
                                                && !c.contains(
                                                        String.format(
                                                                "%08x", Palette.LIGHT.background()))
                                                && !c.contains(
                                                        String.format(
                                                                "%08x", Palette.LIGHT.grid())))
                        .count();
        assertEquals(
                visible + BlockMap.SectorClass.values().length,
                filled,
                "one rectangle per cell plus the legend swatches");
        for (BlockMap.SectorClass c : BlockMap.SectorClass.values()) {
            assertTrue(
                    p.texts.stream().anyMatch(s -> s.startsWith(c.label() + " ")),
                    "legend names " + c);
        }
        assertNotNull(l.firstCell(0));
        assertEquals(0, p.depth, "clips balanced");
    }
}
