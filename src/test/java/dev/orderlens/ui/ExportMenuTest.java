package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.concurrent.Task;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * File → Export in the running app: every kind written from what the window shows, in the
 * background.
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class ExportMenuTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, ScratchPrefs.create());
        stage.show();
    }

    private Path run(
            FxRobot robot, ExportMenu.Kind kind, Path target, ExportMenu.PictureOptions options)
            throws Exception {
        @SuppressWarnings("unchecked")
        Task<Path>[] task = new Task[1];
        robot.interact(() -> task[0] = window.exports().export(kind, target, options));
        assertNotNull(task[0], kind + " started");
        assertEquals(target, task[0].get(20, TimeUnit.SECONDS), kind + " succeeded");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Files.size(target) > 0, kind + " wrote " + target);
        return target;
    }

    @Test
    void everyExportIsWrittenFromTheOpenTraceWithItsOwnCrashPoint(FxRobot robot, @TempDir Path dir)
            throws Exception {
        MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
        Menu export =
                (Menu)
                        bar.getMenus().get(0).getItems().stream()
                                .filter(i -> "export-menu".equals(i.getId()))
                                .findFirst()
                                .orElseThrow();
        assertTrue(export.isDisable(), "nothing to export before a trace is open");
        List<String> items =
                export.getItems().stream().map(MenuItem::getText).filter(t -> t != null).toList();
        assertEquals(7, items.size(), items.toString());

        robot.interact(() -> window.openEmbeddedDefault());
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () ->
                        window.timeline().findingsProperty().get() != null
                                && window.timeline().layout() != null
                                && window.loadingProperty().get() == null);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(export.isDisable());

        Path png =
                run(
                        robot,
                        ExportMenu.Kind.PNG,
                        dir.resolve("view.png"),
                        new ExportMenu.PictureOptions(false, 1000, 2));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2000, img.getWidth(), "width × scale");
        run(
                robot,
                ExportMenu.Kind.PNG,
                dir.resolve("whole.png"),
                new ExportMenu.PictureOptions(true, 800, 1));
        assertEquals(800, ImageIO.read(dir.resolve("whole.png").toFile()).getWidth());

        String svg =
                Files.readString(
                        run(
                                robot,
                                ExportMenu.Kind.SVG,
                                dir.resolve("t.svg"),
                                new ExportMenu.PictureOptions(true, 1200, 1)));
        assertTrue(
                svg.contains("crash 0.000490000 s · power-loss · writeback"),
                "the trace's own crash event is the crash point");
        assertTrue(svg.contains(">Guest block layer</text>"));

        List<String> requests =
                Files.readAllLines(
                        run(robot, ExportMenu.Kind.REQUESTS_CSV, dir.resolve("r.csv"), null));
        assertEquals(16, requests.size(), "header and 15 requests");
        List<String> crash =
                Files.readAllLines(
                        run(robot, ExportMenu.Kind.CRASH_CSV, dir.resolve("c.csv"), null));
        assertEquals(13, crash.size(), "header and 12 writes");
        String report =
                Files.readString(
                        run(robot, ExportMenu.Kind.ANALYSIS_JSON, dir.resolve("a.json"), null));
        assertTrue(
                report.contains("\"volatile\" : 4"),
                "the crash at the trace's crash event: " + report.substring(0, 300));
        assertTrue(
                Files.readString(
                                run(robot, ExportMenu.Kind.TRACE_JSON, dir.resolve("t.json"), null))
                        .startsWith("{\"format\":\"orderlens-trace\""));
        String html =
                Files.readString(
                        run(
                                robot,
                                ExportMenu.Kind.HTML,
                                dir.resolve("r.html"),
                                new ExportMenu.PictureOptions(false, 1200, 1)));
        assertTrue(
                html.contains("<table id=\"at-risk\">") && html.contains("<svg "),
                "tables and the timeline");
        assertTrue(
                html.contains("--from ") && html.contains("--to "),
                "the current view's range is in the command");
        assertTrue(
                window.statusLabel().getText().startsWith("Exporting r.html"),
                window.statusLabel().getText());

        // without a crash point there are no crash outcomes: the error dialog says so, no file
        // appears
        robot.interact(() -> window.exports().setCrashPoint(a -> null));
        Path none = dir.resolve("none.csv");
        @SuppressWarnings("unchecked")
        Task<Path>[] failing = new Task[1];
        robot.interact(
                () -> failing[0] = window.exports().export(ExportMenu.Kind.CRASH_CSV, none, null));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Window.getWindows().size() > 1);
        String text = robot.lookup(".dialog-pane .content").queryAs(Label.class).getText();
        assertTrue(text.contains("no crash point"), text);
        assertFalse(Files.exists(none));
        robot.interact(
                () ->
                        Window.getWindows().stream()
                                .filter(w -> w != window.stage())
                                .toList()
                                .forEach(w -> ((Stage) w).close()));
    }
}
