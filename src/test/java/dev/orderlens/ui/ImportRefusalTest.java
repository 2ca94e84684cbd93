package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.export.Session;
import dev.orderlens.importer.ImportInput;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.layout.LaneLayout;
import dev.orderlens.layout.RenderSpec;
import dev.orderlens.model.Trace;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app's import-task refusal path (issue 17, item 10; docs/adr/0250): an import that runs out of
 * Java heap is refused with one line naming the file and how far it got, the trace on screen stays
 * (its lanes, title and crash pane), and the next open works. The heap running out is an {@link
 * OutOfMemoryError} thrown by the refused file's stream after its first 128 KiB, on the import
 * task's thread, as the JVM throws it when an allocation fails while the importer reads.
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class ImportRefusalTest {
    /**
     * What is on screen before: a guest and a host capture of one run (sample-traces/README.md).
     */
    private static final Path GUEST = Path.of("sample-traces/writeback.guest.blkparse.txt");

    private static final Path QEMU = Path.of("sample-traces/writeback.qemu.log");

    /** Opened afterwards: 15 requests (sample-traces/README.md). */
    private static final Path AFTER = Path.of("sample-traces/journal-commit.json");

    /** The refused file's stream gives this many bytes, then the heap "runs out". */
    private static final int GIVEN = 128 * 1024;

    private MainWindow window;
    private TimelineViewModel vm;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, ScratchPrefs.create());
        vm = window.timeline();
        stage.show();
    }

    /**
     * Each text format the app imports in its own way (the blkparse pipeline reads ahead on a
     * thread of its own). The sizes are the files' (ls -l): 314,007 bytes is 306.6 KiB, 282,157
     * bytes 275.5 KiB; the stream stops at 131,072 bytes = 128.0 KiB, both files being larger.
     */
    @ParameterizedTest
    @CsvSource({
        "sample-traces/dmthin-enospc.qemu.log, 306.6 KiB",
        "sample-traces/dmthin-enospc.guest.blkparse.txt, 275.5 KiB"
    })
    void aTraceTooBigForTheHeapIsRefusedInOneLineAndThePreviousOneStays(
            String refusedFile, String size, FxRobot robot) throws Exception {
        List<TraceLoader.FileSpec> pair =
                List.of(
                        new TraceLoader.FileSpec(TraceLoader.open(GUEST), null, "guest", 0.0),
                        new TraceLoader.FileSpec(TraceLoader.open(QEMU), null, null, null));
        Session.Source from =
                Session.Source.ofFiles(
                        List.of(
                                new Session.FileEntry(GUEST.toString(), null, "guest", 0.0),
                                new Session.FileEntry(QEMU.toString(), null, null, null)));
        robot.interact(() -> window.loadFiles(pair, "writeback pair", from));
        waitReady();
        CrashViewModel crash = window.explorer().crash();
        robot.interact(() -> crash.setTime(crash.analysis().trace().startNs() + 50_000_000L));
        waitCrashDetails();
        WaitForAsyncUtils.waitFor(
                60,
                TimeUnit.SECONDS,
                () ->
                        window.lanes().paintedSpec() != null
                                && window.lanes().paintedSpec().layout() == vm.layout());
        Trace before = vm.trace();
        LaneLayout layout = vm.layout();
        String title = window.stage().getTitle();
        CrashPoint point = crash.point();
        CrashPane.Details details = window.explorer().pane().detailsProperty().get();
        assertTrue(
                before.lanes().size() >= 2, "lanes of the guest and the host: " + before.lanes());

        Path refused = Path.of(refusedFile);
        robot.interact(() -> loadRunningOutOfHeap(refused));
        WaitForAsyncUtils.waitFor(
                30, TimeUnit.SECONDS, () -> window.loadingProperty().get() == null);
        WaitForAsyncUtils.waitForFxEvents();

        String error = window.lastError();
        assertNotNull(error, "the refusal is shown");
        assertFalse(error.contains("\n"), "one line: " + error);
        String name = refused.getFileName().toString();
        assertTrue(
                error.startsWith("Could not open " + name + ": " + refused + ": too big for"),
                "names the file: " + error);
        assertTrue(
                error.contains("after reading 128.0 KiB of " + size),
                "says how far it got: " + error);
        assertTrue(error.contains("ORDERLENS_HEAP="), "says how to raise the limit: " + error);
        assertFalse(error.contains("OutOfMemoryError"), "no internal error: " + error);

        assertSame(before, vm.trace(), "the previous trace stays");
        assertSame(before, window.traceProperty().get());
        assertSame(layout, vm.layout(), "its lanes stay");
        RenderSpec painted = window.lanes().paintedSpec();
        assertSame(layout, painted == null ? null : painted.layout(), "and stay painted");
        assertEquals(title, window.stage().getTitle());
        assertTrue(title.endsWith("writeback pair"), title);
        assertEquals(point, crash.point(), "the crash point stays");
        assertSame(before, crash.analysis().trace());
        assertSame(details, window.explorer().pane().detailsProperty().get());

        robot.interact(() -> window.open(List.of(AFTER)));
        waitReady();
        assertEquals(15, vm.trace().requests().size());
        assertTrue(window.stage().getTitle().endsWith("journal-commit.json"));
        assertSame(vm.trace(), crash.analysis().trace(), "the crash pane follows the new trace");
        assertTrue(
                window.statusLabel().getText().contains("15 requests"),
                window.statusLabel().getText());
    }

    /** Opens {@code file} through the window's import task; its stream runs out of heap. */
    private void loadRunningOutOfHeap(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            assertTrue(bytes.length > GIVEN, "the file is larger than what is given");
            ImportInput in =
                    new ImportInput(file.toString(), () -> outOfHeapAfter(bytes), bytes.length);
            window.loadFiles(
                    List.of(new TraceLoader.FileSpec(in, null, null, null)),
                    file.getFileName().toString(),
                    Session.Source.ofFiles(
                            List.of(new Session.FileEntry(file.toString(), null, null, null))));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first {@link #GIVEN} bytes, then an {@link OutOfMemoryError} on the next read. */
    private static InputStream outOfHeapAfter(byte[] bytes) {
        return new ByteArrayInputStream(bytes, 0, GIVEN) {
            @Override
            public synchronized int read() {
                int b = super.read();
                if (b < 0) {
                    throw new OutOfMemoryError("Java heap space");
                }
                return b;
            }

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                if (n < 0 || (n == 0 && len > 0)) {
                    throw new OutOfMemoryError("Java heap space");
                }
                return n;
            }
        };
    }

    private void waitReady() throws Exception {
        WaitForAsyncUtils.waitFor(
                60, TimeUnit.SECONDS, () -> window.loadingProperty().get() == null);
        WaitForAsyncUtils.waitFor(
                60,
                TimeUnit.SECONDS,
                () ->
                        vm.model() != null
                                && !vm.busyProperty().get()
                                && window.explorer().crash().analysis() != null
                                && window.explorer().crash().analysis().trace() == vm.trace());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void waitCrashDetails() throws Exception {
        CrashViewModel crash = window.explorer().crash();
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () ->
                        window.explorer().pane().detailsProperty().get() != null
                                && window.explorer()
                                        .pane()
                                        .detailsProperty()
                                        .get()
                                        .report()
                                        .point()
                                        .equals(crash.point()));
        WaitForAsyncUtils.waitForFxEvents();
    }
}
