package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The crash overlay: marker, state colours on write bars (one request or many in a pixel), legend.
 */
class CrashOverlayTest {
    private final Trace sample = TestTraces.sample();
    private final TimelineModel model =
            TimelineModel.build(sample, OrderingAnalysis.analyze(sample), RequestFilter.ALL);
    private final CrashAnalysis crashes = CrashAnalysis.of(sample);

    private RenderSpec spec(
            TimelineModel m, long start, long end, double w, CrashOverlay crash, Palette pal) {
        LaneLayout lay = new LaneLayout(m, LaneView.DEFAULT, Metrics.DEFAULT);
        return new RenderSpec(
                lay,
                new Viewport(start, end, w, Metrics.DEFAULT.rulerHeight() + lay.contentHeight(), 0),
                pal,
                Time.NONE,
                -1,
                crash,
                null);
    }

    private static String fill(double[] r, int argb) {
        return String.format(
                Locale.ROOT, "fill %.1f %.1f %.1f %.1f %08x", r[0], r[1], r[2], r[3], argb);
    }

    @Test
    void everyWriteBarIsFilledWithItsStateColourAndOtherBarsKeepTheirOpColour() {
        // at 300 µs the sample has durable, volatile, in-flight and not-issued writes
        CrashResult result = crashes.at(CrashPoint.powerLoss(300_000));
        Set<WriteState> seen = new HashSet<>();
        for (Palette pal : new Palette[] {Palette.LIGHT, Palette.DARK}) {
            RenderSpec s =
                    spec(
                            model,
                            0,
                            500_000,
                            1400,
                            CrashOverlay.of(result, "power-loss · writeback"),
                            pal);
            RecordingPainter p = new RecordingPainter();
            TimelineRenderer.paint(p, s);
            Requests r = sample.requests();
            for (int row = 0; row < r.size(); row++) {
                double[] rect = s.layout().barRect(row, s.scale(), 0);
                WriteState st = result.state(row);
                if (st != null) {
                    seen.add(st);
                    assertTrue(
                            p.calls.contains(fill(rect, pal.state(st))),
                            "#"
                                    + r.id(row)
                                    + " "
                                    + st
                                    + " drawn in its state colour "
                                    + fill(rect, pal.state(st)));
                    assertFalse(
                            p.calls.contains(fill(rect, Palette.op(r.op(row)))),
                            "#" + r.id(row) + " not in its op colour");
                } else if (r.op(row) != Op.FLUSH) {
                    assertTrue(
                            p.calls.contains(fill(rect, Palette.op(r.op(row)))),
                            "#" + r.id(row) + " keeps its op colour");
                }
            }
        }
        assertEquals(
                Set.of(
                        WriteState.DURABLE,
                        WriteState.VOLATILE,
                        WriteState.IN_FLIGHT,
                        WriteState.NOT_ISSUED),
                seen,
                "the crash point exercises four of the states");
    }

    @Test
    void theMarkerIsASolidLineAcrossAllLanesWithAHandleAndItsLabel() {
        CrashOverlay crash = new CrashOverlay(300_000, "power-loss · writeback", null);
        RenderSpec s = spec(model, 0, 500_000, 1400, crash, Palette.LIGHT);
        RecordingPainter p = new RecordingPainter();
        TimelineRenderer.paint(p, s);
        double x = Math.round(s.scale().x(300_000));
        double top = Metrics.DEFAULT.rulerHeight();
        String line =
                String.format(
                        Locale.ROOT,
                        "fill %.1f %.1f %.1f %.1f %08x",
                        x - 1,
                        top,
                        2.0,
                        s.layout().contentHeight(),
                        Palette.LIGHT.crashMarker());
        assertTrue(p.calls.contains(line), "line across every lane: " + line);
        assertTrue(
                p.calls.stream()
                        .anyMatch(
                                c ->
                                        c.startsWith("poly")
                                                && c.contains(
                                                        String.format(
                                                                Locale.ROOT, "%.1f,%.1f", x, top))
                                                && c.endsWith(
                                                        String.format(
                                                                "%08x",
                                                                Palette.LIGHT.crashMarker()))),
                "a handle whose tip is on the line");
        assertTrue(p.texts.contains("power-loss · writeback"), "labelled: " + p.texts);
        assertFalse(
                p.calls.stream()
                        .anyMatch(
                                c ->
                                        c.contains(
                                                String.format(
                                                        "%08x",
                                                        Palette.LIGHT.state(WriteState.DURABLE)))),
                "without states, no bar is coloured by state");
        assertEquals(0, p.depth, "clips are balanced");

        // the trace's own crash event stays a dashed line: the marker is told apart by style
        RecordingPainter event = new RecordingPainter();
        TimelineRenderer.paint(event, spec(model, 0, 500_000, 1400, null, Palette.LIGHT));
        assertTrue(
                event.calls.stream().anyMatch(c -> c.startsWith("line") && c.endsWith("DASHED")),
                "crash event: dashed");
        assertFalse(event.texts.contains("power-loss · writeback"));
    }

    @Test
    void theMarkerLabelAndTheTraceCrashEventLabelNeverOverlap() {
        // the sample's own crash event is at 490 µs: put the marker right on it, and near it
        for (long t : new long[] {490_000, 488_000, 470_000, 300_000}) {
            RecordingPainter p = new RecordingPainter();
            TimelineRenderer.paint(
                    p,
                    spec(
                            model,
                            0,
                            500_000,
                            1200,
                            new CrashOverlay(t, "crash here · power-loss", null),
                            Palette.LIGHT));
            for (int i = 0; i < p.textBoxes.size(); i++) {
                for (int j = i + 1; j < p.textBoxes.size(); j++) {
                    double[] a = p.textBoxes.get(i);
                    double[] b = p.textBoxes.get(j);
                    assertFalse(
                            a[0] < b[0] + b[2]
                                    && b[0] < a[0] + a[2]
                                    && a[1] < b[1] + b[3]
                                    && b[1] < a[1] + a[3],
                            "at "
                                    + t
                                    + ": '"
                                    + p.texts.get(i)
                                    + "' overlaps '"
                                    + p.texts.get(j)
                                    + "'");
                }
            }
            assertTrue(
                    p.texts.contains("crash here · power-loss"),
                    "the marker's label is kept at " + t);
        }
    }

    @Test
    void aMarkerOutsideTheWindowIsNotDrawn() {
        RecordingPainter p = new RecordingPainter();
        TimelineRenderer.paint(
                p,
                spec(
                        model,
                        0,
                        100_000,
                        1000,
                        new CrashOverlay(300_000, "later", null),
                        Palette.LIGHT));
        assertFalse(p.texts.contains("later"));
        assertFalse(
                p.calls.stream()
                        .anyMatch(
                                c ->
                                        c.startsWith("poly")
                                                && c.endsWith(
                                                        String.format(
                                                                "%08x",
                                                                Palette.LIGHT.crashMarker()))));
    }

    @Test
    void manyRequestsInAPixelShowTheWorstStateAmongThem() {
        Trace big = TestTraces.random(40_000, 17);
        TimelineModel m = TimelineModel.build(big, null, RequestFilter.ALL);
        Requests r = big.requests();
        byte[] states = new byte[r.size()];
        List<Integer> lost = new ArrayList<>();
        int writes = 0;
        for (int row = 0; row < r.size(); row++) {
            if (r.op(row) == Op.WRITE) {
                // one write in 997 is lost, the rest durable
                states[row] =
                        writes++ % 997 == 500 ? WriteState.LOST.code() : WriteState.DURABLE.code();
                if (states[row] == WriteState.LOST.code()) {
                    lost.add(row);
                }
            }
        }
        assertTrue(lost.size() >= 3, "a few lost writes among " + writes + " durable ones");
        LaneLayout lay = new LaneLayout(m, LaneView.DEFAULT, Metrics.DEFAULT);
        TimeScale scale = new TimeScale(big.startNs(), big.endNs(), 0, 800);
        int lostRuns = 0;
        int lostInBuckets = 0;
        List<Sequence> sequences = new ArrayList<>();
        for (TimelineModel.LayerLanes l : m.layers()) {
            sequences.add(l.summary()); // a collapsed layer: overlapping requests
            for (TimelineModel.SubLane s : l.subLanes()) {
                sequences.addAll(s.rows());
            }
        }
        for (Sequence seq : sequences) {
            boolean buckets = seq.lod() != null && seq.lod().levelFor(scale.nsPerPx()) != null;
            List<int[]> runs = new ArrayList<>();
            Runs.build(
                    seq,
                    scale,
                    states,
                    run -> runs.add(new int[] {run.x0, run.x1, run.state, run.count}));
            for (int pos = 0; pos < seq.size(); pos++) {
                int row = seq.row(pos);
                if (states[row] != WriteState.LOST.code()) {
                    continue;
                }
                int a = (int) Math.round(scale.x(seq.start(pos)));
                int b = Math.max(a + 1, (int) Math.round(scale.x(seq.end(pos))));
                assertTrue(
                        runs.stream()
                                .anyMatch(
                                        x ->
                                                x[0] < b
                                                        && x[1] > a
                                                        && x[2] == WriteState.LOST.code()),
                        "lost write row "
                                + row
                                + " at px "
                                + a
                                + ".."
                                + b
                                + " shows in a lost run");
                lostInBuckets += buckets ? 1 : 0;
            }
            for (int[] x : runs) {
                lostRuns += x[2] == WriteState.LOST.code() ? 1 : 0;
            }
        }
        assertTrue(
                lostInBuckets >= lost.size(),
                "every lost write was also checked in a level-of-detail bucket: " + lostInBuckets);
        // each lost write is in its row and in its layer's summary: no other run may claim the
        // state
        assertTrue(
                lostRuns >= lost.size() && lostRuns <= 2 * lost.size(),
                "lost runs: " + lostRuns + " for " + lost.size());

        // and the frame fills those runs with the lost colour, the rest of the writes with
        // durable's
        RenderSpec s =
                new RenderSpec(
                        lay,
                        new Viewport(
                                big.startNs(),
                                big.endNs(),
                                800 + Metrics.DEFAULT.gutterWidth(),
                                Metrics.DEFAULT.rulerHeight() + lay.contentHeight(),
                                0),
                        Palette.LIGHT,
                        Time.NONE,
                        -1,
                        new CrashOverlay(big.endNs(), "end", states),
                        null);
        RecordingPainter p = new RecordingPainter();
        TimelineRenderer.paint(p, s);
        String lostColour = String.format("%08x", Palette.LIGHT.state(WriteState.LOST));
        assertTrue(
                p.calls.stream().anyMatch(c -> c.startsWith("fill") && c.endsWith(lostColour)),
                "lost pixels drawn");
    }

    @Test
    void aStaleOrBrokenOverlayDrawsTheMarkerAndNeverBreaksTheFrame() {
        int n = sample.requests().size();
        byte[] garbage = new byte[n];
        for (int i = 0; i < n; i++) {
            garbage[i] = (byte) (i % 2 == 0 ? 9 : -3);
        }
        for (byte[] states : new byte[][] {new byte[n - 3], new byte[n + 10], garbage}) {
            RecordingPainter p = new RecordingPainter();
            TimelineRenderer.paint(
                    p,
                    spec(
                            model,
                            0,
                            500_000,
                            1200,
                            new CrashOverlay(300_000, "stale", states),
                            Palette.LIGHT));
            assertTrue(p.texts.contains("stale"), "the marker is still drawn");
            for (WriteState st : WriteState.values()) {
                String colour = String.format("%08x", Palette.LIGHT.state(st));
                assertFalse(
                        p.calls.stream().anyMatch(c -> c.startsWith("fill") && c.endsWith(colour)),
                        "no bar in a state colour from states of length " + states.length);
            }
        }
    }

    @Test
    void runsWithoutStatesHaveNoState() {
        Trace big = TestTraces.random(5000, 3);
        TimelineModel m = TimelineModel.build(big, null, RequestFilter.ALL);
        TimeScale scale = new TimeScale(big.startNs(), big.endNs(), 0, 500);
        int[] runs = {0};
        for (TimelineModel.LayerLanes l : m.layers()) {
            Runs.build(
                    l.summary(),
                    scale,
                    run -> {
                        runs[0]++;
                        assertEquals(0, run.state);
                    });
        }
        // the check above ran: 5,000 requests over 500 px make runs on every layer
        assertTrue(runs[0] > 0, "no run was built, so no state was checked");
    }

    @Test
    void theLegendExplainsTheStatesAndTheMarkerOnlyWhenShown() {
        RecordingPainter plain = new RecordingPainter();
        Legend.paint(plain, 0, 0, 1600, Palette.LIGHT);
        assertFalse(
                plain.texts.stream()
                        .anyMatch(t -> t.startsWith("durable") || t.startsWith("crash point")),
                plain.texts.toString());

        CrashResult result = crashes.at(CrashPoint.powerLoss(300_000));
        RecordingPainter marked = new RecordingPainter();
        double markerOnly =
                Legend.paint(
                        marked, 0, 0, 1600, Palette.LIGHT, new CrashOverlay(300_000, "x", null));
        assertTrue(marked.texts.stream().anyMatch(t -> t.startsWith("crash point")));
        assertFalse(marked.texts.stream().anyMatch(t -> t.startsWith("durable")));

        RecordingPainter p = new RecordingPainter();
        double h =
                Legend.paint(
                        p,
                        0,
                        0,
                        1600,
                        Palette.DARK,
                        CrashOverlay.of(result, "power-loss · writeback"));
        for (String must :
                new String[] {
                    "crash point (power-loss · writeback)",
                    "durable",
                    "volatile",
                    "in flight",
                    "lost",
                    "not issued",
                    "worst state",
                    "crash event in the trace"
                }) {
            assertTrue(
                    p.texts.stream().anyMatch(t -> t.contains(must)),
                    "legend explains " + must + ": " + p.texts);
        }
        for (WriteState st : WriteState.values()) {
            assertTrue(
                    p.calls.stream()
                            .anyMatch(
                                    c ->
                                            c.startsWith("fill")
                                                    && c.endsWith(
                                                            String.format(
                                                                    "%08x",
                                                                    Palette.DARK.state(st)))),
                    st + " swatch in its dark colour");
        }
        assertTrue(h > markerOnly, "the state entries take room");
        assertEquals(h, Legend.height(p, 1600, CrashOverlay.of(result, "power-loss · writeback")));
    }

    @Test
    void stateColoursAreDistinctFromEachOtherAndFromTheFindingMarks() {
        for (Palette pal : new Palette[] {Palette.LIGHT, Palette.DARK}) {
            Set<Integer> colours = new HashSet<>();
            for (WriteState s : WriteState.values()) {
                int c = pal.state(s);
                assertEquals(0xFF, Palette.alpha(c), s + " is opaque");
                assertTrue(colours.add(c), s + " has its own colour in " + pal.name());
                assertNotEquals(Palette.CROSSING, c);
                assertNotEquals(Palette.CONCURRENT, c);
                assertNotEquals(pal.background(), c);
                assertEquals(c, pal.stateCode(s.code()));
            }
        }
    }

    @Test
    void anOverlayIsBuiltFromACrashResultAndComparesByContent() {
        CrashResult result = crashes.at(CrashPoint.powerLoss(300_000));
        CrashOverlay a = CrashOverlay.of(result, "l");
        CrashOverlay b = CrashOverlay.of(crashes.at(CrashPoint.powerLoss(300_000)), "l");
        assertEquals(300_000, a.timeNs());
        assertEquals(sample.requests().size(), a.writeStates().length);
        for (int row = 0; row < a.writeStates().length; row++) {
            assertEquals(result.stateCode(row), a.writeStates()[row]);
        }
        assertEquals(a, b, "equal content, different arrays: no repaint");
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, CrashOverlay.of(crashes.at(CrashPoint.powerLoss(200_000)), "l"));
        assertNotEquals(a, new CrashOverlay(300_000, "l", null));
        assertNull(new CrashOverlay(1, null, null).label());
        assertEquals(0, new CrashOverlay(1, "x", null).stateCode(3));
    }
}
