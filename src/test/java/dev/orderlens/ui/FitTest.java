package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.export.Session;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.layout.FitSpan;
import dev.orderlens.model.Time;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Fit on a real guest + QEMU pair (issue 13, defect 6): the view fits the guest's I/O, not QEMU's
 * boot reads seconds before it; the status bar says what was left out; Shift+F shows everything.
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class FitTest {
    private static final Path GUEST = Path.of("sample-traces/writeback.guest.blkparse.txt");
    private static final Path QEMU = Path.of("sample-traces/writeback.qemu.log");

    private MainWindow window;
    private TimelineViewModel vm;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, ScratchPrefs.create());
        vm = window.timeline();
        stage.show();
    }

    @Test
    void fitShowsTheGuestsIoNotQemusBootReads(FxRobot robot) throws Exception {
        robot.interact(
                () -> {
                    try {
                        window.loadFiles(
                                List.of(
                                        TraceLoader.FileSpec.of(GUEST),
                                        TraceLoader.FileSpec.of(QEMU)),
                                "writeback pair",
                                Session.Source.ofFiles(
                                        List.of(
                                                new Session.FileEntry(
                                                        GUEST.toString(), null, null, null),
                                                new Session.FileEntry(
                                                        QEMU.toString(), null, null, null))));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
        WaitForAsyncUtils.waitFor(
                30,
                TimeUnit.SECONDS,
                () ->
                        window.loadingProperty().get() == null
                                && vm.model() != null
                                && vm.fitSpanProperty().get() != null
                                && !vm.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();

        // The guest file is the clock reference: its first request is queued at 0.000000000 (line
        // 1, "Q WS 81920 + 8") and its last completes at 0.219823350 (line 300, "C WSM 0").
        long guestFirst = 0;
        long guestLast = 219_823_350;
        // QEMU's log reads the disk at boot: blk_co_preadv on line 1 (a host read alone), then
        // virtio_blk_handle_read on lines 10, 26, 38 and 50, each with its blk_co_preadv: 4 virtio
        // + 5 host reads. The first guest write reaches QEMU on line 62 (93.531107 s on QEMU's
        // clock); the latest boot read, line 50, is at 91.095056 s, 2.436 s earlier.
        int bootReads = 9;
        long latestBootRead = -2_436_000_000L;
        int total = vm.trace().requests().size();

        TimelineViewModel.Window w = vm.window();
        assertTrue(w.contains(guestFirst) && w.contains(guestLast), "every guest request: " + w);
        assertTrue(w.start() > latestBootRead, "no boot read: " + w);
        assertTrue(
                (guestLast - guestFirst) > w.span() / 2,
                "the guest's I/O takes most of the width: " + w);
        FitSpan fit = vm.fitSpanProperty().get();
        assertEquals(total - bootReads, fit.covered(), "all but the boot reads are inside");
        String status = window.statusLabel().getText();
        int percent = (int) (100L * (total - bootReads) / total);
        assertTrue(
                status.contains(
                        "Fit: "
                                + percent
                                + " % of requests ("
                                + (total - bootReads)
                                + " of "
                                + total),
                status);
        assertTrue(status.contains("Fit All (Shift+F) shows everything"), status);

        // Shift+F: the whole trace, QEMU's first boot read (line 1) included
        robot.clickOn("#timeline-canvas", MouseButton.MIDDLE);
        robot.push(new KeyCodeCombination(KeyCode.F, KeyCodeCombination.SHIFT_DOWN));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.window().contains(vm.trace().startNs()), "Fit All: " + vm.window());
        assertTrue(vm.trace().startNs() < -8 * 1_000_000_000L, "precondition: boot at -8 s");
        assertTrue(
                !window.statusLabel().getText().contains("Fit:"),
                "no fit note when the view is not the fitted one: "
                        + window.statusLabel().getText());
        // F: back to the dense span
        robot.type(KeyCode.F);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(w, vm.window());
        assertNotNull(vm.fitNote());
        assertTrue(Time.isSet(fit.startNs()));
    }
}
