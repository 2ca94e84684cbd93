package dev.orderlens.export;

import dev.orderlens.layout.SectorPlot;
import dev.orderlens.layout.SectorPlotRenderer;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The sector plot with its throughput and IOPS tracks as a PNG or SVG, drawn by {@link
 * SectorPlotRenderer} as on screen, for the time window and width of a timeline picture ({@link
 * TimelinePicture.View}: the same range, theme and crash point as the timeline export).
 */
public final class SectorPlotPicture {
    /** Plot rows per lane in a picture. */
    public static final int ROWS = 160;

    private SectorPlotPicture() {}

    /** The frame a picture of {@code v}'s window and width shows. */
    public static SectorPlot.Frame frame(Trace t, TimelinePicture.View v) {
        int columns = (int) Math.max(1, Math.floor(v.width() - SectorPlotRenderer.GUTTER));
        return SectorPlot.of(t).frame(v.startNs(), v.endNs(), columns, ROWS);
    }

    private static long crash(TimelinePicture.View v) {
        return v.crash() == null ? Time.NONE : v.crash().timeNs();
    }

    public static BufferedImage image(Trace t, TimelinePicture.View v, double scale) {
        if (!(scale >= 0.25 && scale <= 8)) {
            throw new IllegalArgumentException("scale " + scale + ": expected 0.25 to 8");
        }
        SectorPlot.Frame f = frame(t, v);
        if (f.lanes().isEmpty()) {
            throw new IllegalArgumentException("the trace has no reads or writes to plot");
        }
        int w = (int) Math.round((SectorPlotRenderer.GUTTER + f.columns()) * scale);
        int h = (int) Math.ceil(SectorPlotRenderer.height(f) * scale);
        if ((long) w * h > TimelinePicture.MAX_PIXELS) {
            throw new IllegalArgumentException(
                    "a " + w + " × " + h + " px image is too large: use a smaller width or scale");
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            SectorPlotRenderer.paint(new Java2dPainter(g, scale), f, v.palette(), crash(v));
        } finally {
            g.dispose();
        }
        return img;
    }

    public static void writePng(Trace t, TimelinePicture.View v, double scale, Path target)
            throws IOException {
        BufferedImage img = image(t, v, scale); // before the file is touched
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(1 << 16);
        ImageIO.setUseCache(false);
        if (!ImageIO.write(img, "png", buf)) {
            throw new IOException("no PNG writer in this Java runtime");
        }
        AtomicFiles.write(target, buf::writeTo);
    }

    public static String svg(Trace t, TimelinePicture.View v) {
        SectorPlot.Frame f = frame(t, v);
        if (f.lanes().isEmpty()) {
            throw new IllegalArgumentException("the trace has no reads or writes to plot");
        }
        SvgPainter svg =
                new SvgPainter(
                        SectorPlotRenderer.GUTTER + f.columns(), SectorPlotRenderer.height(f));
        SectorPlotRenderer.paint(svg, f, v.palette(), crash(v));
        return svg.document(v.title() == null ? "sector plot" : v.title() + " — sector plot");
    }

    public static void writeSvg(Trace t, TimelinePicture.View v, Path target) throws IOException {
        byte[] bytes = svg(t, v).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(target, out -> out.write(bytes));
    }
}
