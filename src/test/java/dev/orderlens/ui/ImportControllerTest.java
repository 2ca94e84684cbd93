package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.export.Session;
import dev.orderlens.importer.ImportInput;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Trace;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Imports that are replaced or cancelled while they run leave nothing behind: the window shows the
 * trace opened last (or keeps the one it had), with its source, title, status and recent entry. The
 * first import reads a real capture through a stream that holds its first read until the test
 * releases it, so the second open or the Cancel click certainly lands while the first runs; after
 * the release the first would parse to a complete trace, which must still not be shown.
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class ImportControllerTest {
    /** The import that is interrupted: a simulator capture with another request count. */
    private static final Path FIRST = Path.of("sample-traces/sim-loop-flush.json");

    /** The trace opened while it runs: 15 requests (sample-traces/README.md). */
    private static final Path SECOND = Path.of("sample-traces/journal-commit.json");

    private MainWindow window;
    private RecentFiles recent;
    private final CountDownLatch reading = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @Start
    void start(Stage stage) {
        UserPrefs prefs = ScratchPrefs.create();
        recent = prefs.recent();
        window = new MainWindow(stage, prefs);
        stage.show();
    }

    @Test
    void openingAnotherTraceWhileOneImportsShowsOnlyTheSecond(FxRobot robot) throws Exception {
        int firstRequests = TraceLoader.load(FIRST).requests().size();
        assertNotEquals(15, firstRequests, "the two traces must be told apart by their size");

        robot.interact(this::startHeldImport);
        assertTrue(reading.await(10, TimeUnit.SECONDS), "the first import is reading");
        Task<Trace> first = window.loadingProperty().get();
        robot.interact(() -> window.open(List.of(SECOND)));
        release.countDown(); // the first may now parse to the end: its result must be dropped
        waitLoaded();

        Worker.State[] firstState = new Worker.State[1];
        robot.interact(() -> firstState[0] = first.getState());
        assertEquals(Worker.State.CANCELLED, firstState[0]);
        Trace shown = window.traceProperty().get();
        assertEquals(15, shown.requests().size());
        for (SourceFile f : shown.sources()) {
            assertTrue(f.path().endsWith("journal-commit.json"), f.path());
        }
        assertEquals(
                List.of(new Session.FileEntry(SECOND.toString(), null, null, null)),
                window.source().files());
        assertTrue(window.stage().getTitle().endsWith("journal-commit.json"));
        String status = window.statusLabel().getText();
        // "journal-commit.json: 15 requests, …", or the window line once the timeline is laid out
        assertTrue(status.contains("15 requests") && !status.contains("cancel"), status);
        assertEquals(SECOND.toAbsolutePath().normalize(), recent.list().get(0));
        assertFalse(recent.list().contains(FIRST.toAbsolutePath().normalize()));
        assertNull(window.lastError());
    }

    @Test
    void cancelKeepsTheTraceOnScreenAndTheNextOpenWorks(FxRobot robot) throws Exception {
        robot.interact(() -> window.openEmbeddedDefault());
        waitLoaded();
        Trace before = window.traceProperty().get();
        Session.Source beforeSource = window.source();

        robot.interact(this::startHeldImport);
        assertTrue(reading.await(10, TimeUnit.SECONDS), "the first import is reading");
        robot.interact(() -> robot.lookup("#import-cancel").queryAs(Button.class).fire());
        release.countDown();
        waitLoaded();

        assertSame(before, window.traceProperty().get());
        assertSame(beforeSource, window.source());
        assertEquals("Opening sim-loop-flush.json cancelled", window.statusLabel().getText());
        assertFalse(recent.list().contains(FIRST.toAbsolutePath().normalize()));
        assertNull(window.lastError());

        robot.interact(() -> window.open(List.of(SECOND)));
        waitLoaded();
        assertEquals(SECOND.toAbsolutePath().normalize(), recent.list().get(0));
        assertEquals(
                List.of(new Session.FileEntry(SECOND.toString(), null, null, null)),
                window.source().files());
    }

    private void startHeldImport() {
        try {
            window.loadFiles(
                    List.of(new TraceLoader.FileSpec(held(FIRST), null, null, null)),
                    FIRST.getFileName().toString(),
                    Session.Source.ofFiles(
                            List.of(new Session.FileEntry(FIRST.toString(), null, null, null))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file's bytes behind streams whose first read waits for {@link #release}. */
    private ImportInput held(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return new ImportInput(
                file.toString(),
                () ->
                        new FilterInputStream(new ByteArrayInputStream(bytes)) {
                            private boolean held;

                            @Override
                            public int read() throws IOException {
                                hold();
                                return super.read();
                            }

                            @Override
                            public int read(byte[] b, int off, int len) throws IOException {
                                hold();
                                return super.read(b, off, len);
                            }

                            private void hold() {
                                if (!held) {
                                    held = true;
                                    reading.countDown();
                                    awaitIgnoringInterrupts(release);
                                }
                            }
                        },
                bytes.length);
    }

    /** Cancel interrupts the import thread; the held read still waits for the test's release. */
    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitLoaded() throws Exception {
        WaitForAsyncUtils.waitFor(
                20, TimeUnit.SECONDS, () -> window.loadingProperty().get() == null);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
