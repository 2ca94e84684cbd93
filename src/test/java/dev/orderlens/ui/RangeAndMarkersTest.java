package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.RangeTotals;
import dev.orderlens.export.ExportKind;
import dev.orderlens.export.Session;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.layout.TimeMarks;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.concurrent.Task;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Range selection and markers on a real guest + QEMU pair (issue 13, "Beyond"): a drag across the
 * ruler selects a range whose totals the Range tab shows; every number is checked against straight
 * loops over the trace's requests written here, not against {@link RangeTotals}. Clicks on the
 * ruler set markers A and B; the range zooms and exports alone.
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class RangeAndMarkersTest {
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

    private void openPair(FxRobot robot) throws Exception {
        robot.interact(
                () -> {
                    try {
                        window.loadFiles(
                                List.of(
                                        TraceLoader.FileSpec.of(GUEST),
                                        TraceLoader.FileSpec.of(QEMU)),
                                "writeback pair",
                                Session.Source.ofFiles(
                                        List.of(
                                                new Session.FileEntry(
                                                        GUEST.toString(), null, null, null),
                                                new Session.FileEntry(
                                                        QEMU.toString(), null, null, null))));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
        WaitForAsyncUtils.waitFor(
                30,
                TimeUnit.SECONDS,
                () ->
                        window.loadingProperty().get() == null
                                && vm.model() != null
                                && vm.findingsProperty().get() != null
                                && !vm.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Point2D onCanvas(double x, double y) {
        return window.lanes().canvas().localToScreen(x, y);
    }

    @Test
    void aDragAcrossTheRulerTotalsTheRangePerLayerAndLane(FxRobot robot, @TempDir Path dir)
            throws Exception {
        openPair(robot);
        double ruler = vm.metrics().rulerHeight() / 2;
        double x0 = vm.scale().x0();
        double w = vm.scale().width();
        // the middle of the guest's I/O: 30 % to 70 % of the fitted view (times taken before the
        // drag: the Range tab widens the side panel and so narrows the lanes once it comes up)
        long expectedStart = vm.scale().time(x0 + 0.3 * w);
        long expectedEnd = vm.scale().time(x0 + 0.7 * w);
        double nsPerPx = vm.scale().nsPerPx();
        robot.drag(onCanvas(x0 + 0.3 * w, ruler), MouseButton.PRIMARY)
                .moveTo(onCanvas(x0 + 0.5 * w, ruler))
                .dropTo(onCanvas(x0 + 0.7 * w, ruler));
        WaitForAsyncUtils.waitForFxEvents();
        TimeMarks marks = vm.marks().get();
        assertTrue(marks.hasRange(), "the drag selected a range");
        assertEquals(expectedStart, marks.rangeStart(), 2 * nsPerPx);
        assertEquals(expectedEnd, marks.rangeEnd(), 2 * nsPerPx);
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> window.range().totalsProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("range-tab", window.selectedSideTab().getId(), "the Range tab comes forward");

        long from = marks.rangeStart();
        long to = marks.rangeEnd();
        Trace t = vm.trace();
        RangeTotals shown = window.range().totalsProperty().get();
        List<List<String>> cells = window.range().cells();
        int checkedLayers = 0;
        for (Layer layer : t.layers()) {
            Expected e = expected(t, from, to, layer.index(), -1);
            RangeTotals.Totals got =
                    shown.layers().stream()
                            .filter(x -> x.layer().index() == layer.index())
                            .findFirst()
                            .orElse(null);
            if (e.requests == 0) {
                assertNull(got, layer.id() + " has no request in the range");
                continue;
            }
            checkedLayers++;
            assertNotNull(got, layer.id());
            assertEquals(e.requests, got.requests(), layer.id() + " requests");
            assertEquals(e.reads, (int) got.ops().getOrDefault(Op.READ, 0), layer.id() + " reads");
            assertEquals(e.writes, got.writes(), layer.id() + " writes");
            assertEquals(e.flushes, got.flushes(), layer.id() + " flushes");
            assertEquals(e.readBytes, got.readBytes(), layer.id() + " read bytes");
            assertEquals(e.writeBytes, got.writeBytes(), layer.id() + " written bytes");
            assertEquals(e.uncovered, got.uncovered(), layer.id() + " uncovered at the end");
            assertEquals(e.q2cP50, got.q2c().p50(), layer.id() + " Q2C p50");
            assertEquals(e.q2cP99, got.q2c().p99(), layer.id() + " Q2C p99");
            assertEquals(e.d2cP50, got.d2c().p50(), layer.id() + " D2C p50");
            // the panel shows these numbers in the layer's row
            List<String> row =
                    cells.stream()
                            .filter(c -> c.get(0).equals(layer.name()))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError(layer.name() + ": " + cells));
            assertEquals(String.format("%,d", e.requests), row.get(1));
            assertEquals(String.format("%,d", e.uncovered), row.get(8));
            assertEquals(Time.formatDuration(e.q2cP50), row.get(9));
            // and each lane of the layer
            for (RangeTotals.Totals lane : shown.lanes()) {
                if (lane.layer().index() != layer.index()) {
                    continue;
                }
                Expected le = expected(t, from, to, layer.index(), lane.lane().index());
                assertEquals(le.requests, lane.requests(), lane.name());
                assertEquals(le.uncovered, lane.uncovered(), lane.name());
                assertEquals(le.flushes, lane.flushes(), lane.name());
            }
        }
        assertEquals(3, checkedLayers, "guest, virtio and host all have requests in the range");
        int uncovered = expected(t, from, to, -1, -1).uncovered;
        int writes = expected(t, from, to, -1, -1).writes;
        assertTrue(
                uncovered > 0 && uncovered < writes,
                "the range tells covered from uncovered writes: " + uncovered + " of " + writes);

        // export only the range: the CSV has exactly the requests submitted in it
        Path csv = dir.resolve("range.csv");
        Task<Path>[] task = new Task[1];
        robot.interact(
                () ->
                        task[0] =
                                window.exports()
                                        .export(
                                                ExportKind.REQUESTS_CSV,
                                                csv,
                                                null,
                                                new long[] {from, to}));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> task[0].isDone());
        int inRange = expected(t, from, to, -1, -1).requests;
        assertEquals(inRange + 1, Files.readAllLines(csv).size(), "header + the range's requests");
        assertTrue(inRange < t.requests().size());

        // Zoom to Range
        robot.clickOn("Zoom to Range");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(new TimelineViewModel.Window(from, to), vm.window());

        // Esc on the lanes clears it
        robot.clickOn("#timeline-canvas", MouseButton.MIDDLE);
        robot.interact(() -> vm.select(-1));
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(vm.marks().get().hasRange());
        assertNull(window.range().totalsProperty().get());
    }

    @Test
    void clicksOnTheRulerSetMarkersAAndBAndTheTimeBetween(FxRobot robot) throws Exception {
        openPair(robot);
        double ruler = vm.metrics().rulerHeight() / 2;
        double xa = vm.scale().x0() + 100;
        double xb = vm.scale().x0() + 400;
        robot.clickOn(onCanvas(xa, ruler), MouseButton.PRIMARY);
        robot.press(KeyCode.SHIFT).clickOn(onCanvas(xb, ruler), MouseButton.PRIMARY);
        robot.release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        TimeMarks m = vm.marks().get();
        double nsPerPx = vm.scale().nsPerPx();
        assertEquals(vm.scale().time(xa), m.markerA(), 2 * nsPerPx, "A where clicked");
        assertEquals(vm.scale().time(xb), m.markerB(), 2 * nsPerPx, "B where Shift+clicked");
        assertFalse(m.hasRange(), "a click is not a range");
        String text = window.range().markersText();
        assertTrue(
                text.contains("B − A = " + Time.formatDuration(m.markerB() - m.markerA())), text);
        // the canvas draws A's line in its colour below the ruler
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> vm.marks().get().equals(window.lanes().paintedSpec().marks()));
        javafx.scene.image.WritableImage img = snapshot(robot);
        int ax = (int) Math.round(vm.scale().x(m.markerA()));
        int y = (int) (vm.metrics().rulerHeight() + 40);
        assertEquals(
                TimeMarks.MARKER_A,
                img.getPixelReader().getArgb(ax, y) | 0xFF000000,
                "marker A's line at x=" + ax);

        // keys: Shift+A removes A
        robot.clickOn("#timeline-canvas", MouseButton.MIDDLE);
        robot.push(
                new javafx.scene.input.KeyCodeCombination(
                        KeyCode.A, javafx.scene.input.KeyCombination.SHIFT_DOWN));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Time.NONE, vm.marks().get().markerA());
        assertEquals(m.markerB(), vm.marks().get().markerB(), "B stays");
    }

    private javafx.scene.image.WritableImage snapshot(FxRobot robot) {
        javafx.scene.image.WritableImage[] out = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> out[0] = window.lanes().canvas().snapshot(null, null));
        return out[0];
    }

    /** What the range holds, counted by straight loops over the requests (-1: any). */
    private static Expected expected(Trace t, long from, long to, int layer, int lane) {
        Requests r = t.requests();
        Expected e = new Expected();
        List<Long> q2c = new ArrayList<>();
        List<Long> d2c = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            if (r.submit(i) < from || r.submit(i) >= to) {
                continue;
            }
            if (layer >= 0 && r.layer(i) != layer || lane >= 0 && r.lane(i) != lane) {
                continue;
            }
            e.requests++;
            Op op = r.op(i);
            if (op == Op.READ) {
                e.reads++;
                e.readBytes += 512L * r.count(i);
            }
            if (op == Op.WRITE) {
                e.writeBytes += 512L * r.count(i);
            }
            if (op == Op.FLUSH || r.has(i, Flags.PREFLUSH)) {
                e.flushes++;
            }
            if (op.modifiesData()) {
                e.writes++;
                if (!durableBy(t, i, to)) {
                    e.uncovered++;
                }
            }
            if (r.complete(i) != Time.NONE) {
                q2c.add(r.complete(i) - r.submit(i));
                if (r.issue(i) != Time.NONE) {
                    d2c.add(r.complete(i) - r.issue(i));
                }
            }
        }
        e.q2cP50 = nearestRank(q2c, 50);
        e.q2cP99 = nearestRank(q2c, 99);
        e.d2cP50 = nearestRank(d2c, 50);
        return e;
    }

    /**
     * A write is durable at T (Documentation/block/writeback_cache_control.rst): FUA and completed
     * OK by T, or a flush (or PREFLUSH write) of its device on its layer, submitted at or after the
     * write completed, completed OK by T. Quadratic, on purpose: nothing shared with the code.
     */
    private static boolean durableBy(Trace t, int w, long end) {
        Requests r = t.requests();
        long c = r.complete(w);
        if (c == Time.NONE || r.status(w) != Status.OK || c > end) {
            return false;
        }
        if (r.has(w, Flags.FUA)) {
            return true;
        }
        String device = device(t.lanes().get(r.lane(w)).name());
        for (int f = 0; f < r.size(); f++) {
            if (f == w
                    || !(r.op(f) == Op.FLUSH || r.has(f, Flags.PREFLUSH))
                    || r.layer(f) != r.layer(w)
                    || r.file(f) != r.file(w)
                    || !device(t.lanes().get(r.lane(f)).name()).equals(device)) {
                continue;
            }
            long fc = r.complete(f);
            if (r.submit(f) >= c && fc != Time.NONE && fc <= end && r.status(f) == Status.OK) {
                return true;
            }
        }
        return false;
    }

    private static String device(String lane) {
        int slash = lane.indexOf('/');
        return slash < 0 ? lane : lane.substring(0, slash);
    }

    private static long nearestRank(List<Long> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        long[] a = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a[Math.max(0, (int) Math.ceil(p / 100.0 * a.length) - 1)];
    }

    private static final class Expected {
        int requests;
        int reads;
        int writes;
        int flushes;
        int uncovered;
        long readBytes;
        long writeBytes;
        long q2cP50;
        long q2cP99;
        long d2cP50;
    }
}
