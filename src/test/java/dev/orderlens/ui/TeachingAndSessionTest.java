package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CrashKind;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.Narration;
import dev.orderlens.analysis.Tearing;
import dev.orderlens.export.Session;
import dev.orderlens.export.SessionJson;
import dev.orderlens.layout.RequestFilter;
import dev.orderlens.model.Trace;
import dev.orderlens.sim.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Teaching mode stepped through a scenario to its end; a session saved and restored item by item.
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class TeachingAndSessionTest {
    private MainWindow window;
    private TimelineViewModel vm;

    @TempDir Path dir;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, ScratchPrefs.create());
        vm = window.timeline();
        stage.show();
    }

    private void waitShown() throws Exception {
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

    @Test
    void aScenarioIsSteppedThroughToItsEndWithItsNarration(FxRobot robot) throws Exception {
        robot.interact(() -> window.openScenario("loop-flush"));
        TeachingPane t = window.teaching();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> t.narrationProperty().get() != null);
        waitShown();
        Narration n = t.narrationProperty().get();
        assertEquals("loop-flush", t.scenarioProperty().get().id());
        assertTrue(
                robot.lookup("#teach-explanation")
                        .queryLabeled()
                        .getText()
                        .startsWith("A filesystem on a loop device"));
        // the scenario's crash is the crash point
        assertEquals(
                CrashExplorer.recordedCrash(vm.trace()), window.explorer().crash().point().atNs());
        assertTrue(n.size() > 20, "every submit, issue, completion and event: " + n.size());
        int flushSubmits = 0;
        for (int i = 0; i < n.size(); i++) {
            robot.clickOn("#teach-next");
            assertEquals(i, t.stepProperty().get());
            Narration.Step s = n.step(i);
            String shown = t.narrationLabel.getText();
            assertEquals(n.text(i), shown);
            assertEquals(
                    s.time(),
                    window.explorer().crash().point().atNs(),
                    "the crash point follows the step");
            if (s.kind() != Narration.Kind.EVENT) {
                assertEquals(s.row(), vm.selected(), "the step's request is selected");
                String name = vm.trace().names().id(s.row()) + " ";
                assertTrue(shown.startsWith(name), shown);
            }
            // known steps: the guest's first flush is submitted while b is still in flight
            if (s.kind() == Narration.Kind.SUBMIT
                    && vm.trace().requests().op(s.row()) == dev.orderlens.model.Op.FLUSH
                    && vm.trace()
                            .layers()
                            .get(vm.trace().requests().layer(s.row()))
                            .id()
                            .equals("guest")) {
                flushSubmits++;
                if (flushSubmits == 1) {
                    assertTrue(
                            shown.contains("the 1 write still in flight") && shown.contains("b1"),
                            shown);
                    assertTrue(shown.contains("not covered"), shown);
                }
            }
        }
        assertEquals(2, flushSubmits, "the scenario has two guest flushes");
        // at the end: one more click stays on the last step, whose narration is the crash event
        robot.clickOn("#teach-next");
        assertEquals(n.size() - 1, t.stepProperty().get());
        assertTrue(
                t.stepLabel.getText().startsWith("step " + n.size() + " of " + n.size()),
                t.stepLabel.getText());
        robot.clickOn("#teach-first");
        assertEquals(0, t.stepProperty().get());
        assertTrue(
                t.narrationLabel.getText().contains("submitted to the guest layer"),
                t.narrationLabel.getText());
    }

    @Test
    void tryItReRunsTheScenarioWithAnotherCacheMode(FxRobot robot) throws Exception {
        robot.interact(() -> window.openScenario("loop-flush"));
        TeachingPane t = window.teaching();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> t.narrationProperty().get() != null);
        waitShown();
        Trace first = vm.trace();
        robot.interact(
                () -> {
                    t.cacheMode.setValue(dev.orderlens.analysis.CacheMode.WRITETHROUGH);
                    t.rerun.fire();
                });
        WaitForAsyncUtils.waitFor(
                30,
                TimeUnit.SECONDS,
                () ->
                        vm.trace() != first
                                && t.narrationProperty().get() != null
                                && t.narrationProperty().get() != null
                                && window.explorer().crash().analysis() != null
                                && window.explorer().crash().analysis().trace() == vm.trace());
        waitShown();
        assertEquals(dev.orderlens.analysis.CacheMode.WRITETHROUGH, t.overrides().cacheMode());
        assertEquals(
                CacheMode.WRITETHROUGH,
                window.explorer().crash().analysis().defaultCacheMode(),
                "re-analysed under the new mode");
        assertEquals(
                CacheMode.WRITETHROUGH, window.explorer().crash().point().cacheModes().uniform());
        Trace expected =
                Scenarios.run(
                        "loop-flush",
                        dev.orderlens.sim.Overrides.NONE.withCacheMode(
                                dev.orderlens.analysis.CacheMode.WRITETHROUGH));
        assertEquals(expected.requests().size(), vm.trace().requests().size());
    }

    @Test
    void aSavedSessionRestoresEveryItem(FxRobot robot) throws Exception {
        Path guest = Path.of("sample-traces/writeback.guest.blkparse.txt").toAbsolutePath();
        Path host = Path.of("sample-traces/writeback.qemu.log").toAbsolutePath();
        Session.Source source =
                Session.Source.ofFiles(
                        List.of(
                                new Session.FileEntry(guest.toString(), "blkparse", "guest", null),
                                new Session.FileEntry(
                                        host.toString(), "qemu-log", null, -0.000125)));
        robot.interact(
                () ->
                        window.restore(
                                new Session(source, null, null, List.of(), null, null, null),
                                "two files"));
        waitShown();
        Trace t = vm.trace();
        assertTrue(
                t.layers().stream().anyMatch(l -> l.id().equals("guest"))
                        && t.layers().stream().anyMatch(l -> l.id().equals("host")));
        // change every item of the view
        int row = -1;
        for (int r = 0; r < t.requests().size() && row < 0; r++) {
            if (t.requests().file(r) == 1 && t.requests().op(r) == dev.orderlens.model.Op.WRITE) {
                row = r;
            }
        }
        int selected = row;
        long mid = (t.startNs() + t.endNs()) / 2;
        CrashPoint point =
                new CrashPoint(mid, CrashKind.QEMU_KILL, CacheMode.NONE, Tearing.ATOMIC_4K);
        robot.interact(
                () -> {
                    vm.addFilter(new RequestFilter.Criterion(RequestFilter.Kind.OP, "write"));
                    vm.darkProperty().set(true);
                    window.presentation().largeProperty().set(true);
                    window.explorer().crash().setPoint(point);
                });
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> !vm.busyProperty().get() && vm.model().filter().equals(vm.filter()));
        robot.interact(
                () -> {
                    vm.goTo(t.startNs() + 1_000, t.startNs() + 5_000_000);
                    vm.select(selected);
                });
        Session[] got = new Session[1];
        Path file = dir.resolve("view.json");
        boolean[] ok = new boolean[1];
        robot.interact(
                () -> {
                    got[0] = window.currentSession();
                    ok[0] = window.saveSession(file);
                });
        Session saved = got[0];
        assertTrue(ok[0]);
        assertTrue(SessionJson.isSession(file));
        assertEquals(saved, SessionJson.read(file), "what was written is what is read back");
        assertEquals(-0.000125, saved.source().files().get(1).offsetSeconds());
        TimelineViewModel.Window w = vm.window();

        // another trace and a plain view, then the session again, opened like a trace
        robot.interact(
                () -> {
                    vm.darkProperty().set(false);
                    window.presentation().largeProperty().set(false);
                    window.openEmbeddedDefault();
                });
        WaitForAsyncUtils.waitFor(
                20, TimeUnit.SECONDS, () -> vm.trace() != t && vm.trace() != null);
        waitShown();
        assertNull(window.explorer().crash().point());
        robot.interact(() -> window.open(List.of(file)));
        WaitForAsyncUtils.waitFor(
                30,
                TimeUnit.SECONDS,
                () ->
                        vm.trace() != null
                                && vm.trace().sources().size() == 2
                                && vm.selected() >= 0
                                && window.explorer().crash().result() != null);
        waitShown();
        Trace back = vm.trace();
        assertEquals(
                t.requests().size(), back.requests().size(), "the same files, layers and offsets");
        assertEquals(t.startNs(), back.startNs());
        assertEquals(t.endNs(), back.endNs());
        assertEquals(
                List.of(new RequestFilter.Criterion(RequestFilter.Kind.OP, "write")),
                vm.filter().criteria());
        assertEquals(w, vm.window());
        assertEquals(t.requests().id(selected), back.requests().id(vm.selected()));
        assertEquals(1, back.requests().file(vm.selected()));
        assertEquals(point, window.explorer().crash().point());
        assertTrue(vm.darkProperty().get());
        assertTrue(window.presentation().largeProperty().get());
        robot.interact(() -> got[0] = window.currentSession());
        assertEquals(saved.window(), got[0].window());
        assertEquals(saved, got[0], "every item restored");
        robot.interact(() -> window.presentation().largeProperty().set(false));
    }

    @Test
    void missingFilesAreNamedAndTheRestIsRestored(FxRobot robot) throws Exception {
        Path gone = dir.resolve("gone.blkparse.txt");
        Path json = dir.resolve("s.json");
        Files.writeString(
                json,
                "{\"format\": \"orderlens-session\", \"version\": 1, \"source\": {\"files\": ["
                        + "{\"path\": \""
                        + Path.of("sample-traces/journal-commit.json").toAbsolutePath()
                        + "\"},"
                        + "{\"path\": \""
                        + gone
                        + "\", \"layer\": \"guest\"}]},"
                        + "\"crash\": {\"at\": 490000, \"kind\": \"power-loss\", \"cacheMode\": \"writeback\", \"tearing\": \"sector\"},"
                        + "\"selection\": {\"file\": 0, \"id\": 5}, \"theme\": \"light\"}");
        robot.interact(() -> window.open(List.of(json)));
        WaitForAsyncUtils.waitFor(
                30,
                TimeUnit.SECONDS,
                () ->
                        vm.trace() != null
                                && vm.selected() >= 0
                                && window.explorer().crash().result() != null);
        waitShown();
        assertNotNull(window.lastError());
        assertTrue(window.lastError().contains("gone.blkparse.txt"), window.lastError());
        assertTrue(window.lastError().contains("restored without them"), window.lastError());
        assertEquals(5, vm.trace().requests().id(vm.selected()));
        assertEquals(490_000, window.explorer().crash().point().atNs());
        assertEquals(1, vm.trace().sources().size());
        assertFalse(vm.darkProperty().get());
        // closes the error dialog the restore showed
        robot.interact(
                () ->
                        robot.listWindows().stream()
                                .filter(w -> w != window.stage() && w.isShowing())
                                .forEach(w -> ((Stage) w).close()));
    }
}
