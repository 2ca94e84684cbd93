package dev.orderlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.layout.Palette;
import dev.orderlens.layout.SectorPlot;
import dev.orderlens.layout.SectorPlotRenderer;
import dev.orderlens.model.Op;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Sectors tab follows the lanes' window and the crash marker, and its canvas shows the frame's
 * cells (issue 13, "iowatcher's views").
 */
@ExtendWith({ApplicationExtension.class, ScratchPrefs.class})
class SectorPlotWindowTest {
    private static final Path SAMPLE = Path.of("sample-traces/journal-commit.json");

    private MainWindow window;
    private TimelineViewModel vm;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, ScratchPrefs.create());
        vm = window.timeline();
        stage.show();
    }

    @Test
    void theTabFollowsTheWindowAndTheCrashPointAndDrawsItsCells(FxRobot robot) throws Exception {
        robot.interact(() -> window.open(List.of(SAMPLE)));
        WaitForAsyncUtils.waitFor(
                30,
                TimeUnit.SECONDS,
                () -> vm.model() != null && window.explorer().crash().analysis() != null);
        robot.interact(() -> window.lanes().canvas().requestFocus());
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P)
                .release(KeyCode.P, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> window.sectors().frame() != null);
        assertSame(window.sectors().tab(), window.selectedSideTab());

        // the lanes' window, 0-500 µs: the frame bins exactly that
        robot.interact(() -> vm.goTo(0, 500_000));
        WaitForAsyncUtils.waitForFxEvents();
        SectorPlot.Frame f = window.sectors().frame();
        assertEquals(0, f.startNs());
        assertEquals(500_000, f.endNs());
        assertEquals(2, f.lanes().size(), "guest vda and device sda");

        // the canvas shows each cell with a write in the write colour (journal-commit.json: the
        // guest's write 1 at 0 ns, sector 1000, is column 0 at the bottom row)
        WritableImage shot =
                WaitForAsyncUtils.asyncFx(() -> window.sectors().canvas().snapshot(null, null))
                        .get();
        SectorPlot.LaneFrame guest = f.lanes().get(0);
        int bottom = f.rows() - 1;
        assertEquals(1, guest.writes(0, bottom));
        int x = (int) SectorPlotRenderer.GUTTER;
        int y = (int) SectorPlotRenderer.plotTop(f, 0) + bottom;
        assertEquals(
                Integer.toHexString(Palette.op(Op.WRITE)),
                Integer.toHexString(shot.getPixelReader().getArgb(x, y)));

        // a crash point draws its line across the plot
        Trace t = vm.trace();
        robot.interact(() -> window.explorer().crash().setPoint(CrashPoint.powerLoss(250_000)));
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> window.explorer().crash().overlayProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(t);
        WritableImage after =
                WaitForAsyncUtils.asyncFx(() -> window.sectors().canvas().snapshot(null, null))
                        .get();
        int crashX = (int) Math.floor(SectorPlotRenderer.GUTTER + 0.5 * f.columns());
        assertEquals(
                Integer.toHexString(Palette.LIGHT.crashMarker()),
                Integer.toHexString(after.getPixelReader().getArgb(crashX, y - 20)));
    }
}
