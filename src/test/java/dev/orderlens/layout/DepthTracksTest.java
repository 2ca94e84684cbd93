package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Lane;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The queue-depth tracks above the lanes on a real capture: where they go, and what the strip
 * draws.
 */
class DepthTracksTest {
    private static final Path CAPTURE = Path.of("sample-traces/writeback.guest.blkparse.txt");
    private final Trace trace;
    private final TimelineModel model;

    DepthTracksTest() throws Exception {
        trace = TraceLoader.load(CAPTURE);
        model = TimelineModel.build(trace, OrderingAnalysis.analyze(trace), RequestFilter.ALL);
    }

    @Test
    void eachSubLaneGetsATrackRightAboveItsRowsAndNothingOverlaps() throws Exception {
        DepthTracks d = DepthTracks.of(trace);
        LaneLayout plain = new LaneLayout(model, LaneView.DEFAULT, Metrics.DEFAULT);
        LaneLayout lay = new LaneLayout(model, LaneView.DEFAULT, Metrics.DEFAULT, d);
        assertNull(plain.depthTrackOfLane(0));
        double y = 0;
        for (LaneLayout.Band b : lay.bands()) {
            assertEquals(y, b.y(), 1e-9, "stacked without gaps or overlaps");
            y = b.bottom();
        }
        int tracks = 0;
        for (Lane lane : trace.lanes()) {
            LaneLayout.Band track = lay.depthTrackOfLane(lane.index());
            assertNotNull(track);
            assertEquals(LaneLayout.Kind.DEPTH_TRACK, track.kind());
            assertEquals(Metrics.DEFAULT.depthTrackHeight(), track.height());
            assertEquals(
                    track.bottom(),
                    lay.firstBandOfLane(lane.index()).y(),
                    1e-9,
                    "right above the lane's first row");
            tracks++;
        }
        assertEquals(
                plain.contentHeight() + tracks * Metrics.DEFAULT.depthTrackHeight(),
                lay.contentHeight(),
                1e-9);
        TimeScale scale =
                new TimeScale(
                        trace.startNs(), trace.endNs() + 1, Metrics.DEFAULT.gutterWidth(), 800);
        for (int r = 0; r < trace.requests().size(); r++) {
            double[] bar = lay.barRect(r, scale, 0);
            LaneLayout.Band track = lay.depthTrackOfLane(trace.requests().lane(r));
            assertTrue(
                    bar[1] >= lay.viewY(track.bottom(), 0),
                    "request " + r + " is drawn below its lane's track");
            double[] before = plain.barRect(r, scale, 0);
            assertEquals(
                    before[1] + Metrics.DEFAULT.depthTrackHeight(),
                    bar[1],
                    1e-9,
                    "moved down by the track");
        }
        LaneLayout.Band track = lay.depthTrackOfLane(0);
        for (double x :
                new double[] {
                    Metrics.DEFAULT.gutterWidth() + 5, Metrics.DEFAULT.gutterWidth() + 400
                }) {
            HitTest.Hit hit =
                    HitTest.at(lay, scale, 0, x, lay.viewY(track.y() + track.height() / 2, 0), 3);
            assertEquals(LaneLayout.Kind.DEPTH_TRACK, hit.band().kind());
            assertEquals(-1, hit.row(), "a track holds no request");
        }
        // tracks of another trace are not used; a collapsed layer's summary row has none
        Trace other = TraceLoader.load(Path.of("sample-traces/writethrough.guest.blkparse.txt"));
        assertNull(
                new LaneLayout(model, LaneView.DEFAULT, Metrics.DEFAULT, DepthTracks.of(other))
                        .depthTracks());
        String layer = trace.layers().get(0).id();
        LaneLayout collapsed =
                new LaneLayout(model, LaneView.DEFAULT.toggleLayer(layer), Metrics.DEFAULT, d);
        assertNull(collapsed.depthTrackOfLane(0));
        assertEquals(
                plain.bands().size()
                        - plain.bands().stream()
                                .filter(b -> b.kind() == LaneLayout.Kind.ROW)
                                .count()
                        + 1,
                collapsed.bands().size(),
                "a header and the summary row");
    }

    /**
     * Per pixel column, the fills' heights are the bins' max and mean, and the scheduler's line
     * sits at its max.
     */
    @Test
    void theStripDrawsEveryColumnAtTheHeightOfItsBins() {
        DepthTracks d = DepthTracks.of(trace);
        LaneLayout lay = new LaneLayout(model, LaneView.DEFAULT, Metrics.DEFAULT, d);
        double width = Metrics.DEFAULT.gutterWidth() + 700;
        RenderSpec spec =
                new RenderSpec(
                        lay,
                        new Viewport(
                                trace.startNs(),
                                trace.endNs() + 1,
                                width,
                                Metrics.DEFAULT.rulerHeight() + lay.contentHeight(),
                                0),
                        Palette.LIGHT,
                        Time.NONE,
                        -1,
                        null,
                        null);
        RecordingPainter p = new RecordingPainter();
        TimelineRenderer.paint(p, spec);
        TimeScale scale = spec.scale();
        LaneLayout.Band track = lay.depthTrackOfLane(0);
        double top = lay.viewY(track.y(), 0);
        double bottom = top + track.height() - DepthStrip.MARGIN;
        double height = track.height() - 2 * DepthStrip.MARGIN;
        int columns = (int) Math.round(scale.width());
        QueueDepthTrack.Bins device = d.inFlight(0).bins(scale.startNs(), scale.endNs(), columns);
        QueueDepthTrack.Bins sched = d.scheduler(0).bins(scale.startNs(), scale.endNs(), columns);
        int max = d.scaleMax(0);
        assertEquals(
                4, max, "the guest had up to 4 requests at the device, and the scheduler fewer");
        assertTrue(
                sched.peak() > 0, "blkparse records insertions: the scheduler's series is there");
        Map<String, int[]> drawn = new HashMap<>();
        for (String colour : new String[] {"max", "mean", "sched"}) {
            drawn.put(colour, new int[columns]);
        }
        Map<String, String> byArgb =
                Map.of(
                        String.format("%08x", Palette.LIGHT.depthMax()),
                        "max",
                        String.format("%08x", Palette.LIGHT.depthMean()),
                        "mean",
                        String.format("%08x", Palette.LIGHT.depthScheduler()),
                        "sched");
        for (String c : p.calls) {
            String[] f = c.split(" ");
            if (!f[0].equals("fill") || !byArgb.containsKey(f[5])) {
                continue;
            }
            double x = Double.parseDouble(f[1]);
            double y = Double.parseDouble(f[2]);
            double w = Double.parseDouble(f[3]);
            double h = Double.parseDouble(f[4]);
            if (x < scale.x0() || y < top || y + h > bottom + 1e-9) {
                continue; // the gutter's swatches, another lane's strip, other uses of the colour
            }
            String series = byArgb.get(f[5]);
            int hgt = (int) Math.round(bottom - y);
            if (series.equals("sched")) {
                assertEquals(
                        Math.min(2, hgt), h, 1e-9, "a 2 px line at the scheduler's depth: " + c);
            } else {
                assertEquals(hgt, h, 1e-9, "filled from the bottom: " + c);
            }
            for (int col = (int) Math.round(x - scale.x0());
                    col < Math.round(x + w - scale.x0());
                    col++) {
                assertEquals(
                        0,
                        drawn.get(series)[col],
                        "column " + col + " of " + series + " drawn once");
                drawn.get(series)[col] = hgt;
            }
        }
        int full = 0;
        for (int col = 0; col < columns; col++) {
            assertEquals(
                    DepthStrip.pixels(device.max()[col], max, height),
                    drawn.get("max")[col],
                    "max, column " + col);
            assertEquals(
                    DepthStrip.pixels(device.mean()[col], max, height),
                    drawn.get("mean")[col],
                    "mean, column " + col);
            assertEquals(
                    DepthStrip.pixels(sched.max()[col], max, height),
                    drawn.get("sched")[col],
                    "scheduler, column " + col);
            full += device.max()[col] == max ? 1 : 0;
        }
        assertTrue(full > 0, "some column reaches the top");
        assertTrue(
                p.texts.contains("max 4") && p.texts.contains("in flight"),
                "the gutter names the scale and the series: " + p.texts);
        String swatch = String.format("8.0 2.0 %08x", Palette.LIGHT.depthScheduler());
        assertTrue(
                p.calls.stream()
                        .anyMatch(
                                c ->
                                        c.startsWith("fill ")
                                                && c.endsWith(swatch)
                                                && Double.parseDouble(c.split(" ")[1])
                                                        < scale.x0()),
                "and the scheduler's line has its swatch there");
    }

    @Test
    void anyDepthAboveZeroGetsAPixelAndTheScaleCaps() {
        assertEquals(0, DepthStrip.pixels(0, 4, 14));
        assertEquals(1, DepthStrip.pixels(0.01, 4, 14));
        assertEquals(14, DepthStrip.pixels(4, 4, 14));
        assertEquals(14, DepthStrip.pixels(9, 4, 14), "deeper than the scale: the full height");
        assertEquals(7, DepthStrip.pixels(2, 4, 14));
    }
}
