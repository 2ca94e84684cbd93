package dev.orderlens.ui;

import dev.orderlens.layout.Painter;
import dev.orderlens.layout.TextMeasure;
import java.util.HashMap;
import java.util.Map;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * The layout's {@link Painter} on a JavaFX canvas. Used on the FX thread only (public for the
 * benchmark).
 */
public final class FxPainter implements Painter {
    private static final String FAMILY = javafx.scene.text.Font.getDefault().getFamily();
    private static final Map<Painter.Font, javafx.scene.text.Font> FONTS = new HashMap<>();

    /** Text widths from glyph advances of the canvas fonts; safe on any thread once primed. */
    public static final TextMeasure MEASURE = TextMeasure.fromAdvances((c, f) -> advance(c, f));

    private static final double[] DASHED = {7, 4};
    private static final double[] DOTTED = {2, 2};

    private final GraphicsContext g;
    private final Map<Integer, Color> colours = new HashMap<>();

    /**
     * The fill last set on the context: every setFill is a command of its own in the canvas buffer.
     */
    private int currentFill;

    private boolean fillKnown;

    public FxPainter(GraphicsContext g) {
        this.g = g;
        g.setTextBaseline(VPos.BASELINE);
        g.setLineCap(javafx.scene.shape.StrokeLineCap.BUTT);
    }

    static synchronized javafx.scene.text.Font font(Painter.Font f) {
        return FONTS.computeIfAbsent(
                f,
                k ->
                        javafx.scene.text.Font.font(
                                k.mono() ? "Monospaced" : FAMILY,
                                k.bold() ? FontWeight.BOLD : FontWeight.NORMAL,
                                k.size()));
    }

    /**
     * One text node per font measures on the FX thread: priming made a node per character, 768 of
     * them before the first window. Other threads (characters past 255) measure on a node of their
     * own.
     */
    private static final Map<Painter.Font, Text> MEASURING = new HashMap<>();

    private static double advance(char c, Painter.Font f) {
        if (Character.isISOControl(c)) {
            return 0; // never drawn: labels are single lines of printable text
        }
        Text t;
        if (javafx.application.Platform.isFxApplicationThread()) {
            t = MEASURING.computeIfAbsent(f, k -> measuring(k));
            t.setText(String.valueOf(c));
        } else {
            t = measuring(f);
            t.setText(String.valueOf(c));
        }
        return t.getLayoutBounds().getWidth();
    }

    private static Text measuring(Painter.Font f) {
        Text t = new Text();
        t.setFont(font(f));
        return t;
    }

    /** Fills the width tables on the FX thread before background frames need them. */
    public static void prime() {
        for (Painter.Font f :
                new Painter.Font[] {Painter.Font.NORMAL, Painter.Font.SMALL, Painter.Font.BOLD}) {
            MEASURE.width("0", f);
        }
    }

    private Color colour(int argb) {
        return colours.computeIfAbsent(
                argb,
                c -> Color.rgb((c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff, (c >>> 24) / 255.0));
    }

    private void fill(int argb) {
        if (!fillKnown || currentFill != argb) {
            g.setFill(colour(argb));
            currentFill = argb;
            fillKnown = true;
        }
    }

    @Override
    public void fillRect(double x, double y, double w, double h, int argb) {
        fill(argb);
        g.fillRect(x, y, w, h);
    }

    @Override
    public void strokeRect(
            double x, double y, double w, double h, int argb, double lineWidth, Stroke style) {
        if (w <= 2 * lineWidth || h <= 2 * lineWidth) {
            fillRect(x, y, w, h, argb);
            return;
        }
        // four filled sides: the software rasteriser fills rectangles many times faster than it
        // strokes paths
        fill(argb);
        if (style == Stroke.SOLID) {
            g.fillRect(x, y, w, lineWidth);
            g.fillRect(x, y + h - lineWidth, w, lineWidth);
            g.fillRect(x, y + lineWidth, lineWidth, h - 2 * lineWidth);
            g.fillRect(x + w - lineWidth, y + lineWidth, lineWidth, h - 2 * lineWidth);
            return;
        }
        double[] pattern = style == Stroke.DASHED ? DASHED : DOTTED;
        dashes(x, y, w, lineWidth, true, pattern);
        dashes(x, y + h - lineWidth, w, lineWidth, true, pattern);
        dashes(x, y + lineWidth, h - 2 * lineWidth, lineWidth, false, pattern);
        dashes(x + w - lineWidth, y + lineWidth, h - 2 * lineWidth, lineWidth, false, pattern);
    }

    /** A dashed horizontal or vertical band as filled rectangles. */
    private void dashes(
            double x,
            double y,
            double length,
            double thickness,
            boolean horizontal,
            double[] pattern) {
        double on = pattern[0];
        double period = pattern[0] + pattern[1];
        for (double d = 0; d < length; d += period) {
            double len = Math.min(on, length - d);
            if (horizontal) {
                g.fillRect(x + d, y, len, thickness);
            } else {
                g.fillRect(x, y + d, thickness, len);
            }
        }
    }

    @Override
    public void line(
            double x1, double y1, double x2, double y2, int argb, double lineWidth, Stroke style) {
        if (y1 == y2 || x1 == x2) {
            // axis-aligned lines (ruler ticks, crash lines, the concurrent stripe) as rectangles
            fill(argb);
            boolean horizontal = y1 == y2;
            double from = horizontal ? Math.min(x1, x2) : Math.min(y1, y2);
            double length = Math.abs(horizontal ? x2 - x1 : y2 - y1);
            double across = (horizontal ? y1 : x1) - lineWidth / 2;
            if (style == Stroke.SOLID) {
                if (horizontal) {
                    g.fillRect(from, across, length, lineWidth);
                } else {
                    g.fillRect(across, from, lineWidth, length);
                }
            } else {
                dashes(
                        horizontal ? from : across,
                        horizontal ? across : from,
                        length,
                        lineWidth,
                        horizontal,
                        style == Stroke.DASHED ? DASHED : DOTTED);
            }
            return;
        }
        stroke(argb, lineWidth, style);
        g.strokeLine(x1, y1, x2, y2);
    }

    private void stroke(int argb, double lineWidth, Stroke style) {
        g.setStroke(colour(argb));
        g.setLineWidth(lineWidth);
        g.setLineDashes(style == Stroke.DASHED ? DASHED : style == Stroke.DOTTED ? DOTTED : null);
    }

    /** One image instead of a rectangle per run: the software rasteriser blits it in one go. */
    @Override
    public void pixels(double x, double y, int w, int h, int[] argb) {
        if (w <= 0 || h <= 0) {
            return;
        }
        javafx.scene.image.WritableImage img = new javafx.scene.image.WritableImage(w, h);
        img.getPixelWriter()
                .setPixels(
                        0,
                        0,
                        w,
                        h,
                        javafx.scene.image.PixelFormat.getIntArgbInstance(),
                        argb,
                        0,
                        w);
        boolean smooth = g.isImageSmoothing();
        g.setImageSmoothing(false); // scaled (large font, HiDPI): crisp pixels, not a blur
        g.drawImage(img, x, y);
        g.setImageSmoothing(smooth);
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, int n, int argb) {
        fill(argb);
        g.fillPolygon(xs, ys, n);
    }

    @Override
    public void text(String s, double x, double y, Painter.Font font, int argb, Align align) {
        fill(argb);
        g.setFont(font(font));
        g.setTextAlign(
                align == Align.LEFT
                        ? TextAlignment.LEFT
                        : align == Align.RIGHT ? TextAlignment.RIGHT : TextAlignment.CENTER);
        g.fillText(s, x, y);
    }

    @Override
    public double textWidth(String s, Painter.Font font) {
        return MEASURE.width(s, font);
    }

    @Override
    public void pushClip(double x, double y, double w, double h) {
        g.save();
        g.beginPath();
        g.rect(x, y, w, h);
        g.closePath();
        g.clip();
    }

    @Override
    public void popClip() {
        g.restore();
        fillKnown = false; // restore brought back the fill saved with the clip
    }
}
