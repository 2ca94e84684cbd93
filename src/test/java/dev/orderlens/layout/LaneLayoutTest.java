package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.model.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaneLayoutTest {
    private final Trace sample = TestTraces.sample();
    private final TimelineModel model =
            TimelineModel.build(sample, OrderingAnalysis.analyze(sample), RequestFilter.ALL);

    private int row(int id) {
        return sample.requests().rowOfId(0, id);
    }

    @Test
    void oneHeaderPerLayerTopToBottomThenItsPackedRows() {
        LaneLayout lay = new LaneLayout(model, LaneView.DEFAULT, Metrics.DEFAULT);
        List<LaneLayout.Band> b = lay.bands();
        assertEquals(LaneLayout.Kind.LAYER_HEADER, b.get(0).kind());
        assertEquals("guest", b.get(0).layer().layer().id());
        // guest: 1 and 2 overlap, so two rows; the rest fit in those two
        TimelineModel.SubLane vda = model.layers().get(0).subLanes().get(0);
        assertEquals(2, vda.rows().size());
        assertEquals(7, vda.shown());
        assertEquals(LaneLayout.Kind.LAYER_HEADER, b.get(3).kind());
        assertEquals("device", b.get(3).layer().layer().id());
        double y = 0;
        for (LaneLayout.Band band : b) {
            assertEquals(y, band.y(), 1e-9, "bands are stacked without gaps");
            y = band.bottom();
        }
        assertEquals(y, lay.contentHeight(), 1e-9);
    }

    @Test
    void everyRequestIsDrawnInTheRowItWasPackedInto() {
        LaneLayout lay = new LaneLayout(model, LaneView.DEFAULT, Metrics.DEFAULT);
        for (int r = 0; r < sample.requests().size(); r++) {
            LaneLayout.Band band = lay.bandOf(r);
            assertNotNull(band);
            assertTrue(
                    band.sequence().positionOf(r) >= 0, "row " + r + " is in its band's sequence");
        }
        assertEquals(
                lay.bandOf(row(1)).rowIndex() != lay.bandOf(row(2)).rowIndex(),
                true,
                "overlapping requests get different rows");
    }

    @Test
    void collapsingALayerLeavesOneSummaryRowAndReorderingMovesIt() {
        LaneView v = LaneView.DEFAULT.toggleLayer("guest");
        LaneLayout lay = new LaneLayout(model, v, Metrics.DEFAULT);
        assertEquals(LaneLayout.Kind.LAYER_SUMMARY, lay.bands().get(1).kind());
        assertEquals(7, lay.bands().get(1).sequence().size());
        assertEquals(LaneLayout.Kind.LAYER_SUMMARY, lay.bandOf(row(5)).kind());
        LaneView moved = v.move("device", -1, model.layers());
        LaneLayout lay2 = new LaneLayout(model, moved, Metrics.DEFAULT);
        assertEquals("device", lay2.bands().get(0).layer().layer().id());
        assertEquals(moved, moved.move("device", -1, model.layers()), "already at the top");
        assertEquals(LaneView.DEFAULT.order(), v.toggleLayer("guest").order());
        assertTrue(!v.toggleLayer("guest").collapsed("guest"));
    }

    @Test
    void collapsingASubLaneKeepsItsHeaderAndSummarisesItsRows() {
        int lane = model.layers().get(1).subLanes().get(0).lane().index();
        LaneLayout lay = new LaneLayout(model, LaneView.DEFAULT.toggleLane(lane), Metrics.DEFAULT);
        LaneLayout.Band b = lay.bandOf(row(15));
        assertEquals(LaneLayout.Kind.LANE_SUMMARY, b.kind());
        assertEquals(8, b.sequence().size());
    }

    @Test
    void aFilteredRequestHasNoBand() {
        TimelineModel writes =
                TimelineModel.build(
                        sample,
                        OrderingAnalysis.analyze(sample),
                        new RequestFilter(
                                List.of(
                                        new RequestFilter.Criterion(
                                                RequestFilter.Kind.OP, "write"))));
        LaneLayout lay = new LaneLayout(writes, LaneView.DEFAULT, Metrics.DEFAULT);
        assertNull(lay.bandOf(row(7)), "a flush is filtered out");
        assertNotNull(lay.bandOf(row(6)));
        assertEquals(12, writes.shownCount(), "six writes per layer");
    }

    @Test
    void bandAtFindsTheBandUnderAContentY() {
        LaneLayout lay = new LaneLayout(model, LaneView.DEFAULT, Metrics.DEFAULT);
        for (LaneLayout.Band b : lay.bands()) {
            assertEquals(b, lay.bandAt(b.y()));
            assertEquals(b, lay.bandAt(b.bottom() - 0.01));
        }
        assertNull(lay.bandAt(-1));
        assertNull(lay.bandAt(lay.contentHeight()));
    }
}
