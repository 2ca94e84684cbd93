package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The statistics' worker running out of heap, in the real window (issue 14: a 9.4 M-request trace
 * did this at 4 GB): the Stats tab's "Computing the statistics…" is replaced by one line that says
 * so, with the heap's size and how to get more, and the next trace's statistics are computed as
 * usual. The failure is forced: the worker throws {@link OutOfMemoryError} as the JVM does when an
 * allocation fails, once the tab shows that it is computing.
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class StatsOutOfMemoryTest {
    /** A real capture (sample-traces/README.md). */
    private static final Path GUEST = Path.of("sample-traces/writeback.guest.blkparse.txt");

    /** Opened afterwards: 15 requests (sample-traces/README.md). */
    private static final Path AFTER = Path.of("sample-traces/journal-commit.json");

    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, ScratchPrefs.create());
        stage.show();
    }

    @Test
    void runningOutOfHeapReplacesComputingWithOneLine(FxRobot robot) throws Exception {
        open(robot, GUEST);
        CountDownLatch computingShown = new CountDownLatch(1);
        robot.interact(
                () ->
                        window.stats()
                                .preparer(
                                        (t, progress) -> {
                                            await(computingShown);
                                            throw new OutOfMemoryError("Java heap space");
                                        }));
        robot.interact(window::showStats);
        assertEquals("Computing the statistics…", messageOnFx(robot));
        computingShown.countDown();

        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> !"Computing the statistics…".equals(window.stats().pane().messageText()));
        String line = messageOnFx(robot);
        long heapMib = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        assertEquals(
                "Could not compute the statistics: out of memory (the Java heap holds at most "
                        + heapMib
                        + " MiB); start OrderLens with a larger heap, e.g. ORDERLENS_HEAP=8g"
                        + " orderlens gui",
                line);
        assertNull(window.stats().preparedProperty().get(), "nothing half-computed is shown");

        // the failure does not stick: the next trace's statistics are computed
        robot.interact(() -> window.stats().preparer(StatsPane::prepare));
        open(robot, AFTER);
        WaitForAsyncUtils.waitFor(
                20, TimeUnit.SECONDS, () -> window.stats().preparedProperty().get() != null);
        assertNotNull(window.stats().preparedProperty().get().stats());
        assertEquals(window.timeline().trace(), window.stats().preparedProperty().get().trace());
        assertTrue(
                window.stats().pane().messageText() == null
                        || window.stats().pane().messageText().isEmpty(),
                "no message over the statistics: " + window.stats().pane().messageText());
    }

    private void open(FxRobot robot, Path file) throws Exception {
        robot.interact(() -> window.open(List.of(file)));
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () ->
                        window.loadingProperty().get() == null
                                && window.timeline().trace() != null
                                && window.timeline().model() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String messageOnFx(FxRobot robot) {
        String[] out = new String[1];
        robot.interact(() -> out[0] = window.stats().pane().messageText());
        return out[0];
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
