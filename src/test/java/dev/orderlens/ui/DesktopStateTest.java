package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CrashKind;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.export.Session;
import dev.orderlens.importer.ImportInput;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Trace;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javafx.concurrent.Worker;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What the desktop keeps and what it forgets (issue 13, items 2-8, and issue 11's missing tests):
 * every view follows a change of trace, the crash settings survive removing the point, the side
 * panel's width is kept, Open Recent reopens a whole trace set, a folder opens its traces, imports
 * replace and cancel one another, and a background failure reaches the user and the log.
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class DesktopStateTest {
    private static final Path SAMPLE = Path.of("sample-traces/journal-commit.json");
    private static final Path OTHER = Path.of("sample-traces/sim-fsync-gate.json");
    private static final Path GUEST = Path.of("sample-traces/writeback.guest.blkparse.txt");
    private static final Path QEMU = Path.of("sample-traces/writeback.qemu.log");

    private MainWindow window;
    private UserPrefs prefs;
    private TimelineViewModel vm;

    @Start
    void start(Stage stage) {
        prefs = ScratchPrefs.create();
        window = new MainWindow(stage, prefs);
        vm = window.timeline();
        stage.show();
    }

    private void waitReady() throws Exception {
        WaitForAsyncUtils.waitFor(
                30,
                TimeUnit.SECONDS,
                () ->
                        window.loadingProperty().get() == null
                                && vm.model() != null
                                && vm.findingsProperty().get() != null
                                && !vm.busyProperty().get()
                                && window.explorer().crash().analysis() != null
                                && window.explorer().crash().analysis().trace() == vm.trace());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void open(FxRobot robot, Path p) throws Exception {
        robot.interact(() -> window.open(List.of(p)));
        waitReady();
    }

    private CrashPane pane() {
        return window.explorer().pane();
    }

    @Test
    void anotherTraceResetsTheFindBoxTheCrashPaneTheTeachingTabAndTheWaterfall(FxRobot robot)
            throws Exception {
        robot.interact(() -> window.openScenario("loop-flush"));
        WaitForAsyncUtils.waitFor(
                30, TimeUnit.SECONDS, () -> window.teaching().narrationProperty().get() != null);
        open(robot, SAMPLE);
        assertNotEquals(
                "preparing…",
                window.teaching().stepLabel.getText(),
                "the Teaching tab must not wait for a trace that is gone");
        assertTrue(
                window.teaching().narrationLabel.getText().contains("Run again"),
                window.teaching().narrationLabel.getText());

        TextField find = robot.lookup("#find").queryAs(TextField.class);
        robot.interact(
                () -> {
                    find.setText("#3");
                    find.fireEvent(new javafx.event.ActionEvent());
                });
        Label count = robot.lookup("#find-count").queryAs(Label.class);
        assertEquals("1 of 1", count.getText());
        // the Stats tab shows request 3 of the sample in its waterfall (computed once shown)
        robot.interact(window::showStats);
        WaitForAsyncUtils.waitFor(
                20, TimeUnit.SECONDS, () -> window.stats().preparedProperty().get() != null);
        robot.interact(() -> vm.select(vm.trace().requests().rowOfId(0, 3)));
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(window.stats().pane().waterfall().waterfall());

        open(robot, OTHER);
        assertEquals("", find.getText(), "the old query is cleared");
        assertEquals("", count.getText(), "and its count");
        assertTrue(
                pane().hintText().startsWith("No crash point"),
                "the crash pane is ready, not preparing: " + pane().hintText());
        assertFalse(pane().cacheMode.isDisabled(), "its choices are usable before a point");
        WaitForAsyncUtils.waitFor(
                20, TimeUnit.SECONDS, () -> window.stats().pane().trace() == vm.trace());
        WaitForAsyncUtils.waitForFxEvents();
        assertNull(
                window.stats().pane().waterfall().waterfall(),
                "no waterfall of the previous trace's request");
    }

    @Test
    void tryItHasOneCacheModeSelectorAndTheStoryFollowsTheVariantRun(FxRobot robot)
            throws Exception {
        robot.interact(() -> window.openScenario("cache-modes"));
        TeachingPane t = window.teaching();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> t.narrationProperty().get() != null);
        // the variants are the cache modes: the separate cache box is not offered
        assertFalse(t.cacheMode.isVisible(), "one selector: the variant");
        dev.orderlens.sim.Scenario sc = dev.orderlens.sim.Scenarios.get("cache-modes");
        dev.orderlens.sim.Scenario.Variant unsafe = sc.variant("unsafe");
        Trace first = vm.trace();
        robot.interact(
                () -> {
                    t.variant.setValue(unsafe);
                    t.rerun.fire();
                });
        WaitForAsyncUtils.waitFor(
                30,
                TimeUnit.SECONDS,
                () ->
                        vm.trace() != first
                                && t.narrationProperty().get() != null
                                && window.explorer().crash().analysis() != null
                                && window.explorer().crash().analysis().trace() == vm.trace());
        assertEquals("unsafe", t.overrides().variant());
        assertNull(t.overrides().cacheMode(), "no second cache mode to contradict the variant");
        assertEquals(
                CacheMode.UNSAFE,
                window.explorer().crash().analysis().defaultCacheMode(),
                "the run used the variant's cache mode");
        String story = t.explanationText();
        assertTrue(story.contains(unsafe.explanation()), story);
        assertTrue(story.lines().findFirst().orElse("").contains(unsafe.title()), story);
    }

    @Test
    void theCrashSettingsSurviveRemovingThePointAndTheTabHeadersLoseTheirCounts(FxRobot robot)
            throws Exception {
        open(robot, SAMPLE);
        CrashViewModel crash = window.explorer().crash();
        CrashPoint defaults = crash.defaultPoint(300_000);
        CacheMode mode =
                Arrays.stream(CacheMode.values())
                        .filter(m -> m != defaults.cacheModes().uniform())
                        .findFirst()
                        .orElseThrow();
        CrashKind kind =
                Arrays.stream(CrashKind.values())
                        .filter(k -> k != defaults.kind())
                        .findFirst()
                        .orElseThrow();
        robot.interact(() -> crash.setTime(300_000));
        robot.interact(
                () -> {
                    pane().cacheMode.setValue(mode);
                    pane().kind.setValue(kind);
                });
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () ->
                        pane().detailsProperty().get() != null
                                && pane().detailsProperty()
                                        .get()
                                        .report()
                                        .point()
                                        .equals(crash.point()));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(pane().tabHeaders().contains("("), pane().tabHeaders());

        robot.interact(crash::clear); // Shift+K
        assertEquals("At risk / Promises", pane().tabHeaders(), "no counts without a point");
        assertEquals(mode, pane().cacheMode.getValue(), "the pane still shows the user's choice");

        robot.interact(() -> crash.setTime(200_000)); // K again
        assertEquals(mode, crash.point().cacheModes().uniform());
        assertEquals(kind, crash.point().kind());
    }

    @Test
    void aTypedTimeIsShownInSecondsAndOneSkippedLineIsSingular(FxRobot robot, @TempDir Path dir)
            throws Exception {
        open(robot, SAMPLE);
        TextField time = pane().time;
        robot.interact(
                () -> {
                    time.setText("0.3ms");
                    time.fireEvent(new javafx.event.ActionEvent());
                });
        assertEquals(300_000, window.explorer().crash().point().atNs());
        // the label after the field says "s": the field holds seconds, not "0.3ms"
        assertEquals("0.000300000", time.getText());

        // a real capture with one line that is not blkparse output put after its first line
        List<String> lines = new ArrayList<>(Files.readAllLines(GUEST));
        lines.add(1, "this is not a blkparse line");
        Path one = dir.resolve("one-bad-line.blkparse.txt");
        Files.write(one, lines);
        assertEquals(1, TraceLoader.load(one).skippedLines(), "precondition: one line skipped");
        open(robot, one);
        String summary = robot.lookup("#summary").queryAs(SummaryPane.class).text();
        assertTrue(summary.contains("1 line skipped"), summary);
        assertFalse(summary.contains("1 lines"), summary);
        assertTrue(window.statusLabel().getText().contains("1 line skipped"));
    }

    @Test
    void theSidePanelHasAMinimumAndItsWidthIsRemembered(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(
                window.sideWidth() >= UserPrefs.MIN_SIDE_WIDTH - 1,
                "at least the minimum: " + window.sideWidth());
        prefs.saveSideWidth(520);
        MainWindow[] second = new MainWindow[1];
        robot.interact(
                () -> {
                    Stage s = new Stage();
                    s.setWidth(1600);
                    s.setHeight(900);
                    second[0] = new MainWindow(s, prefs);
                    s.show();
                });
        WaitForAsyncUtils.waitForFxEvents();
        double shown = second[0].sideWidth();
        robot.interact(() -> second[0].stage().close());
        assertEquals(520, shown, 12, "the remembered width");
        assertEquals(Math.round(shown), prefs.sideWidth(), "and remembered again on close");
        prefs.saveSideWidth(100);
        assertEquals(Math.round(shown), prefs.sideWidth(), "a width under the minimum is not kept");
    }

    @Test
    void openRecentReopensTheWholeTraceSetWithItsLayers(FxRobot robot) throws Exception {
        List<TraceLoader.FileSpec> specs =
                List.of(
                        new TraceLoader.FileSpec(TraceLoader.open(GUEST), null, "guest", 0.0),
                        new TraceLoader.FileSpec(TraceLoader.open(QEMU), null, null, null));
        Session.Source from =
                Session.Source.ofFiles(
                        List.of(
                                new Session.FileEntry(GUEST.toString(), null, "guest", 0.0),
                                new Session.FileEntry(QEMU.toString(), null, null, null)));
        robot.interact(() -> window.loadFiles(specs, "writeback pair", from));
        waitReady();
        int requests = vm.trace().requests().size();
        open(robot, SAMPLE);

        List<Session> sets = prefs.recent().sets();
        assertEquals(2, sets.size(), "the sample, then the pair: " + sets);
        Session pair = sets.get(1);
        assertEquals(
                List.of(GUEST.toAbsolutePath(), QEMU.toAbsolutePath()),
                RecentFiles.paths(pair),
                "both files of the pair, in order");
        assertEquals("guest", pair.source().files().get(0).layer());
        robot.interact(() -> window.openRecent(pair));
        waitReady();
        assertEquals(2, vm.trace().sources().size(), "the pair, not one file of it");
        assertEquals(requests, vm.trace().requests().size());
    }

    @Test
    void aFolderOpensTheTracesInsideIt(@TempDir Path dir) throws Exception {
        Files.copy(GUEST, dir.resolve(GUEST.getFileName()));
        Files.copy(QEMU, dir.resolve(QEMU.getFileName()));
        Files.writeString(dir.resolve("README.md"), "how this was captured");
        Files.writeString(dir.resolve(".hidden.json"), "{}");
        // by name, without the README and the hidden file: the guest file, then QEMU's log
        assertEquals(
                List.of(dir.resolve(GUEST.getFileName()), dir.resolve(QEMU.getFileName())),
                CaptureFolder.traces(dir));
        assertTrue(CaptureFolder.traces(dir.resolve("no-such")).isEmpty());
    }

    @Test
    void aSecondTraceOpenedDuringAnImportReplacesItAndCancelStopsAnImport(FxRobot robot)
            throws Exception {
        byte[] bytes = Files.readAllBytes(SAMPLE);
        CountDownLatch release = new CountDownLatch(1);
        ImportInput slow =
                new ImportInput(
                        "slow.json",
                        () -> {
                            try {
                                release.await(20, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return (InputStream) new ByteArrayInputStream(bytes);
                        },
                        bytes.length);
        robot.interact(
                () ->
                        window.loadFiles(
                                List.of(new TraceLoader.FileSpec(slow, null, null, null)),
                                "slow",
                                Session.Source.ofBundled("slow")));
        var first = window.loadingProperty().get();
        assertNotNull(first);
        robot.interact(() -> window.open(List.of(OTHER))); // while the slow import waits
        release.countDown();
        waitReady();
        Trace shown = vm.trace();
        assertEquals(
                OTHER.getFileName().toString(),
                Path.of(shown.sources().get(0).path()).getFileName().toString());
        Worker.State firstState = WaitForAsyncUtils.asyncFx(first::getState).get();
        assertEquals(Worker.State.CANCELLED, firstState, "the first import was cancelled");
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertSame(shown, vm.trace(), "the cancelled import never replaces the newer trace");

        // Cancel in the status bar stops an import; the trace on screen stays
        CountDownLatch never = new CountDownLatch(1);
        ImportInput stuck =
                new ImportInput(
                        "stuck.json",
                        () -> {
                            try {
                                never.await(20, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return (InputStream) new ByteArrayInputStream(bytes);
                        },
                        bytes.length);
        robot.interact(
                () ->
                        window.loadFiles(
                                List.of(new TraceLoader.FileSpec(stuck, null, null, null)),
                                "stuck",
                                Session.Source.ofBundled("stuck")));
        var task = window.loadingProperty().get();
        robot.clickOn("#import-cancel");
        never.countDown();
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> window.loadingProperty().get() == null);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Worker.State.CANCELLED, WaitForAsyncUtils.asyncFx(task::getState).get());
        assertSame(shown, vm.trace());
        assertTrue(
                window.statusLabel().getText().contains("cancelled"),
                window.statusLabel().getText());
    }

    @Test
    void aFailureOnABackgroundThreadIsLoggedWithItsStackAndShownInOneLine(FxRobot robot)
            throws Exception {
        List<LogRecord> logged = new ArrayList<>();
        Handler capture =
                new Handler() {
                    @Override
                    public void publish(LogRecord r) {
                        synchronized (logged) {
                            logged.add(r);
                        }
                    }

                    @Override
                    public void flush() {}

                    @Override
                    public void close() {}
                };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        try {
            robot.interact(() -> Failures.installUncaughtHandler(window::showError));
            Thread t =
                    new Thread(
                            () -> {
                                throw new IllegalStateException("disk image vanished\nsecond line");
                            },
                            "orderlens-test-worker");
            t.start();
            t.join();
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> window.lastError() != null);
            assertEquals(
                    "Something went wrong (details in the log): Unexpected error on thread"
                            + " orderlens-test-worker: disk image vanished",
                    window.lastError(),
                    "one line for the user");
            synchronized (logged) {
                assertTrue(
                        logged.stream()
                                .anyMatch(
                                        r ->
                                                r.getThrown() instanceof IllegalStateException
                                                        && r.getThrown().getStackTrace().length
                                                                > 0),
                        "the log has the exception with its stack trace");
            }
        } finally {
            root.removeHandler(capture);
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }
}
