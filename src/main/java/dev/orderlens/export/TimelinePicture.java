package dev.orderlens.export;

import dev.orderlens.layout.CrashOverlay;
import dev.orderlens.layout.Highlight;
import dev.orderlens.layout.LaneLayout;
import dev.orderlens.layout.Legend;
import dev.orderlens.layout.Painter;
import dev.orderlens.layout.Palette;
import dev.orderlens.layout.RenderSpec;
import dev.orderlens.layout.TimeScale;
import dev.orderlens.layout.TimelineRenderer;
import dev.orderlens.layout.Viewport;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The timeline as a picture: an optional title bar, the lanes exactly as {@link TimelineRenderer}
 * draws them on screen (every lane, not only those scrolled into view) and the {@link Legend} under
 * them, painted through any {@link Painter} — Java2D for PNG, {@link SvgPainter} for SVG.
 */
public final class TimelinePicture {
    /** PNGs larger than this many pixels are refused (an ARGB image takes 4 bytes a pixel). */
    public static final long MAX_PIXELS = 100_000_000L;

    static final double TITLE_HEIGHT = 28;

    private TimelinePicture() {}

    /**
     * What to draw.
     *
     * @param layout lanes and rows (under the view's filter and collapsed lanes)
     * @param startNs first time shown
     * @param endNs end of the time window
     * @param width picture width in layout pixels (the gutter included)
     * @param palette light or dark
     * @param epochNs wall-clock of the trace's zero for absolute ruler labels, or {@link Time#NONE}
     * @param selected selected request row, or -1
     * @param crash the crash point and write states, or null
     * @param title the title bar's text, or null for none
     * @param highlight highlighted requests (a latency bucket's), or null
     */
    public record View(
            LaneLayout layout,
            long startNs,
            long endNs,
            double width,
            Palette palette,
            long epochNs,
            int selected,
            CrashOverlay crash,
            String title,
            Highlight highlight) {
        /** A picture without highlighted requests. */
        public View(
                LaneLayout layout,
                long startNs,
                long endNs,
                double width,
                Palette palette,
                long epochNs,
                int selected,
                CrashOverlay crash,
                String title) {
            this(layout, startNs, endNs, width, palette, epochNs, selected, crash, title, null);
        }

        public View {
            if (!(endNs > startNs)) {
                throw new IllegalArgumentException(
                        "empty time window: " + startNs + " .. " + endNs + " ns");
            }
            if (!(width > layout.metrics().gutterWidth() + 40)) {
                throw new IllegalArgumentException(
                        "width " + width + " leaves no room for the lanes");
            }
        }

        double timelineHeight() {
            return layout.metrics().rulerHeight() + layout.contentHeight();
        }

        double titleHeight() {
            return title == null ? 0 : TITLE_HEIGHT;
        }

        RenderSpec spec() {
            return new RenderSpec(
                    layout,
                    new Viewport(startNs, endNs, width, timelineHeight(), 0),
                    palette,
                    epochNs,
                    selected,
                    crash,
                    highlight);
        }

        double legendHeight(Painter measure) {
            return Legend.height(measure, width, legendExtras());
        }

        Legend.Extras legendExtras() {
            return new Legend.Extras(crash, highlight, layout.depthTracks() != null);
        }
    }

    /** The window the app's "fit" shows: the whole trace and 2% either side. */
    public static long[] wholeTrace(Trace t) {
        long start = t.startNs();
        long end = Math.max(t.endNs(), start + 20);
        long pad = Math.max(1, (end - start) / 50);
        return new long[] {TimeScale.saturatedSub(start, pad), TimeScale.saturatedAdd(end, pad)};
    }

    /** The picture's height in layout pixels. */
    public static double height(View v, Painter measure) {
        return Math.ceil(v.titleHeight() + v.timelineHeight() + v.legendHeight(measure));
    }

    /** Paints the whole picture from (0, 0). */
    public static void paint(Painter p, View v) {
        double h = height(v, p);
        p.fillRect(0, 0, v.width(), h, v.palette().background());
        double y = 0;
        if (v.title() != null) {
            Palette pal = v.palette();
            p.fillRect(0, 0, v.width(), TITLE_HEIGHT, pal.header());
            String range =
                    Time.formatSeconds(v.startNs())
                            + " – "
                            + Time.formatSeconds(v.endNs())
                            + " s ("
                            + Time.formatDuration(v.endNs() - v.startNs())
                            + ")";
            double rangeW = p.textWidth(range, Painter.Font.SMALL);
            p.text(
                    range,
                    v.width() - 10,
                    18,
                    Painter.Font.SMALL,
                    pal.textDim(),
                    Painter.Align.RIGHT);
            p.textElided(
                    v.title(),
                    10,
                    18,
                    v.width() - rangeW - 40,
                    Painter.Font.BOLD,
                    pal.text(),
                    Painter.Align.LEFT);
            y = TITLE_HEIGHT;
        }
        Painter shifted = Shifted.by(p, y);
        shifted.pushClip(0, 0, v.width(), v.timelineHeight());
        TimelineRenderer.paint(shifted, v.spec());
        shifted.popClip();
        y += v.timelineHeight();
        p.fillRect(0, y, v.width(), 1, v.palette().grid());
        Legend.paint(p, 0, y + 1, v.width(), v.palette(), v.legendExtras());
    }

    /** The picture as an image {@code scale} times the layout's size (2 for HiDPI). */
    public static BufferedImage image(View v, double scale) {
        if (!(scale >= 0.25 && scale <= 8)) {
            throw new IllegalArgumentException("scale " + scale + ": expected 0.25 to 8");
        }
        int w = (int) Math.round(v.width() * scale);
        int h = (int) Math.ceil(height(v, Measure.INSTANCE) * scale);
        if ((long) w * h > MAX_PIXELS) {
            throw new IllegalArgumentException(
                    String.format(
                            java.util.Locale.ROOT,
                            "a %d × %d px image is too large (more than %,d pixels): use a smaller width or scale, a shorter"
                                    + " time range, or collapse lanes",
                            w,
                            h,
                            MAX_PIXELS));
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            paint(new Java2dPainter(g, scale), v);
        } finally {
            g.dispose();
        }
        return img;
    }

    public static void writePng(View v, double scale, OutputStream out) throws IOException {
        BufferedImage img = image(v, scale);
        encodePng(img, out);
    }

    /**
     * PNG bytes into memory first, then to {@code out}: ImageIO's own disk cache (a temporary file
     * behind its stream) turned a full disk into a second stack trace from its cache stream, and an
     * export must fail with one message about the file it writes.
     */
    private static void encodePng(BufferedImage img, OutputStream out) throws IOException {
        ImageIO.setUseCache(false);
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(1 << 16);
        if (!ImageIO.write(img, "png", buf)) {
            throw new IOException("no PNG writer in this Java runtime");
        }
        buf.writeTo(out);
    }

    public static void writePng(View v, double scale, Path target) throws IOException {
        BufferedImage img =
                image(v, scale); // before the file is touched: a failure leaves it alone
        AtomicFiles.write(target, out -> encodePng(img, out));
    }

    /** The picture as an SVG {@code <svg>} element (for embedding). */
    public static String svgElement(View v) {
        SvgPainter svg = new SvgPainter(v.width(), height(v, Measure.INSTANCE));
        paint(svg, v);
        return svg.element(v.title());
    }

    /**
     * The picture as an HTML {@code <img>} element holding a PNG (a data URI, so the page stays one
     * file): for a timeline whose SVG would be megabytes of elements.
     */
    public static String imgElement(View v) {
        BufferedImage img = image(v, 1);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream(1 << 16);
        try {
            encodePng(img, png);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // into memory: no I/O can fail
        }
        StringBuilder h = new StringBuilder(png.size() * 4 / 3 + 256);
        h.append("<img alt=\"");
        SvgPainter.escape(v.title() == null ? "timeline" : v.title(), h);
        h.append("\" width=\"")
                .append(img.getWidth())
                .append("\" height=\"")
                .append(img.getHeight())
                .append(
                        "\" style=\"display:block;max-width:100%;height:auto\" src=\"data:image/png;base64,")
                .append(java.util.Base64.getEncoder().encodeToString(png.toByteArray()))
                .append("\"/>");
        return h.toString();
    }

    public static void writeSvg(View v, Path target) throws IOException {
        SvgPainter svg = new SvgPainter(v.width(), height(v, Measure.INSTANCE));
        paint(svg, v);
        byte[] bytes = svg.document(v.title()).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(target, out -> out.write(bytes));
    }

    /** Measures like the exports draw, draws nothing (for sizes). */
    private static final class Measure implements Painter {
        static final Measure INSTANCE = new Measure();

        @Override
        public void fillRect(double x, double y, double w, double h, int argb) {}

        @Override
        public void strokeRect(
                double x, double y, double w, double h, int argb, double lineWidth, Stroke style) {}

        @Override
        public void line(
                double x1,
                double y1,
                double x2,
                double y2,
                int argb,
                double lineWidth,
                Stroke style) {}

        @Override
        public void fillPolygon(double[] xs, double[] ys, int n, int argb) {}

        @Override
        public void text(String s, double x, double y, Font font, int argb, Align align) {}

        @Override
        public double textWidth(String s, Font font) {
            return Java2dPainter.MEASURE.width(s, font);
        }

        @Override
        public void pushClip(double x, double y, double w, double h) {}

        @Override
        public void popClip() {}
    }

    /**
     * Draws through another painter moved down by {@code dy} (the timeline under the title bar).
     */
    private record Shifted(Painter p, double dy) implements Painter {
        static Painter by(Painter p, double dy) {
            return dy == 0 ? p : new Shifted(p, dy);
        }

        @Override
        public void fillRect(double x, double y, double w, double h, int argb) {
            p.fillRect(x, y + dy, w, h, argb);
        }

        @Override
        public void strokeRect(
                double x, double y, double w, double h, int argb, double lineWidth, Stroke style) {
            p.strokeRect(x, y + dy, w, h, argb, lineWidth, style);
        }

        @Override
        public void line(
                double x1,
                double y1,
                double x2,
                double y2,
                int argb,
                double lineWidth,
                Stroke style) {
            p.line(x1, y1 + dy, x2, y2 + dy, argb, lineWidth, style);
        }

        @Override
        public void fillPolygon(double[] xs, double[] ys, int n, int argb) {
            double[] moved = new double[n];
            for (int i = 0; i < n; i++) {
                moved[i] = ys[i] + dy;
            }
            p.fillPolygon(xs, moved, n, argb);
        }

        @Override
        public void text(String s, double x, double y, Font font, int argb, Align align) {
            p.text(s, x, y + dy, font, argb, align);
        }

        @Override
        public double textWidth(String s, Font font) {
            return p.textWidth(s, font);
        }

        @Override
        public void pushClip(double x, double y, double w, double h) {
            p.pushClip(x, y + dy, w, h);
        }

        @Override
        public void popClip() {
            p.popClip();
        }
    }
}
