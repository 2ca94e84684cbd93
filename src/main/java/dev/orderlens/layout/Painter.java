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

    /**
     * A block of {@code w × h} pixels (ARGB, row by row), one per layout pixel, with its top-left
     * at (x, y); fully transparent pixels leave what is under them. For dense pictures (the sector
     * plot) where one rectangle per run would cost more than the pixels. Targets that can blit an
     * image override this; the default draws one rectangle per horizontal run of one colour.
     */
    default void pixels(double x, double y, int w, int h, int[] argb) {
        for (int row = 0; row < h; row++) {
            int base = row * w;
            int start = 0;
            for (int i = 1; i <= w; i++) {
                if (i == w || argb[base + i] != argb[base + start]) {
                    int c = argb[base + start];
                    if (alphaOf(c) != 0) {
                        fillRect(x + start, y + row, i - start, 1, c);
                    }
                    start = i;
                }
            }
        }
    }

    private static int alphaOf(int argb) {
        return argb >>> 24;
    }

    /** Draws text cut with "…" to fit {@code maxWidth}; draws nothing when not even "…" fits. */
    default void textElided(
            String s, double x, double y, double maxWidth, Font font, int argb, Align align) {
        String fitted = Elide.fit(s, maxWidth, font, this);
        if (!fitted.isEmpty()) {
            text(fitted, x, y, font, argb, align);
        }
    }
}
