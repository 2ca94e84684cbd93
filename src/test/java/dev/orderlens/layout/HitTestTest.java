package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.model.Trace;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HitTestTest {
    @Test
    void theCentreOfEveryDrawnBarHitsItsRequest() {
        Trace t = TestTraces.sample();
        TimelineModel m = TimelineModel.build(t, OrderingAnalysis.analyze(t), RequestFilter.ALL);
        LaneLayout lay = new LaneLayout(m, LaneView.DEFAULT, Metrics.DEFAULT);
        TimeScale scale =
                new TimeScale(t.startNs(), t.endNs() + 10_000, Metrics.DEFAULT.gutterWidth(), 1200);
        for (int r = 0; r < t.requests().size(); r++) {
            double[] rect = lay.barRect(r, scale, 0);
            HitTest.Hit hit =
                    HitTest.at(lay, scale, 0, rect[0] + rect[2] / 2, rect[1] + rect[3] / 2, 3);
            assertEquals(r, hit.row(), "request id " + t.requests().id(r));
        }
    }

    @Test
    void randomPointsHitTheRequestDrawnThereOrNothing() {
        Trace t = TestTraces.random(3000, 21);
        TimelineModel m = TimelineModel.build(t, null, RequestFilter.ALL);
        LaneLayout lay = new LaneLayout(m, LaneView.DEFAULT, Metrics.DEFAULT);
        Random rnd = new Random(21);
        long span = t.endNs() - t.startNs();
        int hits = 0;
        for (int k = 0; k < 2000; k++) {
            long a = t.startNs() + (long) (rnd.nextDouble() * span * 0.9);
            TimeScale s =
                    new TimeScale(a, a + 1 + (long) (span * 0.01 * rnd.nextDouble()), 184, 1000);
            double x = 184 + rnd.nextDouble() * 1000;
            double y = 30 + rnd.nextDouble() * Math.min(600, lay.contentHeight());
            HitTest.Hit hit = HitTest.at(lay, s, 0, x, y, 0);
            if (hit.row() < 0) {
                continue;
            }
            hits++;
            // with no tolerance the request must cover the pixel's time, in the band under the
            // point
            long tx = s.time(x);
            assertTrue(
                    m.columns().start(hit.row()) <= tx && tx <= m.columns().end(hit.row()),
                    "seed 21 trial " + k);
            assertEquals(
                    lay.bandAt(y - 30), lay.bandOf(hit.row()), "seed 21 trial " + k + ": band");
        }
        assertTrue(hits > 100, "points hit something: " + hits);
    }

    @Test
    void theGutterAndTheRulerAreNotRequests() {
        Trace t = TestTraces.sample();
        TimelineModel m = TimelineModel.build(t, null, RequestFilter.ALL);
        LaneLayout lay = new LaneLayout(m, LaneView.DEFAULT, Metrics.DEFAULT);
        TimeScale s = new TimeScale(0, 500_000, 184, 800);
        assertTrue(HitTest.at(lay, s, 0, 50, 60, 3).gutter());
        assertEquals(-1, HitTest.at(lay, s, 0, 50, 60, 3).row());
        assertEquals(HitTest.Hit.NONE, HitTest.at(lay, s, 0, 400, 10, 3));
    }
}
