package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.model.Op;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Levels of detail checked against brute force over the requests they summarise. */
class LodPyramidTest {
    private static List<Sequence> sequences(TimelineModel m) {
        List<Sequence> out = new ArrayList<>();
        for (TimelineModel.LayerLanes l : m.layers()) {
            out.add(l.summary());
            for (TimelineModel.SubLane s : l.subLanes()) {
                out.addAll(s.rows());
                out.add(s.summary());
            }
        }
        out.add(m.flushes());
        return out;
    }

    @Test
    void everyLevelConservesCountsAndSummarisesItsBucketsExactly() {
        for (long seed = 1; seed <= 6; seed++) {
            Trace t = TestTraces.random(3000, seed);
            TimelineModel m =
                    TimelineModel.build(t, OrderingAnalysis.analyze(t), RequestFilter.ALL);
            int checkedLevels = 0;
            for (Sequence seq : sequences(m)) {
                LodPyramid lod = seq.lod();
                if (lod == null) {
                    assertTrue(
                            seq.size() < LodPyramid.MIN_SIZE,
                            "seed " + seed + ": big sequences get a pyramid");
                    continue;
                }
                RequestColumns c = seq.columns();
                for (int li = 0; li < lod.levelCount(); li++) {
                    LodPyramid.Level lv = lod.level(li);
                    String why = "seed " + seed + " shift " + lv.shift();
                    long total = 0;
                    int pos = 0;
                    for (int k = 0; k < lv.size(); k++) {
                        assertEquals(pos, lv.first(k), why + ": first position of bucket " + k);
                        int[] ops = new int[Op.values().length];
                        int marks = 0;
                        long maxDur = 0;
                        int n = 0;
                        long bucketOf = (seq.start(pos) - lod.origin()) >>> lv.shift();
                        assertEquals(
                                lv.bucketStart(k), lod.origin() + (bucketOf << lv.shift()), why);
                        while (pos < seq.size()
                                && (seq.start(pos) - lod.origin()) >>> lv.shift() == bucketOf) {
                            int row = seq.row(pos);
                            ops[c.op(row)]++;
                            marks |= c.marks(row);
                            maxDur = Math.max(maxDur, c.end(row) - c.start(row));
                            n++;
                            pos++;
                        }
                        assertEquals(n, lv.count(k), why + ": count of bucket " + k);
                        assertEquals(
                                seq.coveredUntil(pos - 1),
                                lv.coveredUntil(k),
                                why + ": reach of bucket " + k);
                        assertEquals(maxDur, lv.maxDuration(k), why);
                        assertEquals(marks, lv.marks(k), why);
                        int best = 0;
                        for (int o = 0; o < ops.length; o++) {
                            best = Math.max(best, ops[o]);
                        }
                        assertEquals(
                                best,
                                ops[lv.op(k)],
                                why + ": the dominant op is a most common one");
                        total += lv.count(k);
                    }
                    assertEquals(seq.size(), total, why + ": counts add up to the sequence");
                    assertTrue(
                            lv.size() * LodPyramid.MIN_PER_BUCKET <= seq.size() || li > 0,
                            why + ": finest level pays for itself");
                    checkedLevels++;
                }
                assertEquals(
                        1, lod.level(lod.levelCount() - 1).size(), "the top level is one bucket");
            }
            assertTrue(
                    checkedLevels > 20,
                    "seed " + seed + ": levels were checked (" + checkedLevels + ")");
        }
    }

    @Test
    void aLevelIsChosenOnlyWhenItsBucketsFitInAPixel() {
        Trace t = TestTraces.random(5000, 3);
        TimelineModel m = TimelineModel.build(t, null, RequestFilter.ALL);
        LodPyramid lod = m.layers().get(0).summary().lod();
        assertNotNull(lod);
        assertNull(lod.levelFor(0.5), "sub-ns pixels draw requests");
        for (double nsPerPx : new double[] {3, 1000, 123_456, 9e6, 1e12}) {
            LodPyramid.Level lv = lod.levelFor(nsPerPx);
            if (lv != null) {
                assertTrue(
                        (1L << lv.shift()) <= nsPerPx,
                        "bucket " + (1L << lv.shift()) + " ns within a " + nsPerPx + " ns pixel");
            }
        }
        assertNotNull(lod.levelFor(1e12), "whole-trace zoom uses the pyramid");
    }

    @Test
    void runsCountEveryVisibleRequestOnceAndNeverOverlap() {
        int[] branches = new int[2];
        for (long seed = 11; seed <= 14; seed++) {
            Random rnd = new Random(seed);
            Trace t = TestTraces.random(4000, seed);
            TimelineModel m =
                    TimelineModel.build(t, OrderingAnalysis.analyze(t), RequestFilter.ALL);
            long span = t.endNs() - t.startNs();
            for (int trial = 0; trial < 60; trial++) {
                long a = t.startNs() + (long) (rnd.nextDouble() * span);
                long len = 1 + (long) (span * Math.pow(rnd.nextDouble(), 3));
                double width = 50 + rnd.nextInt(1500);
                TimeScale scale = new TimeScale(a, a + len, 10, width);
                for (Sequence seq : sequences(m)) {
                    String why =
                            "seed "
                                    + seed
                                    + " trial "
                                    + trial
                                    + " window "
                                    + a
                                    + "+"
                                    + len
                                    + " width "
                                    + width;
                    List<int[]> runs = new ArrayList<>();
                    Runs.build(seq, scale, r -> runs.add(new int[] {r.x0, r.x1, r.count, r.row}));
                    long counted = 0;
                    for (int i = 0; i < runs.size(); i++) {
                        int[] r = runs.get(i);
                        assertTrue(r[0] < r[1], why + ": runs are at least a pixel");
                        assertTrue(
                                r[0] >= 8 && r[1] <= 10 + width + 3,
                                why + ": runs stay near the view");
                        if (i > 0) {
                            assertTrue(
                                    runs.get(i - 1)[1] <= r[0],
                                    why + ": no pixel is covered twice");
                        }
                        assertTrue(
                                r[2] == 1 ? r[3] >= 0 : r[3] == -1,
                                why + ": single runs name their request");
                        counted += r[2];
                    }
                    assertTrue(
                            runs.size() <= width + 6, why + ": runs follow pixels, not requests");
                    long visible = 0;
                    for (int p = 0; p < seq.size(); p++) {
                        int row = seq.row(p);
                        if (seq.columns().end(row) >= scale.startNs()
                                && seq.columns().start(row) < scale.endNs()) {
                            visible++;
                        }
                    }
                    LodPyramid.Level lv =
                            seq.lod() == null ? null : seq.lod().levelFor(scale.nsPerPx());
                    branches[lv == null ? 0 : 1]++;
                    if (lv == null) {
                        assertEquals(
                                visible,
                                counted,
                                why + ": request by request, every visible one counted once");
                    } else {
                        long inBuckets = 0;
                        for (int k = 0; k < lv.size(); k++) {
                            if (lv.coveredUntil(k) >= scale.startNs()
                                    && lv.bucketStart(k) < scale.endNs()) {
                                inBuckets += lv.count(k);
                            }
                        }
                        assertTrue(
                                counted >= visible,
                                why
                                        + ": no visible request is lost ("
                                        + counted
                                        + " < "
                                        + visible
                                        + ")");
                        assertEquals(
                                inBuckets,
                                counted,
                                why + ": buckets touching the window, counted once");
                    }
                }
            }
        }
        assertTrue(
                branches[0] > 50 && branches[1] > 50,
                "both request-by-request and pyramid frames were checked: "
                        + branches[0]
                        + ", "
                        + branches[1]);
    }

    @Test
    void theWholeTraceAtAnyWidthAccountsForEveryRequest() {
        Trace t = TestTraces.random(20_000, 5);
        TimelineModel m = TimelineModel.build(t, null, RequestFilter.ALL);
        for (double width : new double[] {1, 7, 100, 1333, 4000}) {
            TimeScale whole = new TimeScale(t.startNs(), t.endNs() + 1, 0, width);
            for (Sequence seq : sequences(m)) {
                assertEquals(seq.size(), Runs.countVisible(seq, whole), "width " + width);
            }
        }
    }
}
