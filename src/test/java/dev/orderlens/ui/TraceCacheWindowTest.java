package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.export.TraceFacts;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app and the trace cache: an imported trace is written once its lanes are shown, the second
 * open of the same files reads it back (the same trace), and File → Keep a Trace Cache turned off
 * stops both.
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class TraceCacheWindowTest {
    private static final List<Path> PAIR =
            List.of(
                    Path.of("sample-traces/writeback.guest.blkparse.txt"),
                    Path.of("sample-traces/writeback.qemu.log"));

    private MainWindow window;
    private UserPrefs prefs;
    private Path cacheDir;

    @Start
    void start(Stage stage) throws Exception {
        cacheDir = Files.createTempDirectory("orderlens-cache-window");
        System.clearProperty("orderlens.cache");
        System.setProperty("orderlens.cacheDir", cacheDir.toString());
        prefs = ScratchPrefs.create();
        window = new MainWindow(stage, prefs);
        stage.show();
    }

    @AfterEach
    void restore() throws Exception {
        System.setProperty("orderlens.cache", "off");
        System.clearProperty("orderlens.cacheDir");
        try (Stream<Path> files = Files.list(cacheDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
        }
        Files.delete(cacheDir);
    }

    private Trace open(FxRobot robot, List<Path> files) throws Exception {
        List<TraceLoader.FileSpec> specs = new java.util.ArrayList<>();
        for (Path p : files) {
            specs.add(TraceLoader.FileSpec.of(p));
        }
        robot.interact(() -> window.loadFiles(specs, "pair", null));
        WaitForAsyncUtils.waitFor(
                20, TimeUnit.SECONDS, () -> window.loadingProperty().get() == null);
        WaitForAsyncUtils.waitForFxEvents();
        return window.traceProperty().get();
    }

    private List<Path> entries() throws Exception {
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.filter(p -> p.toString().endsWith(".trace-cache")).toList();
        }
    }

    @Test
    void theSecondOpenReadsTheTraceTheFirstWroteAfterItsLanes(FxRobot robot) throws Exception {
        Trace first = open(robot, PAIR);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> entries().size() == 1);
        Path entry = entries().get(0);
        FileTime old = FileTime.fromMillis(946_684_800_000L); // 2000-01-01: a read touches it
        Files.setLastModifiedTime(entry, old);
        Trace second = open(robot, PAIR);
        assertNotSame(first, second);
        assertEquals(TraceFacts.of(first), TraceFacts.of(second));
        assertTrue(Files.getLastModifiedTime(entry).compareTo(old) > 0, "read from the cache");
        assertEquals(1, entries().size());
    }

    @Test
    void turnedOffTheCacheIsNeitherReadNorWritten(FxRobot robot) throws Exception {
        robot.interact(() -> prefs.traceCache(false));
        open(robot, PAIR);
        Thread.sleep(1000); // a write would start as soon as the lanes are shown
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(), entries());
        robot.interact(() -> prefs.traceCache(true));
        open(robot, List.of(PAIR.get(0)));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> entries().size() == 1);
    }
}
