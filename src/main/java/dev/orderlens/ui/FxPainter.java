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

/** The layout's {@link Painter} on a JavaFX canvas. Used on the FX thread only. */
final class FxPainter implements Painter {
    private static final String FAMILY = javafx.scene.text.Font.getDefault().getFamily();
    private static final Map<Painter.Font, javafx.scene.text.Font> FONTS = new HashMap<>();
    /** Text widths from glyph advances of the canvas fonts; safe on any thread once primed. */
    static final TextMeasure MEASURE = TextMeasure.fromAdvances((c, f) -> advance(c, f));
    private static final double[] DASHED = {5, 3};
    private static final double[] DOTTED = {2, 2};

    private final GraphicsContext g;
    private final Map<Integer, Color> colours = new HashMap<>();

    FxPainter(GraphicsContext g) {
        this.g = g;
        g.setTextBaseline(VPos.BASELINE);
        g.setLineCap(javafx.scene.shape.StrokeLineCap.BUTT);
    }

    static synchronized javafx.scene.text.Font font(Painter.Font f) {
        return FONTS.computeIfAbsent(f, k -> javafx.scene.text.Font.font(k.mono() ? "Monospaced" : FAMILY,
                k.bold() ? FontWeight.BOLD : FontWeight.NORMAL, k.size()));
    }

    private static double advance(char c, Painter.Font f) {
        Text t = new Text(String.valueOf(c));
        t.setFont(font(f));
        return t.getLayoutBounds().getWidth();
    }

    /** Fills the width tables on the FX thread before background frames need them. */
    static void prime() {
        for (Painter.Font f : new Painter.Font[] {Painter.Font.NORMAL, Painter.Font.SMALL, Painter.Font.BOLD}) {
            MEASURE.width("0", f);
        }
    }

    private Color colour(int argb) {
        return colours.computeIfAbsent(argb, c -> Color.rgb((c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff, (c >>> 24) / 255.0));
    }

    @Override
    public void fillRect(double x, double y, double w, double h, int argb) {
        g.setFill(colour(argb));
        g.fillRect(x, y, w, h);
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, int argb, double lineWidth, Stroke style) {
        if (w <= lineWidth || h <= lineWidth) {
            fillRect(x, y, w, h, argb);
            return;
        }
        stroke(argb, lineWidth, style);
        double half = lineWidth / 2;
        g.strokeRect(x + half, y + half, w - lineWidth, h - lineWidth);
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, int argb, double lineWidth, Stroke style) {
        stroke(argb, lineWidth, style);
        g.strokeLine(x1, y1, x2, y2);
    }

    private void stroke(int argb, double lineWidth, Stroke style) {
        g.setStroke(colour(argb));
        g.setLineWidth(lineWidth);
        g.setLineDashes(style == Stroke.DASHED ? DASHED : style == Stroke.DOTTED ? DOTTED : null);
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, int n, int argb) {
        g.setFill(colour(argb));
        g.fillPolygon(xs, ys, n);
    }

    @Override
    public void text(String s, double x, double y, Painter.Font font, int argb, Align align) {
        g.setFill(colour(argb));
        g.setFont(font(font));
        g.setTextAlign(align == Align.LEFT ? TextAlignment.LEFT : align == Align.RIGHT ? TextAlignment.RIGHT : TextAlignment.CENTER);
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
    }
}
