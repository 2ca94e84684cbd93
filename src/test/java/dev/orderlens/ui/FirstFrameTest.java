package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app's start (ADR 0380): the window is shown with its title, menu bar and status bar, the
 * first frame is laid out without the toolbar rows and the centre, and they (the lanes and side
 * panes) join on the next one; the bundled sample then arrives in it as before. Work moved off the
 * start (the recent sets, the scenario library) is there when it is looked at.
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class FirstFrameTest {
    private MainWindow window;
    private Node centre;
    private Node centreAtShow;
    private List<Node> topRows;
    private List<Node> topRowsAtShow;
    private List<MenuItem> recentAtShow;
    private final List<Boolean> centreInEachPulse = new ArrayList<>();
    private static final Path RECENT = Path.of("sample-traces/writeback.qemu.log");

    @Start
    void start(Stage stage) {
        UserPrefs prefs = ScratchPrefs.create();
        prefs.recent().add(RECENT.toAbsolutePath());
        window = new MainWindow(stage, prefs);
        centre = window.root().getCenter();
        topRows = List.copyOf(((VBox) window.root().getTop()).getChildren());
        recentAtShow = List.copyOf(recentMenu().getItems());
        FirstFrame.show(stage, window.root());
        centreAtShow = window.root().getCenter();
        topRowsAtShow = List.copyOf(((VBox) window.root().getTop()).getChildren());
        stage.getScene()
                .addPostLayoutPulseListener(
                        () -> {
                            if (centreInEachPulse.size() < 3) {
                                centreInEachPulse.add(window.root().getCenter() != null);
                            }
                        });
        window.openEmbeddedDefault();
    }

    private Menu recentMenu() {
        MenuBar bar = (MenuBar) ((VBox) window.root().getTop()).getChildren().get(0);
        return (Menu)
                bar.getMenus().get(0).getItems().stream()
                        .filter(i -> "Open _Recent".equals(i.getText()))
                        .findFirst()
                        .orElseThrow();
    }

    @Test
    void theWindowIsShownWithItsMenusAndTheCentreJoinsOnTheNextFrame(FxRobot robot)
            throws Exception {
        assertNull(centreAtShow, "the centre waits for the first frame");
        assertNotNull(centre);
        assertEquals(4, topRows.size(), "menu bar, toolbar, filter bar, highlight chip");
        assertEquals(List.of(topRows.get(0)), topRowsAtShow, "only the menu bar at first");
        MenuBar bar = (MenuBar) ((VBox) window.root().getTop()).getChildren().get(0);
        assertEquals(
                List.of("_File", "_View", "_Crash", "_Teaching", "_Help"),
                bar.getMenus().stream().map(Menu::getText).toList());
        assertTrue(window.stage().isShowing());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.root().getCenter() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertSame(centre, window.root().getCenter(), "the same centre, not a new one");
        assertEquals(topRows, ((VBox) window.root().getTop()).getChildren(), "the rows, in order");
        assertEquals(false, centreInEachPulse.get(0), "the first frame is laid out without it");
        assertTrue(centreInEachPulse.contains(true), centreInEachPulse.toString());
        // the bundled sample, opened right after show(), lands in the lanes
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> window.timeline().model() != null && window.loadingProperty().get() == null);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(15, window.traceProperty().get().requests().size());
        assertTrue(window.stage().getTitle().contains("journal-commit.json"));
        assertNotNull(window.lanes().canvas().getScene(), "the lanes are in the window");
        assertTrue(window.lanes().getWidth() > 0);
    }

    @Test
    void theRecentSetsAndTheScenarioLibraryAreReadWhenLookedAt(FxRobot robot) {
        assertTrue(recentAtShow.isEmpty(), "not read while the window is built");
        WaitForAsyncUtils.waitForFxEvents();
        List<String> labels = recentMenu().getItems().stream().map(MenuItem::getText).toList();
        assertTrue(
                labels.get(0).contains("writeback.qemu.log"),
                "the one set the preferences hold, just after the window: " + labels);
        assertTrue(window.teaching().library.getItems().isEmpty(), "not read before it is shown");
        robot.interact(() -> window.openScenario("cache-modes"));
        WaitForAsyncUtils.waitForFxEvents();
        // every scenario of the index (resources/dev/orderlens/scenarios/index.txt), in its order
        assertEquals(
                dev.orderlens.sim.Scenarios.all(),
                window.teaching().library.getItems(),
                "the library is filled once its tab is shown");
    }
}
