package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app shell, driven headless: it opens the bundled sample, real files, and reports bad ones.
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class MainWindowTest {
    private MainWindow window;
    private RecentFiles recent;

    @Start
    void start(Stage stage) throws Exception {
        UserPrefs prefs = ScratchPrefs.create();
        recent = prefs.recent();
        window = new MainWindow(stage, prefs);
        stage.show();
    }

    private void waitLoaded() throws Exception {
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> window.loadingProperty().get() == null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void opensTheBundledSampleAndShowsItsSummary(FxRobot robot) throws Exception {
        robot.interact(() -> window.openEmbeddedDefault());
        waitLoaded();
        assertNotNull(window.traceProperty().get());
        assertEquals(15, window.traceProperty().get().requests().size());
        robot.clickOn("Summary"); // a side tab's content enters the scene when first shown
        WaitForAsyncUtils.waitForFxEvents();
        SummaryPane summary = robot.lookup("#summary").queryAs(SummaryPane.class);
        String text = summary.text();
        assertTrue(text.contains("ext4-style journal commit"), text);
        assertTrue(text.contains("Requests: 15"), text);
        assertTrue(text.contains("Guest block layer (guest)"), text);
        assertTrue(text.contains("write 6, flush 2"), text);
        assertTrue(window.stage().getTitle().contains("journal-commit.json"));
        assertTrue(
                window.statusLabel().getText().contains("15 requests"),
                window.statusLabel().getText());
    }

    @Test
    void opensAFileAndRemembersIt(FxRobot robot) throws Exception {
        Path sample = Path.of("sample-traces/journal-commit.json");
        robot.interact(() -> window.open(List.of(sample)));
        waitLoaded();
        assertEquals(15, window.traceProperty().get().requests().size());
        assertEquals(sample.toAbsolutePath().normalize(), recent.list().get(0));
    }

    @Test
    void aBrokenFileShowsAnErrorNamingFileAndLine(FxRobot robot, @TempDir Path dir)
            throws Exception {
        Path bad = dir.resolve("broken.json");
        Files.writeString(bad, "{\"format\": \"orderlens-trace\",\n\"requests\": [}");
        robot.interact(() -> window.open(List.of(bad)));
        waitLoaded();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> Window.getWindows().size() > 1);
        String dialogText = robot.lookup(".dialog-pane .content").queryAs(Label.class).getText();
        assertTrue(dialogText.startsWith(bad + ":2: not valid JSON"), dialogText);
        assertTrue(window.statusLabel().getText().startsWith("Could not open broken.json"));
        assertEquals(
                null, window.traceProperty().get(), "nothing was replaced by the failed import");
        robot.interact(
                () ->
                        Window.getWindows().stream()
                                .filter(w -> w != window.stage())
                                .toList()
                                .forEach(w -> ((Stage) w).close()));
    }
}
