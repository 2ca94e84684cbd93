package dev.orderlens.layout;

/** Text widths for a drawing target; must be callable from any thread. */
@FunctionalInterface
public interface TextMeasure {
    double width(String s, Painter.Font font);

    /**
     * Widths from per-character advances (no kerning): exact for the monospaced digits and letters
     * of labels within a pixel or so, thread-safe once built, and cheap.
     */
    static TextMeasure fromAdvances(
            java.util.function.ToDoubleBiFunction<Character, Painter.Font> advance) {
        java.util.Map<Painter.Font, double[]> cache =
                new java.util.concurrent.ConcurrentHashMap<>();
        return (s, font) -> {
            double[] table =
                    cache.computeIfAbsent(
                            font,
                            f -> {
                                double[] t = new double[256];
                                for (int c = 0; c < t.length; c++) {
                                    t[c] = advance.applyAsDouble((char) c, f);
                                }
                                return t;
                            });
            double w = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                w += c < 256 ? table[c] : advance.applyAsDouble(c, font);
            }
            return w;
        };
    }
}
