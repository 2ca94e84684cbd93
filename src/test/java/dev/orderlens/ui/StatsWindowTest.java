package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlens.cli.CliRunner;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.layout.DepthTracks;
import dev.orderlens.layout.LaneLayout;
import dev.orderlens.layout.LatencyHistogram;
import dev.orderlens.layout.Palette;
import dev.orderlens.layout.QueueDepthTrack;
import dev.orderlens.layout.RenderSpec;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 8's views in the real window, headless, on a real capture (the guest blkparse of the
 * writeback capture, and with its QEMU log): the Stats tab against {@code orderlens stats --json};
 * a histogram bucket highlighted on the lanes (the set and the pixels); the waterfall of the
 * request selected on the lanes and through the details pane's link; the queue-depth tracks above
 * the lanes.
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class StatsWindowTest {
    private static final Path GUEST = Path.of("sample-traces/writeback.guest.blkparse.txt");
    private static final Path QEMU = Path.of("sample-traces/writeback.qemu.log");
    private MainWindow window;
    private TimelineViewModel vm;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, ScratchPrefs.create());
        vm = window.timeline();
        stage.show();
    }

    private void openGuest(FxRobot robot) throws Exception {
        robot.interact(() -> window.open(List.of(GUEST)));
        waitReady(robot);
    }

    /** The lanes painted with their findings; the statistics are not asked for yet. */
    private void waitLanes() throws Exception {
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () ->
                        window.loadingProperty().get() == null
                                && vm.model() != null
                                && vm.findingsProperty().get() != null
                                && !vm.busyProperty().get()
                                && window.lanes().paintedSpec() != null
                                && window.lanes().paintedSpec().layout() == vm.layout());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The lanes, then the Stats tab shown (which computes the statistics) and ready. */
    private void waitReady(FxRobot robot) throws Exception {
        waitLanes();
        robot.interact(window::showStats);
        WaitForAsyncUtils.waitFor(
                20, TimeUnit.SECONDS, () -> window.stats().preparedProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits until the frame on screen is of the current layout and highlight. */
    private RenderSpec painted() throws Exception {
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> {
                    RenderSpec s = window.lanes().paintedSpec();
                    return s != null
                            && s.layout() == vm.layout()
                            && s.highlight() == vm.highlight()
                            && s.selected() == vm.selected();
                });
        WaitForAsyncUtils.waitForFxEvents();
        return window.lanes().paintedSpec();
    }

    private PixelReader snapshot(FxRobot robot) {
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = window.lanes().canvas().snapshot(null, null));
        return img[0].getPixelReader();
    }

    private static int rgb(PixelReader px, double x, double y) {
        return px.getArgb((int) Math.floor(x), (int) Math.floor(y)) & 0xFFFFFF;
    }

    private static String ms(JsonNode seconds) {
        return Time.formatDuration(Math.round(seconds.asDouble() * 1e9));
    }

    /**
     * Scrolls the stats pane so a node of it is in view, then returns the node's point on screen.
     */
    private Point2D reveal(FxRobot robot, Node n, double x, double y) {
        StatsPane pane = window.stats().pane();
        robot.interact(
                () -> {
                    double content =
                            pane.getContent().getBoundsInLocal().getHeight()
                                    - pane.getViewportBounds().getHeight();
                    double top = pane.getContent().sceneToLocal(n.localToScene(0, 0)).getY();
                    pane.setVvalue(content <= 0 ? 0 : Math.min(1, Math.max(0, top - 40) / content));
                });
        WaitForAsyncUtils.waitForFxEvents();
        return n.localToScreen(x, y);
    }

    private static void clickText(FxRobot robot, String text) {
        Node n =
                robot.lookup(
                                (Node x) ->
                                        x instanceof javafx.scene.control.Labeled l
                                                && l.getText() != null
                                                && text.equals(l.getText().replace("_", ""))
                                                && x.getScene() != null
                                                && x.getScene().getWindow() != null
                                                && x.getScene().getWindow().isShowing()
                                                && x.isVisible())
                        .query();
        javafx.geometry.Bounds b = n.localToScreen(n.getBoundsInLocal());
        Point2D target = new Point2D(b.getMinX() + Math.min(10, b.getWidth() / 2), b.getCenterY());
        Point2D mouse = robot.robotContext().getBaseRobot().retrieveMouse();
        robot.moveTo(new Point2D(target.getX(), mouse.getY()));
        robot.moveTo(target);
        robot.clickOn(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theStatsTabShowsWhatOrderlensStatsPrintsAndABucketHighlightsItsRequests(FxRobot robot)
            throws Exception {
        openGuest(robot);
        clickText(robot, "Stats");
        StatsPane pane = window.stats().pane();
        JsonNode json =
                new ObjectMapper()
                        .readTree(CliRunner.run("stats", GUEST.toString(), "--json").out());
        JsonNode dev = json.path("layers").path("device").path("devices").path("254,0");
        String row =
                String.join(
                        " ",
                        "device 254,0",
                        String.format(Locale.ROOT, "%,d", dev.path("queued").asInt()),
                        String.format(Locale.ROOT, "%,d", dev.path("issued").asInt()),
                        String.format(Locale.ROOT, "%.2f", dev.path("mergeRatio").asDouble()),
                        ms(dev.path("Q2C").path("avg")),
                        ms(dev.path("Q2C").path("p99")),
                        ms(dev.path("Q2Durable").path("avg")),
                        ms(dev.path("D2C").path("avg")),
                        ms(dev.path("D2C").path("p99")));
        assertEquals(
                "device 254,0 83 52 1.60",
                row.substring(0, 23),
                "the CLI's counts, as btt has them");
        assertTrue(pane.tableText().contains(row), pane.tableText() + "\nhas " + row);
        LatencyHistogramPane h = pane.histogram();
        JsonNode q2c = dev.path("Q2C");
        assertEquals(
                String.format(
                        Locale.ROOT,
                        "Q2C: N %d, min %s, avg %s, p50 %s, p90 %s, p99 %s, max %s",
                        q2c.path("n").asInt(),
                        ms(q2c.path("min")),
                        ms(q2c.path("avg")),
                        ms(q2c.path("p50")),
                        ms(q2c.path("p90")),
                        ms(q2c.path("p99")),
                        ms(q2c.path("max"))),
                h.summaryText(),
                "the histogram's phase summary is the CLI's");

        // click the bar of the median's bucket: its requests are highlighted on the lanes
        LatencyHistogram hist = h.histogram();
        int bucket = hist.bucketOf(Math.round(q2c.path("p50").asDouble() * 1e9));
        int[] rows = hist.rows(bucket);
        assertTrue(rows.length > 3, "a bucket of several requests: " + rows.length);
        RenderSpec before = painted();
        double[] first = before.layout().barRect(rows[0], before.scale(), before.scrollY());
        PixelReader plain = snapshot(robot);
        int lime = Palette.LIGHT.highlight() & 0xFFFFFF;
        assertNotEquals(
                lime,
                rgb(plain, first[0] + first[2] / 2, first[1] + first[3] + 1),
                "no halo before");
        Point2D bar =
                reveal(
                        robot,
                        h.canvas(),
                        h.barX(bucket) + h.barWidth() / 2,
                        h.canvas().getHeight() - 30);
        robot.clickOn(bar);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(bucket, h.selectedBucket());
        assertArrayEquals(
                rows, vm.highlight().rows(), "the timeline's highlight is the bucket's requests");
        assertEquals(
                "Q2C " + hist.label(bucket) + " on device 254,0 · " + rows.length + " requests",
                window.highlightChip().text());
        RenderSpec spec = painted();
        PixelReader px = snapshot(robot);
        int shownOnScreen = 0;
        for (int r : rows) {
            double[] rect = spec.layout().barRect(r, spec.scale(), spec.scrollY());
            // under the bar: event ticks may cover the halo's top edge in a lane's first row
            assertEquals(
                    lime,
                    rgb(px, rect[0] + rect[2] / 2, rect[1] + rect[3] + 1),
                    "halo under request #" + vm.trace().requests().id(r));
            shownOnScreen++;
        }
        assertEquals(rows.length, shownOnScreen);

        // N on the lanes selects the first highlighted request; the waterfall shows its phases
        robot.interact(() -> window.lanes().canvas().requestFocus());
        robot.type(KeyCode.N);
        assertEquals(rows[0], vm.selected());
        robot.type(KeyCode.N);
        assertEquals(rows[1], vm.selected());
        Requests r = vm.trace().requests();
        List<String> lines = pane.waterfall().lines();
        assertTrue(
                lines.get(0).startsWith(vm.trace().names().id(rows[1]) + " ")
                        && lines.get(0)
                                .contains(
                                        ": "
                                                + Time.formatDuration(
                                                        r.complete(rows[1]) - r.submit(rows[1]))),
                lines.toString());
        // Esc clears the selection, then the highlight, which clears the bucket
        robot.type(KeyCode.ESCAPE);
        assertEquals(-1, vm.selected());
        assertTrue(vm.highlight() != null);
        robot.type(KeyCode.ESCAPE);
        assertNull(vm.highlight());
        assertEquals(-1, h.selectedBucket());
        assertEquals("", window.highlightChip().text());
        painted();
        assertNotEquals(
                lime,
                rgb(snapshot(robot), first[0] + first[2] / 2, first[1] + first[3] + 1),
                "the halo is gone");
    }

    @Test
    void selectingARequestOnTheLanesShowsItsWaterfallAndTheDetailsLinkToIt(FxRobot robot)
            throws Exception {
        openGuest(robot);
        clickText(robot, "Stats");
        Requests r = vm.trace().requests();
        int commit =
                r.rowOfId(0, 206); // Q FWFSM 152 + 8 [jbd2/vda-8]: a PREFLUSH|FUA journal commit
        RenderSpec spec = painted();
        double[] rect = spec.layout().barRect(commit, spec.scale(), spec.scrollY());
        robot.clickOn(
                window.lanes()
                        .canvas()
                        .localToScreen(rect[0] + Math.max(1, rect[2] / 2), rect[1] + rect[3] / 2));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(commit, vm.selected());
        assertEquals(
                "Stats",
                sideTab(robot),
                "the Stats tab stays in front: the waterfall follows the selection");
        List<String> lines = window.stats().pane().waterfall().lines();
        String head =
                vm.trace().names().id(commit)
                        + " FUA|PREFLUSH write 152+8: "
                        + Time.formatDuration(r.complete(commit) - r.submit(commit));
        assertTrue(lines.get(0).startsWith(head), lines.toString());
        assertTrue(
                lines.get(0)
                        .contains(
                                "D2C " + Time.formatDuration(r.complete(commit) - r.issue(commit))),
                lines.get(0));
        assertTrue(
                lines.stream().anyMatch(l -> l.matches("device#\\d+ flush.*")),
                "the flushes its flush machinery issued: " + lines);

        // another request, then back through the details pane's link
        int other = r.rowOfId(0, 8);
        robot.interact(() -> vm.selectAndReveal(other));
        assertTrue(
                window.stats()
                        .pane()
                        .waterfall()
                        .lines()
                        .get(0)
                        .startsWith(vm.trace().names().id(other) + " "));
        clickText(robot, "Details");
        robot.interact(() -> vm.select(commit));
        clickText(robot, "Its phases across the layers (waterfall) →");
        assertEquals("Stats", sideTab(robot));
        assertTrue(window.stats().pane().waterfall().lines().get(0).startsWith(head));
    }

    private String sideTab(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        return window.selectedSideTab().getText();
    }

    @Test
    void theQueueDepthTrackDrawsAboveEachLaneFromTheViewMenu(FxRobot robot) throws Exception {
        robot.interact(() -> window.open(List.of(GUEST)));
        waitLanes();
        assertNull(
                window.stats().preparedProperty().get(),
                "nothing shows the statistics yet, so they are not computed");
        assertTrue(
                window.stats().pane().messageText().startsWith("The statistics are computed when"),
                window.stats().pane().messageText());
        RenderSpec plain = painted();
        assertNull(plain.layout().depthTracks(), "off by default");
        int commit = vm.trace().requests().rowOfId(0, 206);
        double barYBefore = plain.layout().barRect(commit, plain.scale(), plain.scrollY())[1];
        clickText(robot, "View");
        clickText(robot, "Queue-Depth Tracks");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> vm.layout().depthTracks() != null);
        RenderSpec spec = painted();
        LaneLayout lay = spec.layout();
        DepthTracks d = lay.depthTracks();
        LaneLayout.Band track = lay.depthTrackOfLane(0);
        double top = lay.viewY(track.y(), spec.scrollY());
        double bottom = top + track.height();
        double[] bar = lay.barRect(commit, spec.scale(), spec.scrollY());
        assertEquals(barYBefore + track.height(), bar[1], 1e-9, "the lane moved down by the track");
        assertTrue(bar[1] >= bottom, "nothing overlaps");
        // where the lane was at its deepest the strip is filled to the top; where it was idle, not
        // at all
        int columns = (int) Math.round(spec.scale().width());
        QueueDepthTrack.Bins bins =
                d.inFlight(0).bins(spec.scale().startNs(), spec.scale().endNs(), columns);
        int deepest = -1;
        int idle = -1;
        for (int c = 0; c < columns; c++) {
            if (bins.max()[c] == d.scaleMax(0) && deepest < 0) {
                deepest = c;
            }
            if (bins.max()[c] == 0
                    && d.scheduler(0)
                                    .bins(spec.scale().startNs(), spec.scale().endNs(), columns)
                                    .max()[c]
                            == 0
                    && idle < 0
                    && c > 10) {
                idle = c;
            }
        }
        assertTrue(
                deepest >= 0 && idle >= 0, "a full and an idle column: " + deepest + ", " + idle);
        PixelReader px = snapshot(robot);
        int fill = rgb(px, spec.scale().x0() + deepest + 0.5, top + 1.5);
        assertTrue(
                fill == (Palette.LIGHT.depthMax() & 0xFFFFFF)
                        || fill == (Palette.LIGHT.depthMean() & 0xFFFFFF),
                String.format("the top of the deepest column is the depth's colour: %06x", fill));
        int empty = rgb(px, spec.scale().x0() + idle + 0.5, bottom - 3);
        assertTrue(
                empty != (Palette.LIGHT.depthMax() & 0xFFFFFF)
                        && empty != (Palette.LIGHT.depthMean() & 0xFFFFFF),
                String.format("an idle column stays empty: %06x", empty));
        // Ctrl+D turns them off again
        robot.interact(() -> window.lanes().canvas().requestFocus());
        robot.press(KeyCode.CONTROL).type(KeyCode.D).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> vm.layout().depthTracks() == null);
        assertEquals(
                barYBefore,
                painted().layout().barRect(commit, plain.scale(), plain.scrollY())[1],
                1e-9);
    }

    /**
     * With the QEMU log: the cross-layer line is the CLI's, and the waterfall of a commit spans the
     * layers.
     */
    @Test
    void withTheQemuLogTheCrossLayerNumbersAndTheWaterfallSpanTheStack(FxRobot robot)
            throws Exception {
        List<TraceLoader.FileSpec> specs =
                List.of(
                        new TraceLoader.FileSpec(TraceLoader.open(GUEST), null, "guest", null),
                        TraceLoader.FileSpec.of(QEMU));
        robot.interact(() -> window.loadFiles(specs, "writeback", null));
        waitReady(robot);
        JsonNode cross =
                new ObjectMapper()
                        .readTree(
                                CliRunner.run(
                                                "stats",
                                                GUEST.toString(),
                                                QEMU.toString(),
                                                "--layer",
                                                GUEST + "=guest",
                                                "--json")
                                        .out())
                        .path("crossLayer");
        String text = window.stats().pane().crossLayerText();
        assertTrue(
                text.startsWith(
                        String.format(
                                Locale.ROOT,
                                "Across the layers: %d requests, %d reached QEMU, %d a host I/O",
                                cross.path("requests").asInt(),
                                cross.path("matchedVirtio").asInt(),
                                cross.path("matchedHost").asInt())),
                text);
        assertTrue(
                text.contains(
                        ms(cross.path("segments").path("host").path("avg")) + " in the host I/O"),
                text);
        Trace t = vm.trace();
        int commit = t.requests().rowOfId(0, 206);
        robot.interact(() -> vm.selectAndReveal(commit));
        List<String> lines = window.stats().pane().waterfall().lines();
        assertTrue(lines.get(0).startsWith("guest#206 FUA|PREFLUSH write 152+8"), lines.toString());
        assertTrue(
                lines.stream().anyMatch(l -> l.matches("host#\\d+ write 152\\+8.*")),
                lines.toString());
        assertTrue(
                lines.get(lines.size() - 1).startsWith("between the layers: virtqueue "),
                lines.toString());
    }
}
