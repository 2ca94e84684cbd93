package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The frame's drawing calls, checked against the layout they were computed from. */
class TimelineRendererTest {
    private final Trace sample = TestTraces.sample();
    private final TimelineModel model =
            TimelineModel.build(sample, OrderingAnalysis.analyze(sample), RequestFilter.ALL);

    private RenderSpec spec(
            TimelineModel m, long start, long end, double w, double h, int selected) {
        return new RenderSpec(
                new LaneLayout(m, LaneView.DEFAULT, Metrics.DEFAULT),
                new Viewport(start, end, w, h, 0),
                Palette.LIGHT,
                Time.NONE,
                selected,
                null,
                null);
    }

    @Test
    void crossingWritesGetTheSolidOrangeOutlineExactlyOnTheirBars() {
        RenderSpec s = spec(model, 0, 500_000, 1200, 400, -1);
        RecordingPainter p = new RecordingPainter();
        TimelineRenderer.paint(p, s);
        for (int id : new int[] {4, 14}) {
            int row = sample.requests().rowOfId(0, id);
            double[] r = s.layout().barRect(row, s.scale(), 0);
            String outline =
                    String.format(
                            Locale.ROOT,
                            "stroke %.1f %.1f %.1f %.1f %08x 2.0 SOLID",
                            r[0],
                            r[1],
                            r[2],
                            r[3],
                            Palette.CROSSING);
            assertTrue(p.calls.contains(outline), "id " + id + " outlined at " + outline);
        }
        long orange =
                p.calls.stream()
                        .filter(
                                c ->
                                        c.startsWith("stroke")
                                                && c.contains(
                                                        String.format("%08x", Palette.CROSSING)))
                        .count();
        assertEquals(2, orange, "only the two crossing writes are outlined");
    }

    @Test
    void labelsNeverOverlapAndStayInsideTheirArea() {
        Trace big = TestTraces.random(5000, 4);
        TimelineModel m =
                TimelineModel.build(big, OrderingAnalysis.analyze(big), RequestFilter.ALL);
        long span = big.endNs() - big.startNs();
        for (long len : new long[] {span, span / 10, 1_000_000, 10_000, 37, 3}) {
            for (boolean absolute : new boolean[] {false, true}) {
                RenderSpec s =
                        new RenderSpec(
                                new LaneLayout(m, LaneView.DEFAULT, Metrics.DEFAULT),
                                new Viewport(big.startNs(), big.startNs() + len, 900, 500, 0),
                                Palette.DARK,
                                absolute ? 1_732_230_000_123_456_789L : Time.NONE,
                                -1,
                                null,
                                null);
                RecordingPainter p = new RecordingPainter();
                TimelineRenderer.paint(p, s);
                List<double[]> boxes = p.textBoxes;
                for (int i = 0; i < boxes.size(); i++) {
                    for (int j = i + 1; j < boxes.size(); j++) {
                        double[] a = boxes.get(i);
                        double[] b = boxes.get(j);
                        boolean overlap =
                                a[0] < b[0] + b[2]
                                        && b[0] < a[0] + a[2]
                                        && a[1] < b[1] + b[3]
                                        && b[1] < a[1] + a[3];
                        assertFalse(
                                overlap,
                                "window "
                                        + len
                                        + " ns: '"
                                        + p.texts.get(i)
                                        + "' overlaps '"
                                        + p.texts.get(j)
                                        + "'");
                    }
                }
                for (int i = 0; i < boxes.size(); i++) {
                    double[] b = boxes.get(i);
                    if (b[0] < Metrics.DEFAULT.gutterWidth()) {
                        assertTrue(
                                b[0] + b[2] <= Metrics.DEFAULT.gutterWidth(),
                                "gutter label '" + p.texts.get(i) + "' fits");
                    }
                }
                assertTrue(
                        p.texts.stream()
                                .anyMatch(
                                        x ->
                                                x.matches(
                                                        absolute
                                                                ? "\\d\\d:\\d\\d:\\d\\d.*"
                                                                : "(0|[-\\d,]+ (ns|µs|ms|s))")),
                        "ruler labels: " + p.texts);
                assertEquals(0, p.depth, "clips are balanced");
            }
        }
    }

    @Test
    void onlyBandsInsideTheViewAreDrawn() {
        Trace big = TestTraces.random(20_000, 9);
        TimelineModel m = TimelineModel.build(big, null, RequestFilter.ALL);
        LaneLayout lay = new LaneLayout(m, LaneView.DEFAULT, Metrics.DEFAULT);
        assertTrue(lay.contentHeight() > 2000, "a tall layout: " + lay.contentHeight());
        RenderSpec s =
                new RenderSpec(
                        lay,
                        new Viewport(big.startNs(), big.endNs(), 1000, 300, 500),
                        Palette.LIGHT,
                        Time.NONE,
                        -1,
                        null,
                        null);
        RecordingPainter p = new RecordingPainter();
        TimelineRenderer.paint(p, s);
        for (String c : p.calls) {
            if (c.startsWith("fill ") || c.startsWith("stroke ")) {
                double y = Double.parseDouble(c.split(" ")[2]);
                assertTrue(y > -30 && y < 330, "drawn near the view: " + c);
            }
        }
    }

    @Test
    void aDisplayListReplaysExactlyTheCallsItRecorded() {
        int sel = sample.requests().rowOfId(0, 5);
        RenderSpec s = spec(model, -10_000, 520_000, 1000, 360, sel);
        RecordingPainter direct = new RecordingPainter();
        TimelineRenderer.paint(direct, s);
        DisplayList list = new DisplayList((x, f) -> x.length() * RecordingPainter.CHAR_W);
        TimelineRenderer.paint(list, s);
        RecordingPainter replayed = new RecordingPainter();
        list.seal().replay(replayed);
        assertEquals(direct.calls, replayed.calls);
        assertEquals(direct.calls.size(), list.size());
    }

    @Test
    void selectingARequestOutlinesItsRelatedRequestsAndLinksThem() {
        int sel = sample.requests().rowOfId(0, 5);
        RenderSpec s = spec(model, 0, 500_000, 1200, 400, sel);
        RecordingPainter p = new RecordingPainter();
        TimelineRenderer.paint(p, s);
        assertEquals(
                2,
                p.calls.stream()
                        .filter(
                                c ->
                                        c.startsWith("stroke")
                                                && c.endsWith("1.0 DASHED")
                                                && c.contains("ff000000"))
                        .count(),
                "the flush 15 and the FUA write 16 below it");
        assertEquals(
                2,
                p.calls.stream()
                        .filter(c -> c.startsWith("line") && c.contains("ff000000 1.5 SOLID"))
                        .count(),
                "one link per parent/child pair");
        assertTrue(
                p.calls.stream()
                        .anyMatch(c -> c.startsWith("stroke") && c.endsWith("ff000000 2.0 SOLID")),
                "selection frame");
    }
}
