package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.export.Session;
import dev.orderlens.export.SessionJson;
import dev.orderlens.model.Bookmark;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Bookmarks in the window (issue 13, "Beyond"): Ctrl+B on a selected request and on a time, a note
 * typed in the tab, the list in time order, a click that goes there, and the list saved in a
 * session, gone with another trace and back with the session.
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class BookmarksWindowTest {
    /**
     * The bundled sample. Line 10 is request 5, the PREFLUSH+FUA journal commit, submitted at
     * 210000 ns; line 7 is request 2, submitted at 2000 ns.
     */
    private static final Path SAMPLE = Path.of("sample-traces/journal-commit.json");

    private static final Path OTHER = Path.of("sample-traces/sim-fsync-gate.json");

    @TempDir Path dir;
    private MainWindow window;
    private TimelineViewModel vm;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, ScratchPrefs.create());
        vm = window.timeline();
        stage.show();
    }

    private void open(FxRobot robot, Path p) throws Exception {
        Trace before = vm.trace();
        robot.interact(() -> window.open(List.of(p)));
        WaitForAsyncUtils.waitFor(
                30,
                TimeUnit.SECONDS,
                () ->
                        vm.trace() != before
                                && vm.model() != null
                                && vm.findingsProperty().get() != null
                                && !vm.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private TableView<Bookmark> table(FxRobot robot) {
        return robot.lookup("#bookmark-table").queryAs(TableView.class);
    }

    /** The table's row showing {@code b} (it is laid out: the tab is in front). */
    private TableRow<?> rowOf(FxRobot robot, Bookmark b) {
        return robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> b.equals(r.getItem()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void ctrlBBookmarksTheSelectionAndATimeTheListGoesThereAndASessionKeepsThem(FxRobot robot)
            throws Exception {
        open(robot, SAMPLE);
        Trace t = vm.trace();
        int commit = t.requests().rowOfId(0, 5);
        robot.interact(
                () -> {
                    vm.select(commit);
                    window.lanes().canvas().requestFocus();
                });
        robot.press(KeyCode.CONTROL, KeyCode.B).release(KeyCode.B, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertSame(window.bookmarks().tab(), window.selectedSideTab(), "the tab comes forward");
        TextField note = robot.lookup("#bookmark-note").queryAs(TextField.class);
        assertTrue(note.isFocused(), "ready for the note");
        robot.write("journal commit <b>&").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();

        // with nothing selected, Ctrl+B marks a time: mid-window when the mouse is elsewhere
        robot.interact(
                () -> {
                    vm.select(-1);
                    vm.goTo(0, 600_000);
                    window.lanes().canvas().requestFocus();
                });
        robot.press(KeyCode.CONTROL, KeyCode.B).release(KeyCode.B, KeyCode.CONTROL);
        robot.write("half way").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        // and a request from the right-click menu's action, before both in time
        robot.interact(() -> window.bookmarks().addRequest(t.requests().rowOfId(0, 2)));
        WaitForAsyncUtils.waitForFxEvents();

        List<Bookmark> expected =
                List.of(
                        new Bookmark(2_000, new Bookmark.RequestRef(0, 2), ""),
                        new Bookmark(210_000, new Bookmark.RequestRef(0, 5), "journal commit <b>&"),
                        Bookmark.atTime(300_000, "half way"));
        assertEquals(expected, List.copyOf(window.bookmarks().bookmarks()));
        assertEquals(expected, List.copyOf(table(robot).getItems()), "listed in time order");

        // a click on the time bookmark centres its time; on the commit, selects it
        robot.interact(() -> vm.goTo(1_000_000, 1_100_000));
        robot.clickOn(rowOf(robot, expected.get(2)));
        WaitForAsyncUtils.waitForFxEvents();
        TimelineViewModel.Window w = vm.window();
        assertEquals(100_000, w.span(), "the zoom is kept");
        assertEquals(300_000, w.start() + w.span() / 2);
        robot.clickOn(rowOf(robot, expected.get(1)));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(commit, vm.selected());
        TimelineViewModel.Window shown = vm.window();
        assertTrue(
                t.requests().submit(commit) < shown.end()
                        && t.requests().complete(commit) >= shown.start(),
                "and shows it (210-400 µs, line 10) in " + shown);
        assertSame(window.bookmarks().tab(), window.selectedSideTab(), "the list stays in front");

        // saved in the session; another trace has none; the session brings them back
        Path file = dir.resolve("view.json");
        boolean[] ok = new boolean[1];
        robot.interact(() -> ok[0] = window.saveSession(file));
        assertTrue(ok[0]);
        Session saved = SessionJson.read(file);
        assertEquals(expected, saved.bookmarks());
        open(robot, OTHER);
        assertEquals(List.of(), List.copyOf(window.bookmarks().bookmarks()));
        robot.interact(() -> window.open(List.of(file)));
        WaitForAsyncUtils.waitFor(
                30, TimeUnit.SECONDS, () -> window.bookmarks().bookmarks().size() == 3);
        assertNotNull(vm.trace());
        assertEquals(
                SAMPLE.getFileName().toString(),
                Path.of(vm.trace().sources().get(0).path()).getFileName().toString());
        assertEquals(expected, List.copyOf(window.bookmarks().bookmarks()));
    }
}
