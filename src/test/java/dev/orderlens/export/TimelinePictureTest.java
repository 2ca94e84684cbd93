package dev.orderlens.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.WriteState;
import dev.orderlens.layout.DepthTracks;
import dev.orderlens.layout.Highlight;
import dev.orderlens.layout.LaneLayout;
import dev.orderlens.layout.LaneView;
import dev.orderlens.layout.Metrics;
import dev.orderlens.layout.Palette;
import dev.orderlens.layout.QueueDepthTrack;
import dev.orderlens.layout.RenderSpec;
import dev.orderlens.layout.RequestFilter;
import dev.orderlens.layout.TimelineModel;
import dev.orderlens.model.Op;
import dev.orderlens.model.RequestTableBuilder;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceBuilder;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** PNG and SVG of the timeline, opened and checked against the layout they were drawn from. */
class TimelinePictureTest {
    private final ExportFixtures f = new ExportFixtures();

    @TempDir Path dir;

    @Test
    void aPngDecodesAtTheRequestedSizeAndShowsEachWriteInItsStateColour() throws Exception {
        assertTrue(GraphicsEnvironment.isHeadless(), "no display is used");
        for (Palette pal : new Palette[] {Palette.LIGHT, Palette.DARK}) {
            for (double scale : new double[] {1, 2}) {
                TimelinePicture.View v = f.view(1200, pal, "the sample");
                Path png = dir.resolve("t-" + pal.name() + "-" + scale + ".png");
                TimelinePicture.writePng(v, scale, png);
                BufferedImage img = ImageIO.read(png.toFile());
                assertEquals(Math.round(1200 * scale), img.getWidth(), "width × scale");
                double height = TimelinePicture.height(v, new SvgPainter(1, 1));
                assertEquals((int) Math.ceil(height * scale), img.getHeight(), "height × scale");
                assertTrue(
                        height
                                > TimelinePicture.TITLE_HEIGHT
                                        + Metrics.DEFAULT.rulerHeight()
                                        + f.layout.contentHeight(),
                        "title, lanes and legend");

                RenderSpec spec = v.spec();
                Set<WriteState> checked = EnumSet.noneOf(WriteState.class);
                for (int row = 0; row < f.trace.requests().size(); row++) {
                    WriteState s = f.crash.state(row);
                    double[] r = f.layout.barRect(row, spec.scale(), 0);
                    int expected =
                            s != null ? pal.state(s) : Palette.op(f.trace.requests().op(row));
                    if (f.trace.requests().op(row) == Op.FLUSH) {
                        continue; // a thin bar between posts
                    }
                    double y = (TimelinePicture.TITLE_HEIGHT + r[1] + r[3] / 2) * scale;
                    int matching = 0;
                    int total = 0;
                    for (double x = r[0] + 1; x < r[0] + r[2] - 1; x += 1) {
                        total++;
                        if ((img.getRGB((int) (x * scale), (int) y) & 0xFFFFFF)
                                == (expected & 0xFFFFFF)) {
                            matching++;
                        }
                    }
                    assertTrue(
                            matching * 2 > total,
                            "#"
                                    + f.trace.requests().id(row)
                                    + " ("
                                    + s
                                    + ") mostly "
                                    + Integer.toHexString(expected)
                                    + ": "
                                    + matching
                                    + " of "
                                    + total
                                    + " px, "
                                    + pal.name()
                                    + " ×"
                                    + scale);
                    if (s != null) {
                        checked.add(s);
                    }
                }
                assertEquals(
                        EnumSet.of(
                                WriteState.DURABLE,
                                WriteState.VOLATILE,
                                WriteState.IN_FLIGHT,
                                WriteState.NOT_ISSUED),
                        checked);
                // the crash marker's line crosses the lanes below the first header
                double mx = Math.round(spec.scale().x(ExportFixtures.CRASH_AT));
                double my =
                        TimelinePicture.TITLE_HEIGHT
                                + Metrics.DEFAULT.rulerHeight()
                                + f.layout.contentHeight()
                                - 3;
                assertEquals(
                        pal.crashMarker() & 0xFFFFFF,
                        img.getRGB((int) ((mx - 0.5) * scale), (int) (my * scale)) & 0xFFFFFF,
                        "marker at the bottom of the lanes");
                // and the lane stripes are where the layout put them: the gutter shows the lanes'
                // background
                LaneLayout.Band band = f.layout.bands().get(1);
                assertEquals(
                        pal.gutter() & 0xFFFFFF,
                        img.getRGB(
                                        (int) (4 * scale),
                                        (int)
                                                ((TimelinePicture.TITLE_HEIGHT
                                                                + f.layout.viewY(band.y(), 0)
                                                                + band.height()
                                                                - 2)
                                                        * scale))
                                & 0xFFFFFF);
            }
        }
    }

    /**
     * Issue 8's marks come out in exports as on screen: a histogram bucket's halo, the lanes'
     * queue-depth tracks.
     */
    @Test
    void aPngShowsTheHighlightHaloAndTheQueueDepthTracks() throws Exception {
        DepthTracks depth = DepthTracks.of(f.trace);
        LaneLayout tracked =
                new LaneLayout(f.layout.model(), LaneView.DEFAULT, Metrics.DEFAULT, depth);
        int row = f.trace.requests().rowOfId(0, 4);
        Highlight h = Highlight.of(new int[] {row}, "Q2C 100 µs – 158 µs on guest vda");
        long[] w = TimelinePicture.wholeTrace(f.trace);
        TimelinePicture.View v =
                new TimelinePicture.View(
                        tracked, w[0], w[1], 1200, Palette.LIGHT, Time.NONE, -1, null, null, h);
        BufferedImage img = TimelinePicture.image(v, 1);
        RenderSpec spec = v.spec();
        double[] bar = tracked.barRect(row, spec.scale(), 0);
        int lime = Palette.LIGHT.highlight() & 0xFFFFFF;
        assertEquals(
                lime,
                img.getRGB((int) bar[0] - 1, (int) (bar[1] + bar[3] / 2)) & 0xFFFFFF,
                "the halo left of the bar");
        assertEquals(
                lime,
                img.getRGB((int) (bar[0] + bar[2] / 2), (int) bar[1] - 1) & 0xFFFFFF,
                "and above it");
        // the guest lane's strip: the first column at its lane's deepest is filled to the top
        int lane = f.trace.requests().lane(row);
        LaneLayout.Band track = tracked.depthTrackOfLane(lane);
        int columns = (int) Math.round(spec.scale().width());
        QueueDepthTrack.Bins bins =
                depth.inFlight(lane).bins(spec.scale().startNs(), spec.scale().endNs(), columns);
        int col = 0;
        while (bins.max()[col] < depth.scaleMax(lane)) {
            col++;
        }
        int x = (int) (spec.scale().x0() + col);
        assertEquals(
                Palette.LIGHT.depthMax() & 0xFFFFFF,
                img.getRGB(x, (int) (tracked.viewY(track.y(), 0) + 1.5)) & 0xFFFFFF,
                "the column's max reaches the strip's top");
        assertTrue(bar[1] > tracked.viewY(track.bottom(), 0), "the bar is below its track");
        String svg = TimelinePicture.svgElement(v);
        assertTrue(
                svg.contains("highlighted: Q2C 100 µs – 158 µs on guest vda"),
                "the legend says what is highlighted");
        assertTrue(svg.contains("queue depth above a lane"), "and explains the tracks");
    }

    @Test
    void anSvgParsesAsXmlWithTheLaneLabelsTheMarkerAndTheLegend() throws Exception {
        TimelinePicture.View v = f.view(1300, Palette.LIGHT, "the sample");
        Path svg = dir.resolve("t.svg");
        TimelinePicture.writeSvg(v, svg);
        Document d = ExportFixtures.xml(Files.readString(svg));
        Element root = d.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        assertEquals("1300", root.getAttribute("width"));
        List<String> texts =
                ExportFixtures.elements(d, "text").stream().map(Element::getTextContent).toList();
        for (String must : new String[] {"Guest block layer", "Disk", "the sample"}) {
            assertTrue(texts.contains(must), must + " in " + texts);
        }
        assertTrue(
                texts.stream().anyMatch(t -> t.startsWith("vda"))
                        && texts.stream().anyMatch(t -> t.startsWith("sda")),
                "sub-lane labels: " + texts);
        String label = Exports.crashLabel(f.crash.point());
        assertTrue(texts.contains(label), "marker label " + label);
        assertTrue(
                texts.stream().anyMatch(t -> t.startsWith("durable")),
                "the legend explains the states");
        String marker = Palette.LIGHT.crashMarker() == 0xFF000000 ? "#000000" : null;
        double lanesH = f.layout.contentHeight();
        assertTrue(
                ExportFixtures.elements(d, "rect").stream()
                        .anyMatch(
                                r ->
                                        r.getAttribute("width").equals("2")
                                                && r.getAttribute("fill").equals(marker)
                                                && Double.parseDouble(r.getAttribute("height"))
                                                        == lanesH),
                "a 2 px line as tall as the lanes");
        assertTrue(ExportFixtures.elements(d, "clipPath").size() >= 2, "clips kept as clip paths");
        String volatileFill =
                String.format("#%06x", Palette.LIGHT.state(WriteState.VOLATILE) & 0xFFFFFF);
        assertTrue(
                ExportFixtures.elements(d, "rect").stream()
                        .anyMatch(r -> r.getAttribute("fill").equals(volatileFill)),
                "volatile writes coloured");
    }

    @Test
    void namesWithMarkupOrControlCharactersStillGiveValidSvg() throws Exception {
        TraceBuilder b = new TraceBuilder();
        int file = b.addSource(new SourceFile("odd.json", "json"));
        String name = "<vd&a \"q\" 'x'>\u0001]]>";
        int lane = b.lane(b.layer("guest"), file, name);
        RequestTableBuilder rt = b.requests();
        rt.add(lane, Op.WRITE, 0, 0, 8, 0, 10, 1000, Status.OK);
        b.meta().title("title with </svg> & \uD800 a lone surrogate");
        Trace t = b.build();
        LaneLayout layout =
                new LaneLayout(
                        TimelineModel.build(t, null, RequestFilter.ALL),
                        LaneView.DEFAULT,
                        Metrics.DEFAULT);
        TimelinePicture.View v =
                new TimelinePicture.View(
                        layout,
                        -100,
                        1100,
                        900,
                        Palette.LIGHT,
                        Time.NONE,
                        -1,
                        null,
                        Exports.title(t));
        Document d = ExportFixtures.xml(TimelinePicture.svgElement(v));
        List<String> texts =
                ExportFixtures.elements(d, "text").stream().map(Element::getTextContent).toList();
        assertTrue(
                texts.stream().anyMatch(s -> s.startsWith("<vd&a \"q\" 'x'>\uFFFD")),
                "escaped, not lost: " + texts);
        assertTrue(
                texts.stream().anyMatch(s -> s.startsWith("title with </svg> & \uFFFD")),
                texts.toString());
    }

    @Test
    void aTooLargeImageIsRefusedBeforeTheFileIsTouched() throws Exception {
        Path png = dir.resolve("keep.png");
        Files.write(png, new byte[] {1, 2, 3});
        TimelinePicture.View v = f.view(19_000, Palette.LIGHT, null);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> TimelinePicture.writePng(v, 8, png));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(png));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList(), "no temporary file left");
        }
    }

    @Test
    void aViewNeedsATimeRangeAndRoomForTheLanes() {
        long[] w = TimelinePicture.wholeTrace(f.trace);
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new TimelinePicture.View(
                                f.layout, 5, 5, 1000, Palette.LIGHT, Time.NONE, -1, null, null));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new TimelinePicture.View(
                                f.layout,
                                w[0],
                                w[1],
                                200,
                                Palette.LIGHT,
                                Time.NONE,
                                -1,
                                null,
                                null));
        assertTrue(
                w[0] < f.trace.startNs() && w[1] > f.trace.endNs(),
                "the whole trace with a margin, like Fit");
    }
}
