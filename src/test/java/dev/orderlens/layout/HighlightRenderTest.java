package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.model.Op;
import dev.orderlens.model.RequestTableBuilder;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The highlight of a latency bucket's requests as the renderer draws it: a halo per highlighted
 * run, nothing else.
 */
class HighlightRenderTest {
    private static final String LIME = String.format("%08x", Palette.LIGHT.highlight());

    private static RenderSpec spec(LaneLayout lay, long start, long end, double w, Highlight h) {
        return new RenderSpec(
                lay,
                new Viewport(start, end, w, Metrics.DEFAULT.rulerHeight() + lay.contentHeight(), 0),
                Palette.LIGHT,
                Time.NONE,
                -1,
                null,
                h);
    }

    /** The lime frames a frame drew: x, y, w, h. */
    private static List<double[]> halos(RecordingPainter p) {
        List<double[]> out = new ArrayList<>();
        for (String c : p.calls) {
            if (c.startsWith("stroke ") && c.contains(" " + LIME + " ")) {
                String[] f = c.split(" ");
                out.add(
                        new double[] {
                            Double.parseDouble(f[1]),
                            Double.parseDouble(f[2]),
                            Double.parseDouble(f[3]),
                            Double.parseDouble(f[4])
                        });
            }
        }
        return out;
    }

    @Test
    void eachHighlightedRequestGetsAHaloInItsRowsPaddingAndNoOtherDoes() {
        Trace t = TestTraces.sample();
        LaneLayout lay =
                new LaneLayout(
                        TimelineModel.build(t, OrderingAnalysis.analyze(t), RequestFilter.ALL),
                        LaneView.DEFAULT,
                        Metrics.DEFAULT);
        int[] rows = {t.requests().rowOfId(0, 4), t.requests().rowOfId(0, 16)};
        RenderSpec s = spec(lay, 0, 500_000, 1200, Highlight.of(rows, "test"));
        RecordingPainter p = new RecordingPainter();
        TimelineRenderer.paint(p, s);
        List<String> expected = new ArrayList<>();
        for (int row : rows) {
            double[] r = lay.barRect(row, s.scale(), 0);
            assertTrue(
                    r[2] >= Bars.HIGHLIGHT_MIN_WIDTH, "wide enough to be framed as it is: " + r[2]);
            expected.add(
                    String.format(
                            Locale.ROOT,
                            "stroke %.1f %.1f %.1f %.1f %s 2.0 SOLID",
                            r[0] - 2,
                            r[1] - 2,
                            r[2] + 4,
                            r[3] + 4,
                            LIME));
        }
        List<String> got = p.calls.stream().filter(c -> c.contains(" " + LIME + " ")).toList();
        assertEquals(expected, got);

        RecordingPainter plain = new RecordingPainter();
        TimelineRenderer.paint(plain, spec(lay, 0, 500_000, 1200, null));
        assertTrue(plain.calls.stream().noneMatch(c -> c.contains(LIME)), "no highlight, no lime");
        p.calls.removeAll(got);
        assertEquals(plain.calls, p.calls, "the halos are the only difference");
    }

    /**
     * Zoomed out over 20,000 requests (merged runs, levels of detail): every highlighted request's
     * pixel is inside a halo in its row, and every halo holds a highlighted request.
     */
    @Test
    void aHighlightedRequestAmongManyInAPixelStillShowsAndHalosNeverFrameOnlyOthers() {
        long seed = System.nanoTime();
        for (long s : new long[] {3, 11, seed}) {
            String why = "seed " + s + " (run seed " + seed + ")";
            Trace t = dense(30_000, s);
            LaneLayout lay =
                    new LaneLayout(
                            TimelineModel.build(t, OrderingAnalysis.analyze(t), RequestFilter.ALL),
                            LaneView.DEFAULT,
                            Metrics.DEFAULT);
            Random rnd = new Random(s);
            int[] rows = new int[1 + rnd.nextInt(40)];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = rnd.nextInt(t.requests().size());
            }
            Highlight h = Highlight.of(rows, "random");
            for (double width : new double[] {500, 1400}) {
                RenderSpec spec = spec(lay, t.startNs(), t.endNs() + 1, width, h);
                TimeScale scale = spec.scale();
                boolean lod =
                        lay.bands().stream()
                                .anyMatch(
                                        b ->
                                                b.sequence() != null
                                                        && b.sequence().lod() != null
                                                        && b.sequence()
                                                                        .lod()
                                                                        .levelFor(scale.nsPerPx())
                                                                != null);
                assertTrue(lod, "the frame draws from levels of detail: " + why);
                RecordingPainter p = new RecordingPainter();
                TimelineRenderer.paint(p, spec);
                List<double[]> halos = halos(p);
                Set<Integer> usedHalos = new HashSet<>();
                for (int row : h.rows()) {
                    double[] r = lay.barRect(row, scale, 0);
                    double px =
                            Math.max(
                                    scale.x0() - 2, Math.min(scale.x0() + scale.width() + 1, r[0]));
                    int found = -1;
                    for (int k = 0; k < halos.size(); k++) {
                        double[] hl = halos.get(k);
                        if (hl[1] == r[1] - 2 && hl[0] <= px && hl[0] + hl[2] >= px + 1) {
                            found = k;
                        }
                    }
                    assertTrue(found >= 0, "row " + row + " at x " + px + " has a halo, " + why);
                    usedHalos.add(found);
                }
                assertEquals(
                        halos.size(),
                        usedHalos.size(),
                        "every halo frames a highlighted request, " + why);
            }
        }
    }

    /**
     * Short requests close together on two lanes: a few long rows, thousands of requests a pixel
     * apart when zoomed out.
     */
    private static Trace dense(int n, long seed) {
        Random rnd = new Random(seed);
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("dense-" + seed, "json"));
        int[] lanes = {b.lane(b.layer("guest"), f, "vda"), b.lane(b.layer("device"), f, "sda")};
        RequestTableBuilder rt = b.requests();
        long t = 0;
        Op[] ops = {Op.READ, Op.WRITE, Op.WRITE, Op.FLUSH};
        for (int i = 0; i < n; i++) {
            t += rnd.nextInt(5_000);
            long dur = 1 + rnd.nextInt(3_000);
            rt.add(
                    lanes[rnd.nextInt(2)],
                    ops[rnd.nextInt(ops.length)],
                    0,
                    rnd.nextInt(4096) * 8L,
                    8,
                    t,
                    t + dur / 3,
                    t + dur,
                    Status.OK);
        }
        return b.build();
    }

    @Test
    void nextAndPreviousWrapAroundAndSkipWhatIsNotShown() {
        Highlight h = Highlight.of(new int[] {40, 7, 12, 7, -1, 30}, "x");
        assertArrayEquals(new int[] {7, 12, 30, 40}, h.rows(), "sorted, distinct, no negatives");
        assertEquals(7, h.neighbour(-1, 1, r -> true), "from no selection: the first");
        assertEquals(40, h.neighbour(-1, -1, r -> true), "backwards: the last");
        assertEquals(30, h.neighbour(12, 1, r -> r != 30 || true));
        assertEquals(40, h.neighbour(12, 1, r -> r != 30), "30 is filtered out");
        assertEquals(7, h.neighbour(40, 1, r -> true), "wraps");
        assertEquals(12, h.neighbour(20, -1, r -> true), "from a row that is not highlighted");
        assertEquals(-1, h.neighbour(7, 1, r -> false));
        assertTrue(h.contains(30) && !h.contains(31) && !h.contains(-1) && !h.contains(1_000_000));
        assertNull(Highlight.of(new int[0], "none"), "nothing to highlight: no highlight");
        assertEquals(Highlight.of(new int[] {7, 12}, "x"), Highlight.of(new int[] {12, 7}, "x"));
    }

    @Test
    void theLegendExplainsTheHighlightAndTheTracksOnlyWhenTheyAreShown() {
        Highlight h = Highlight.of(new int[] {1}, "Q2C 100 µs – 158 µs on guest 254,0");
        List<String> with = Legend.entries(null, h, true).stream().map(Legend.Entry::text).toList();
        assertEquals("highlighted: Q2C 100 µs – 158 µs on guest 254,0", with.get(0));
        assertTrue(with.get(1).startsWith("queue depth above a lane"), with.get(1));
        List<String> without = Legend.entries(null).stream().map(Legend.Entry::text).toList();
        assertEquals(with.subList(2, with.size()), without);
        RecordingPainter p = new RecordingPainter();
        assertTrue(Legend.height(p, 700, null, h, true) > Legend.height(p, 700, null));
    }
}
