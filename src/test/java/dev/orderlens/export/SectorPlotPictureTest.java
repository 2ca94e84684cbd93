package dev.orderlens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.layout.Palette;
import dev.orderlens.layout.SectorPlot;
import dev.orderlens.layout.SectorPlotRenderer;
import dev.orderlens.model.Op;
import dev.orderlens.model.Time;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The sector plot drawn through the Painter into Java2D and SVG: every binned cell shows in its
 * colour and no other, flush columns and the crash line are where the frame says.
 */
class SectorPlotPictureTest {
    @TempDir Path dir;

    private final ExportFixtures f = new ExportFixtures();

    @Test
    void everyCellOfTheFrameIsDrawnInItsColourAndNothingElse() {
        TimelinePicture.View v = f.view(900, Palette.LIGHT, "t");
        BufferedImage img = SectorPlotPicture.image(f.trace, v, 1);
        SectorPlot.Frame frame = SectorPlotPicture.frame(f.trace, v);
        assertEquals(SectorPlotRenderer.GUTTER + frame.columns(), img.getWidth());
        int write = Palette.op(Op.WRITE);
        int flush = Palette.op(Op.FLUSH);
        int empty = Palette.LIGHT.laneStripe();
        long crashX =
                Math.round(
                        Math.floor(
                                SectorPlotRenderer.GUTTER
                                        + (double) (v.crash().timeNs() - frame.startNs())
                                                / (frame.endNs() - frame.startNs())
                                                * frame.columns()));
        int written = 0;
        int flushes = 0;
        for (int i = 0; i < frame.lanes().size(); i++) {
            SectorPlot.LaneFrame l = frame.lanes().get(i);
            int top = (int) SectorPlotRenderer.plotTop(frame, i);
            for (int c = 0; c < frame.columns(); c++) {
                int x = (int) SectorPlotRenderer.GUTTER + c;
                if (Math.abs(x - crashX) <= 1) {
                    continue; // the crash line crosses everything
                }
                flushes += l.flush(c) ? 1 : 0;
                for (int y = 0; y < frame.rows(); y++) {
                    int expected = l.writes(c, y) > 0 ? write : l.flush(c) ? flush : empty;
                    written += l.writes(c, y) > 0 ? 1 : 0;
                    assertEquals(
                            Integer.toHexString(expected),
                            Integer.toHexString(img.getRGB(x, top + y)),
                            l.range().label() + " column " + c + " row " + y);
                }
            }
        }
        // journal-commit.json lines 6-19: 12 writes of 8 sectors, each one cell here (a row is
        // 4016 / 160 = 25 sectors, a column ~720 ns, no two submits share one); the device's
        // write 16 is submitted at 300 µs, under the crash line, and skipped above. Flushes: guest
        // 5 (PREFLUSH) and 7, device 15 and 18, in four different columns.
        assertEquals(11, written);
        assertEquals(4, flushes);
        int crash = img.getRGB((int) crashX, (int) SectorPlotRenderer.plotTop(frame, 0) + 3);
        assertEquals(Integer.toHexString(Palette.LIGHT.crashMarker()), Integer.toHexString(crash));
    }

    @Test
    void theExportKindsWritePngAndWellFormedSvg() throws Exception {
        TimelinePicture.View v = f.view(700, Palette.DARK, "journal");
        ExportKind.Context c =
                new ExportKind.Context(
                        f.trace, f.findings, null, v, 2, Time.NONE, Time.NONE, "t", null);
        Path png = dir.resolve("s.png");
        Path svg = dir.resolve("s.svg");
        ExportKind.SECTOR_PNG.write(c, png, dev.orderlens.model.Progress.NONE);
        ExportKind.SECTOR_SVG.write(c, svg, dev.orderlens.model.Progress.NONE);
        BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(700 * 2, img.getWidth(), "scale 2 doubles the picture");
        Document d = ExportFixtures.xml(Files.readString(svg));
        List<String> texts =
                ExportFixtures.elements(d, "text").stream().map(e -> e.getTextContent()).toList();
        assertTrue(texts.stream().anyMatch(s -> s.startsWith("guest vda")), texts.toString());
        assertTrue(texts.stream().anyMatch(s -> s.startsWith("IOPS (max")), texts.toString());
    }
}
