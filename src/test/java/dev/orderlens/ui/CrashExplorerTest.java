package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashComparison;
import dev.orderlens.analysis.CrashKind;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.ReasonStep;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.cli.CliRunner;
import dev.orderlens.layout.BlockMapLayout;
import dev.orderlens.layout.Palette;
import dev.orderlens.layout.RenderSpec;
import dev.orderlens.model.Time;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.control.Hyperlink;
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
 * The crash explorer in the real window, headless: drag the crash marker and check the pane's
 * counts against the analysis and against {@code orderlens analyze --json}; the write colours on
 * the canvas; "Why?" steps that navigate; compare at two crash kinds.
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class CrashExplorerTest {
    private MainWindow window;
    private TimelineViewModel vm;
    private CrashExplorer explorer;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, ScratchPrefs.create());
        vm = window.timeline();
        explorer = window.explorer();
        stage.show();
    }

    private void openSample(FxRobot robot) throws Exception {
        robot.interact(() -> window.openEmbeddedDefault());
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () ->
                        window.loadingProperty().get() == null
                                && vm.model() != null
                                && vm.findingsProperty().get() != null
                                && !vm.busyProperty().get()
                                && explorer.crash().analysis() != null
                                && window.lanes().paintedSpec() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Waits until the result and the painted frame are those of the crash point the user has now.
     */
    private CrashResult settled() throws Exception {
        WaitForAsyncUtils.waitFor(
                15,
                TimeUnit.SECONDS,
                () -> {
                    CrashResult r = explorer.crash().result();
                    RenderSpec s = window.lanes().paintedSpec();
                    return r != null
                            && r.point().equals(explorer.crash().point())
                            && s != null
                            && s.crash() != null
                            && s.crash().timeNs() == r.point().atNs()
                            && s.crash().hasStates()
                            && java.util.Arrays.equals(s.crash().writeStates(), r.stateCodes());
                });
        WaitForAsyncUtils.waitForFxEvents();
        return explorer.crash().result();
    }

    private Point2D canvasPoint(double x, double y) {
        return window.lanes().canvas().localToScreen(x, y);
    }

    private int row(int id) {
        return vm.trace().requests().rowOfId(0, id);
    }

    @Test
    void aLargeBlockMapIsLaidOutInTheBackgroundAsItWouldBeOnTheFxThread(FxRobot robot)
            throws Exception {
        BlockMapView view = explorer.pane().blockMap;
        robot.interact(() -> view.setSyncRuns(0)); // every map counts as large
        openSample(robot);
        robot.interact(() -> explorer.crash().setTime(489_000));
        settled();
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> {
                    BlockMapLayout l = view.layoutForTests();
                    return l != null && l.map() == view.mapProperty().get();
                });
        WaitForAsyncUtils.waitForFxEvents();
        BlockMapLayout async = view.layoutForTests();
        BlockMapLayout direct =
                new BlockMapLayout(
                        async.map(),
                        async.requestedWidth(),
                        async.pxPerSector(),
                        new dev.orderlens.layout.DisplayList(FxPainter.MEASURE));
        assertFalse(async.cells().isEmpty());
        assertEquals(direct.cells(), async.cells());
        assertEquals(direct.texts(), async.texts());
        assertEquals(direct.height(), async.height());
        // a layout pass with the same width and zoom keeps it (no rebuild on the FX thread)
        robot.interact(view::requestLayout);
        WaitForAsyncUtils.waitForFxEvents();
        assertSame(async, view.layoutForTests());
    }

    @Test
    void draggingTheMarkerRecoloursTheWritesAndTheCountsMatchTheAnalysisAndTheCli(FxRobot robot)
            throws Exception {
        openSample(robot);
        robot.interact(() -> explorer.crash().setTime(150_000));
        settled();
        RenderSpec spec = window.lanes().paintedSpec();
        double x0 = spec.scale().x(150_000);
        double x1 = spec.scale().x(489_000);
        double y = spec.layout().metrics().rulerHeight() + 40;
        robot.moveTo(canvasPoint(x0, y));
        robot.press(MouseButton.PRIMARY);
        for (int i = 1; i <= 10; i++) {
            robot.moveTo(canvasPoint(x0 + (x1 - x0) * i / 10, y));
        }
        robot.release(MouseButton.PRIMARY);
        CrashResult r = settled();
        long at = r.point().atNs();
        assertTrue(
                Math.abs(at - 489_000) < 2 * spec.scale().nsPerPx(),
                "the marker followed the mouse: " + at);
        assertEquals(at, explorer.crash().point().atNs());

        // the pane's counts are the analysis's at that point
        CrashResult expected = CrashAnalysis.of(vm.trace()).at(r.point());
        for (WriteState s :
                new WriteState[] {
                    WriteState.DURABLE,
                    WriteState.VOLATILE,
                    WriteState.IN_FLIGHT,
                    WriteState.LOST,
                    WriteState.NOT_ISSUED
                }) {
            assertEquals(
                    s.jsonName() + " " + expected.count(s),
                    explorer.pane().countLabel(s).getText());
        }
        assertTrue(
                explorer.pane()
                        .statesLabel()
                        .getText()
                        .contains(expected.uncertainWrites() + " uncertain write"));

        // ... and what `orderlens analyze --json` reports for the same point of the same file
        CliRunner cli =
                CliRunner.run(
                        "analyze",
                        "sample-traces/journal-commit.json",
                        "--crash-at",
                        Time.formatSeconds(at),
                        "--json");
        assertEquals(0, cli.exit(), cli.err());
        JsonNode crash = new ObjectMapper().readTree(cli.out()).get("crash");
        assertEquals(at, Time.ofSeconds(crash.get("at").asDouble()));
        for (WriteState s : WriteState.values()) {
            assertEquals(crash.get("counts").get(s.countName()).asInt(), r.count(s), s.countName());
            assertTrue(
                    explorer.pane()
                            .countLabel(s)
                            .getText()
                            .endsWith(" " + crash.get("counts").get(s.countName()).asInt()));
        }
        assertEquals(crash.get("uncertainWrites").asInt(), r.uncertainWrites());

        // the details (table, block map) follow the newest result
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () ->
                        explorer.pane().detailsProperty().get() != null
                                && explorer.pane().detailsProperty().get().report().result() == r);
        long atRisk = 0;
        for (int row = 0; row < vm.trace().requests().size(); row++) {
            if (r.state(row) != null && r.state(row).mayBeLost()) {
                atRisk++;
            }
        }
        assertEquals(atRisk, explorer.pane().table.getItems().size());
        assertFalse(explorer.pane().blockMap.mapProperty().get().ranges().isEmpty());
    }

    @Test
    void aHeldMarkerIsRecolouredOnlyAndTheDetailsAreThoseOfWhereItIsLetGo(FxRobot robot)
            throws Exception {
        openSample(robot);
        robot.interact(() -> explorer.crash().setTime(150_000));
        CrashResult before = settled();
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () ->
                        explorer.pane().detailsProperty().get() != null
                                && explorer.pane().detailsProperty().get().report().result()
                                        == before);
        // the moves of a held marker are lookups once the state timeline is there
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> explorer.crash().timelineReady());
        long queries = explorer.crash().queries();
        RenderSpec spec = window.lanes().paintedSpec();
        double y = spec.layout().metrics().rulerHeight() + 40;
        robot.moveTo(canvasPoint(spec.scale().x(150_000), y));
        robot.press(MouseButton.PRIMARY);
        robot.moveTo(canvasPoint(spec.scale().x(300_000), y));
        robot.moveTo(canvasPoint(spec.scale().x(489_000), y));
        // held: the frame on screen gets the colours of where the marker is ...
        WaitForAsyncUtils.waitFor(
                15,
                TimeUnit.SECONDS,
                () -> {
                    RenderSpec s = window.lanes().paintedSpec();
                    long at = explorer.crash().point().atNs();
                    return at != 150_000
                            && explorer.crash().statesAtNs() == at
                            && s.crash() != null
                            && s.crash().timeNs() == at;
                });
        WaitForAsyncUtils.waitForFxEvents();
        // ... while the result and the pane's details stay those of the point before the drag
        assertSame(before, explorer.crash().result());
        assertEquals(queries, explorer.crash().queries());
        assertSame(before, explorer.pane().detailsProperty().get().report().result());
        robot.release(MouseButton.PRIMARY);
        CrashResult r = settled();
        assertEquals(explorer.crash().point(), r.point(), "the result is where it was let go");
        assertEquals(queries + 1, explorer.crash().queries());
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> explorer.pane().detailsProperty().get().report().result() == r);
        assertArrayEquals(
                CrashAnalysis.of(vm.trace()).at(r.point()).stateCodes(),
                window.lanes().paintedSpec().crash().writeStates());
    }

    @Test
    void durableAndVolatileWritesAreDrawnInTheirStateColoursAfterADrag(FxRobot robot)
            throws Exception {
        openSample(robot);
        robot.interact(() -> explorer.crash().setTime(100_000));
        settled();
        RenderSpec spec = window.lanes().paintedSpec();
        double y = spec.layout().metrics().rulerHeight() + 30;
        robot.moveTo(canvasPoint(spec.scale().x(100_000), y));
        robot.press(MouseButton.PRIMARY);
        robot.moveTo(canvasPoint(spec.scale().x(300_000), y));
        robot.moveTo(canvasPoint(spec.scale().x(480_000), y));
        robot.release(MouseButton.PRIMARY);
        CrashResult r = settled();
        // the journal block (guest 3) is durable after the commit's preflush; data#3 (guest 4)
        // crossed it: volatile
        assertEquals(WriteState.DURABLE, r.state(row(1)));
        assertEquals(WriteState.VOLATILE, r.state(row(6)));
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = window.lanes().canvas().snapshot(null, null));
        PixelReader px = img[0].getPixelReader();
        RenderSpec painted = window.lanes().paintedSpec();
        for (int id : new int[] {1, 6}) {
            double[] b = painted.layout().barRect(row(id), painted.scale(), painted.scrollY());
            int expected = Palette.LIGHT.state(r.state(row(id))) | 0xFF000000;
            int got = px.getArgb((int) (b[0] + b[2] / 2), (int) (b[1] + b[3] / 2));
            assertEquals(
                    String.format("%08x", expected),
                    String.format("%08x", got),
                    "write #" + id + " is " + r.state(row(id)));
        }
    }

    @Test
    void keysDropAndNudgeTheMarker(FxRobot robot) throws Exception {
        openSample(robot);
        robot.interact(
                () -> {
                    vm.select(row(5));
                    window.lanes().canvas().requestFocus();
                });
        robot.moveTo(
                window.root()
                        .getTop()); // the mouse off the lanes: "crash here" takes the selection's
        // end
        robot.type(KeyCode.K);
        CrashResult r = settled();
        assertEquals(vm.trace().requests().complete(row(5)), r.point().atNs());
        double nsPerPx = window.lanes().paintedSpec().scale().nsPerPx();
        long one = Math.max(1, Math.round(nsPerPx));
        long ten = Math.max(1, Math.round(nsPerPx * 10));
        robot.type(KeyCode.PERIOD);
        assertEquals(r.point().atNs() + one, settled().point().atNs());
        robot.press(KeyCode.SHIFT).type(KeyCode.COMMA).release(KeyCode.SHIFT);
        assertEquals(r.point().atNs() + one - ten, settled().point().atNs());
        robot.press(KeyCode.SHIFT).type(KeyCode.K).release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(null, explorer.crash().point());
        assertEquals(null, window.lanes().paintedSpec().crash());
    }

    @Test
    void typedTimeKindAndCacheModeSetThePoint(FxRobot robot) throws Exception {
        openSample(robot);
        assertFalse(explorer.shownProperty().get(), "the crash pane waits for a first crash point");
        robot.interact(() -> window.lanes().canvas().requestFocus());
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT)
                .type(KeyCode.K)
                .release(KeyCode.SHIFT, KeyCode.CONTROL); // Crash → Type the Crash Time
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(explorer.shownProperty().get());
        assertTrue(
                explorer.pane().time.isFocused(),
                "focus: " + window.stage().getScene().getFocusOwner());
        robot.write("300us").type(KeyCode.ENTER);
        CrashResult r = settled();
        assertEquals(300_000, r.point().atNs());
        robot.interact(() -> explorer.pane().kind.setValue(CrashKind.QEMU_KILL));
        r = settled();
        assertEquals(CrashKind.QEMU_KILL, r.point().kind());
        assertEquals(300_000, r.point().atNs());
        assertEquals(
                CrashAnalysis.of(vm.trace()).at(r.point()).count(WriteState.DURABLE),
                r.count(WriteState.DURABLE));
    }

    @Test
    void whyStepsSelectAndShowWhatTheyName(FxRobot robot) throws Exception {
        openSample(robot);
        robot.interact(() -> explorer.crash().setTime(490_000));
        settled();
        robot.interact(() -> vm.selectAndReveal(row(4)));
        robot.clickOn("#details-why");
        WaitForAsyncUtils.waitForFxEvents();
        WhyPane why = explorer.whyPane();
        assertEquals(row(4), why.row());
        assertTrue(why.text().contains("VOLATILE"), why.text());
        List<ReasonStep> steps = explorer.crash().result().reason(row(4));
        List<Hyperlink> links = why.stepLinks();
        assertFalse(links.isEmpty());
        // a step naming another request selects it and brings it into view
        int device14 = row(14);
        int k = -1;
        int linkIndex = 0;
        for (int i = 0; i < steps.size(); i++) {
            ReasonStep s = steps.get(i);
            if (s.request() >= 0 || s.event() >= 0 || s.time() != Time.NONE) {
                if (s.request() == device14) {
                    k = linkIndex;
                    break;
                }
                linkIndex++;
            }
        }
        assertTrue(k >= 0, "the chain names device#14 write: " + steps);
        robot.interact(() -> vm.goTo(0, 20_000)); // look elsewhere first
        robot.clickOn(links.get(k));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(device14, vm.selected());
        assertTrue(
                vm.window().contains(vm.trace().requests().submit(device14))
                        || vm.window().contains(vm.trace().requests().complete(device14)));
        assertEquals(row(4), why.row(), "the explanation stays while its steps are followed");
        // a step with only a time (the crash verdict, at 490 µs) moves the view there; the chain
        // must have one, or there is nothing to test
        ReasonStep timed =
                steps.stream()
                        .filter(s -> s.request() < 0 && s.event() < 0 && s.time() != Time.NONE)
                        .findFirst()
                        .orElseThrow(
                                () -> new AssertionError("no step with only a time: " + steps));
        robot.interact(() -> vm.goTo(0, 20_000));
        robot.interact(() -> why.go(timed));
        assertTrue(vm.window().contains(timed.time()), "view moved to " + timed.time());
    }

    @Test
    void compareShowsTheSectorsThatDifferBetweenTwoCrashPoints(FxRobot robot) throws Exception {
        openSample(robot);
        robot.interact(() -> explorer.crash().setTime(490_000));
        settled();
        robot.interact(
                () -> {
                    explorer.showCompare();
                    explorer.comparePane().timeB.setText("250us");
                });
        robot.clickOn("#compare-run");
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> explorer.comparePane().comparisonProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        CrashComparison c = explorer.comparePane().comparisonProperty().get();
        assertEquals(490_000, c.left().point().atNs());
        assertEquals(250_000, c.right().point().atNs());
        // data#1b (guest 6 → device 17, sectors 1000..1007) was written between the two points
        assertFalse(c.sectors().isEmpty());
        assertEquals(c.sectors().size(), explorer.comparePane().sectors.getItems().size());
        int device17 = row(17);
        CrashComparison.SectorDifference d =
                c.sectors().stream()
                        .filter(s -> s.from() <= 1000 && 1000 < s.to())
                        .findFirst()
                        .orElseThrow();
        assertTrue(
                java.util.Arrays.stream(d.left()).anyMatch(x -> x == device17),
                "at 490 us sector 1000 may hold device write 17");
        assertFalse(
                java.util.Arrays.stream(d.right()).anyMatch(x -> x == device17),
                "at 250 us it was not written yet");
        assertTrue(
                explorer.comparePane().summary.getText().contains("differ"),
                explorer.comparePane().summary.getText());
        CrashAnalysis a = CrashAnalysis.of(vm.trace());
        CrashComparison direct =
                CrashComparison.of(
                        a.at(CrashPoint.powerLoss(490_000)), a.at(CrashPoint.powerLoss(250_000)));
        assertEquals(direct.differingSectors(), c.differingSectors());
        assertEquals(direct.states().size(), explorer.comparePane().states.getItems().size());

        // another crash kind at the same time: this trace's contents then come from the guest layer
        robot.interact(
                () -> {
                    explorer.comparePane().copyA();
                    explorer.comparePane().kindB.setValue(CrashKind.QEMU_KILL);
                });
        robot.clickOn("#compare-run");
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> explorer.comparePane().comparisonProperty().get() != c);
        WaitForAsyncUtils.waitForFxEvents();
        CrashComparison k = explorer.comparePane().comparisonProperty().get();
        assertEquals(CrashKind.QEMU_KILL, k.right().point().kind());
        assertFalse(k.sameContentLayer());
        assertTrue(
                explorer.comparePane().summary.getText().contains("different layers"),
                explorer.comparePane().summary.getText());
        assertFalse(k.states().isEmpty(), "the volatile writes survive a QEMU kill");
    }
}
