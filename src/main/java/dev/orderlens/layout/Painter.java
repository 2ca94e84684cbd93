package dev.orderlens.layout;

/**
 * The few drawing calls the timeline needs. The JavaFX canvas ({@code ui}), and later SVG and
 * Java2D PNG ({@code export}), implement it, so every target shows what the screen shows.
 *
 * <p>Coordinates are pixels, origin top left. Colours are ARGB ints (see {@link Palette}).
 * Rectangles cover whole pixels when given integer coordinates; {@link #strokeRect} draws its
 * border <em>inside</em> the rectangle, so an outlined bar never spills into the next row. Text is
 * drawn with its baseline at {@code y}; callers elide with {@link #textElided}.
 */
public interface Painter {
    /** Line styles for outlines and lines. */
    enum Stroke {
        SOLID,
        DASHED,
        DOTTED
    }

    /** Horizontal anchor of text relative to {@code x}. */
    enum Align {
        LEFT,
        CENTER,
        RIGHT
    }

    /**
     * A font: size in pixels, bold or not, monospaced or not (the family is the target's default).
     */
    record Font(double size, boolean bold, boolean mono) {
        public static final Font NORMAL = new Font(12, false, false);
        public static final Font SMALL = new Font(11, false, false);
        public static final Font BOLD = new Font(12, true, false);
    }

    void fillRect(double x, double y, double w, double h, int argb);

    /** A border of {@code lineWidth} drawn inside the rectangle. */
    void strokeRect(
            double x, double y, double w, double h, int argb, double lineWidth, Stroke style);

    void line(double x1, double y1, double x2, double y2, int argb, double lineWidth, Stroke style);

    void fillPolygon(double[] xs, double[] ys, int n, int argb);

    void text(String s, double x, double y, Font font, int argb, Align align);

    /** Advance width of a string in this target's font. */
    double textWidth(String s, Font font);

    /** Restricts drawing to a rectangle until the matching {@link #popClip}. Clips nest. */
    void pushClip(double x, double y, double w, double h);

    void popClip();

    /** Draws text cut with "…" to fit {@code maxWidth}; draws nothing when not even "…" fits. */
    default void textElided(
            String s, double x, double y, double maxWidth, Font font, int argb, Align align) {
        String fitted = Elide.fit(s, maxWidth, font, this);
        if (!fitted.isEmpty()) {
            text(fitted, x, y, font, argb, align);
        }
    }
}
