package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.export.Session;
import dev.orderlens.layout.LaneLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 13, defects 5 and 8: the guest lane is named after blkparse's summary ("vda", not "254,0"),
 * the user renames it from its right-click menu and a saved session brings the name back; the
 * Summary tab is readable at the default width (headers whole, values not one character per line).
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class LaneNamesAndSummaryTest {
    private static final Path GUEST = Path.of("sample-traces/writeback.guest.blkparse.txt");

    private MainWindow window;
    private TimelineViewModel vm;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, ScratchPrefs.create());
        vm = window.timeline();
        stage.show();
    }

    private void open(FxRobot robot, Path p) throws Exception {
        robot.interact(() -> window.open(List.of(p)));
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

    private LaneLayout.Band firstLane() {
        return vm.layout().bands().stream()
                .filter(b -> b.sub() != null && b.firstOfSubLane())
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theLaneIsNamedFromTheSummaryRenamedByTheUserAndKeptInTheSession(
            FxRobot robot, @TempDir Path dir) throws Exception {
        open(robot, GUEST);
        // every event line says 254,0; the summary's blocks say "CPU0 (vda):" ... "Total (vda):"
        LaneLayout.Band lane = firstLane();
        assertEquals("vda", lane.sub().label());
        assertEquals("254,0", lane.sub().lane().name());

        // right-click the lane's label in the gutter → Rename Lane vda… → "root disk"
        double y = vm.layout().viewY(lane.y(), vm.scrollYProperty().get()) + lane.height() / 2;
        robot.clickOn(window.lanes().canvas().localToScreen(40, y), MouseButton.SECONDARY);
        robot.clickOn("Rename Lane vda…");
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.TextField name =
                robot.lookup(".dialog-pane .text-field")
                        .queryAs(javafx.scene.control.TextField.class);
        assertEquals("vda", name.getText(), "the dialog starts from the lane's name");
        robot.interact(() -> name.setText("root disk"));
        robot.clickOn("OK");
        WaitForAsyncUtils.waitForFxEvents();
        int index = lane.sub().lane().index();
        assertEquals("root disk", vm.laneViewProperty().get().name(index, "?"));
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> window.lanes().paintedSpec().layout() == vm.layout());

        // saved in the session, and back after opening another trace and the session
        Path file = dir.resolve("view.json");
        Session[] saved = new Session[1];
        robot.interact(
                () -> {
                    saved[0] = window.currentSession();
                    window.saveSession(file);
                });
        assertEquals(
                java.util.Map.of(Session.laneKey(0, "device", "254,0"), "root disk"),
                saved[0].laneNames());
        dev.orderlens.model.Trace renamed = vm.trace();
        robot.interact(() -> window.openEmbeddedDefault());
        WaitForAsyncUtils.waitFor(
                20, TimeUnit.SECONDS, () -> vm.trace() != null && vm.trace() != renamed);
        assertTrue(vm.laneViewProperty().get().names().isEmpty(), "another trace, no names");
        robot.interact(() -> window.open(List.of(file)));
        WaitForAsyncUtils.waitFor(
                30,
                TimeUnit.SECONDS,
                () -> vm.laneViewProperty().get().names().containsValue("root disk"));
    }

    @Test
    void theSummaryIsReadableAtTheDefaultWidth(FxRobot robot) throws Exception {
        open(robot, GUEST);
        robot.clickOn("Summary");
        WaitForAsyncUtils.waitForFxEvents();
        Node summary = robot.lookup("#summary").query();
        assertTrue(window.sideWidth() < 400, "the default side panel: " + window.sideWidth());
        List<GridPane> all =
                summary.lookupAll("*").stream()
                        .filter(GridPane.class::isInstance)
                        .map(GridPane.class::cast)
                        .toList();
        assertFalse(all.isEmpty(), "the files and layers tables");
        int checked = 0;
        for (GridPane g : all) {
            for (Node n : g.getChildren()) {
                if (!(n instanceof Label l) || l.getText().isEmpty()) {
                    continue;
                }
                checked++;
                double pref = l.prefWidth(-1);
                if (GridPane.getRowIndex(l) == null || GridPane.getRowIndex(l) == 0) {
                    // a header is shown whole, never "…"
                    assertTrue(
                            l.getWidth() >= pref - 0.5,
                            "header '" + l.getText() + "' is " + l.getWidth() + " of " + pref);
                } else {
                    // a value may wrap in the name columns, but never down to a character a line
                    double lines = l.getHeight() / (l.getFont().getSize() * 1.2);
                    assertTrue(
                            l.getWidth() >= Math.min(pref, 80) - 0.5,
                            "value '" + l.getText() + "' squeezed to " + l.getWidth() + " px");
                    assertTrue(
                            lines <= Math.max(2.5, l.getText().length() / 8.0),
                            "value '" + l.getText() + "' on " + lines + " lines");
                }
            }
        }
        assertTrue(checked >= 10, "headers and values were checked: " + checked);
    }
}
