package dev.orderlens.export;

import dev.orderlens.layout.Painter;
import dev.orderlens.layout.TextMeasure;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The layout's {@link Painter} on a Java2D {@link Graphics2D} (a {@link BufferedImage} for PNG):
 * antialiased shapes and text, coordinates in layout pixels multiplied by a scale factor for HiDPI
 * output. Needs no display ({@code java.awt.headless=true} is enough).
 */
public final class Java2dPainter implements Painter {
    /**
     * The logical font every Java2D and SVG export uses; it resolves to the system's sans-serif.
     */
    static final String FAMILY = java.awt.Font.SANS_SERIF;

    /** Text is measured as it is drawn: antialiased, with fractional advances, no transform. */
    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    private static final Map<Painter.Font, java.awt.Font> FONTS = new ConcurrentHashMap<>();

    /** Text widths of the export font; thread-safe. */
    public static final TextMeasure MEASURE =
            (s, font) -> s.isEmpty() ? 0 : awtFont(font).getStringBounds(s, FRC).getWidth();

    // the canvas painter's dash patterns, so exports dash like the screen
    private static final float[] DASHED = {7, 4};
    private static final float[] DOTTED = {2, 2};

    private final Graphics2D g;
    private final Deque<Shape> clips = new ArrayDeque<>();
    private final Map<Integer, Color> colours = new HashMap<>();

    /** Draws on {@code g}, scaled by {@code scale} (2 for a HiDPI image of the same layout). */
    public Java2dPainter(Graphics2D g, double scale) {
        this.g = g;
        g.scale(scale, scale);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(
                RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    }

    static java.awt.Font awtFont(Painter.Font f) {
        return FONTS.computeIfAbsent(
                f,
                k ->
                        new java.awt.Font(
                                        k.mono() ? java.awt.Font.MONOSPACED : FAMILY,
                                        k.bold() ? java.awt.Font.BOLD : java.awt.Font.PLAIN,
                                        1)
                                .deriveFont((float) k.size()));
    }

    /** The family the export font resolves to on this machine ("DejaVu Sans"), for SVG viewers. */
    static String resolvedFamily(Painter.Font f) {
        return awtFont(f).getFamily();
    }

    private Color colour(int argb) {
        return colours.computeIfAbsent(argb, c -> new Color(c, true));
    }

    private static BasicStroke stroke(double width, Stroke style) {
        float[] dash = style == Stroke.DASHED ? DASHED : style == Stroke.DOTTED ? DOTTED : null;
        return new BasicStroke(
                (float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, dash, 0);
    }

    @Override
    public void fillRect(double x, double y, double w, double h, int argb) {
        if (w <= 0 || h <= 0) {
            return;
        }
        g.setColor(colour(argb));
        g.fill(new Rectangle2D.Double(x, y, w, h));
    }

    /** One image: scaled by the picture's scale without smoothing, so a cell stays a cell. */
    @Override
    public void pixels(double x, double y, int w, int h, int[] argb) {
        if (w <= 0 || h <= 0) {
            return;
        }
        java.awt.image.BufferedImage img =
                new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, w, h, argb, 0, w);
        Object hint = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION,
                RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(img, new java.awt.geom.AffineTransform(1, 0, 0, 1, x, y), null);
        if (hint != null) {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, hint);
        }
    }

    @Override
    public void strokeRect(
            double x, double y, double w, double h, int argb, double lineWidth, Stroke style) {
        if (w <= 2 * lineWidth || h <= 2 * lineWidth) {
            fillRect(x, y, w, h, argb); // as on the canvas: a border that fills the box is the box
            return;
        }
        g.setColor(colour(argb));
        g.setStroke(stroke(lineWidth, style));
        double in = lineWidth / 2;
        g.draw(new Rectangle2D.Double(x + in, y + in, w - lineWidth, h - lineWidth));
    }

    @Override
    public void line(
            double x1, double y1, double x2, double y2, int argb, double lineWidth, Stroke style) {
        g.setColor(colour(argb));
        g.setStroke(stroke(lineWidth, style));
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, int n, int argb) {
        if (n < 3) {
            return;
        }
        Path2D.Double path = new Path2D.Double();
        path.moveTo(xs[0], ys[0]);
        for (int i = 1; i < n; i++) {
            path.lineTo(xs[i], ys[i]);
        }
        path.closePath();
        g.setColor(colour(argb));
        g.fill(path);
    }

    @Override
    public void text(String s, double x, double y, Painter.Font font, int argb, Align align) {
        if (s.isEmpty()) {
            return;
        }
        double w = align == Align.LEFT ? 0 : textWidth(s, font);
        double left = align == Align.LEFT ? x : align == Align.RIGHT ? x - w : x - w / 2;
        g.setColor(colour(argb));
        g.setFont(awtFont(font));
        g.drawString(s, (float) left, (float) y);
    }

    @Override
    public double textWidth(String s, Painter.Font font) {
        return MEASURE.width(s, font);
    }

    @Override
    public void pushClip(double x, double y, double w, double h) {
        clips.push(g.getClip() == null ? NO_CLIP : g.getClip());
        g.clip(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void popClip() {
        Shape previous = clips.pop();
        g.setClip(previous == NO_CLIP ? null : previous);
    }

    /** Stands for "no clip" on the stack (an ArrayDeque holds no nulls). */
    private static final Shape NO_CLIP = new Rectangle2D.Double();
}
