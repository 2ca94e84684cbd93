package dev.orderlens.export;

import dev.orderlens.layout.Painter;
import dev.orderlens.layout.TextMeasure;
import java.util.Locale;

/**
 * The layout's {@link Painter} as an SVG document: rectangles, lines and polygons as vector shapes,
 * text as {@code <text>} (selectable, searchable), clips as {@code <clipPath>}s. Text is measured
 * with the Java2D export font ({@link Java2dPainter#MEASURE}) and the SVG names that font first, so
 * elided labels fit where the font is present and come close elsewhere.
 */
public final class SvgPainter implements Painter {
    private final double width;
    private final double height;
    private final TextMeasure measure;
    private final StringBuilder body = new StringBuilder(1 << 16);
    private int clipIds;
    private int depth;

    /** A drawing of {@code width} × {@code height} pixels. */
    public SvgPainter(double width, double height) {
        this(width, height, Java2dPainter.MEASURE);
    }

    SvgPainter(double width, double height, TextMeasure measure) {
        this.width = width;
        this.height = height;
        this.measure = measure;
    }

    @Override
    public void fillRect(double x, double y, double w, double h, int argb) {
        if (w <= 0 || h <= 0 || Colours.transparent(argb)) {
            return;
        }
        body.append("<rect x=\"")
                .append(num(x))
                .append("\" y=\"")
                .append(num(y))
                .append("\" width=\"")
                .append(num(w))
                .append("\" height=\"")
                .append(num(h))
                .append('"');
        paint("fill", argb);
        body.append("/>\n");
    }

    @Override
    public void strokeRect(
            double x, double y, double w, double h, int argb, double lineWidth, Stroke style) {
        if (w <= 2 * lineWidth || h <= 2 * lineWidth) {
            fillRect(x, y, w, h, argb); // as on the canvas: a border that fills the box is the box
            return;
        }
        double in = lineWidth / 2;
        body.append("<rect x=\"")
                .append(num(x + in))
                .append("\" y=\"")
                .append(num(y + in))
                .append("\" width=\"")
                .append(num(w - lineWidth))
                .append("\" height=\"")
                .append(num(h - lineWidth))
                .append("\" fill=\"none\"");
        stroke(argb, lineWidth, style);
        body.append("/>\n");
    }

    @Override
    public void line(
            double x1, double y1, double x2, double y2, int argb, double lineWidth, Stroke style) {
        body.append("<line x1=\"")
                .append(num(x1))
                .append("\" y1=\"")
                .append(num(y1))
                .append("\" x2=\"")
                .append(num(x2))
                .append("\" y2=\"")
                .append(num(y2))
                .append('"');
        stroke(argb, lineWidth, style);
        body.append("/>\n");
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, int n, int argb) {
        if (n < 3) {
            return;
        }
        body.append("<polygon points=\"");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : " ").append(num(xs[i])).append(',').append(num(ys[i]));
        }
        body.append('"');
        paint("fill", argb);
        body.append("/>\n");
    }

    @Override
    public void text(String s, double x, double y, Font font, int argb, Align align) {
        if (s.isEmpty()) {
            return;
        }
        body.append("<text x=\"")
                .append(num(x))
                .append("\" y=\"")
                .append(num(y))
                .append("\" font-size=\"")
                .append(num(font.size()))
                .append('"');
        if (font.bold()) {
            body.append(" font-weight=\"bold\"");
        }
        if (font.mono()) {
            body.append(" font-family=\"monospace\"");
        }
        if (align != Align.LEFT) {
            body.append(" text-anchor=\"")
                    .append(align == Align.RIGHT ? "end" : "middle")
                    .append('"');
        }
        paint("fill", argb);
        body.append('>');
        escape(s, body);
        body.append("</text>\n");
    }

    @Override
    public double textWidth(String s, Font font) {
        return measure.width(s, font);
    }

    @Override
    public void pushClip(double x, double y, double w, double h) {
        String id = "clip" + clipIds++;
        body.append("<clipPath id=\"")
                .append(id)
                .append("\"><rect x=\"")
                .append(num(x))
                .append("\" y=\"")
                .append(num(y))
                .append("\" width=\"")
                .append(num(Math.max(0, w)))
                .append("\" height=\"")
                .append(num(Math.max(0, h)))
                .append("\"/></clipPath>\n<g clip-path=\"url(#")
                .append(id)
                .append(")\">\n");
        depth++;
    }

    @Override
    public void popClip() {
        if (depth == 0) {
            throw new IllegalStateException("popClip without pushClip");
        }
        depth--;
        body.append("</g>\n");
    }

    /**
     * The {@code <svg>} element alone (for embedding in HTML), with a {@code <title>} when given.
     */
    public String element(String title) {
        if (depth != 0) {
            throw new IllegalStateException(depth + " clips still open");
        }
        StringBuilder out = new StringBuilder(body.length() + 600);
        out.append(
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"orderlens-timeline\" width=\"")
                .append(num(width))
                .append("\" height=\"")
                .append(num(height))
                .append("\" viewBox=\"0 0 ")
                .append(num(width))
                .append(' ')
                .append(num(height))
                .append("\" font-family=\"");
        escape("'" + Java2dPainter.resolvedFamily(Font.NORMAL) + "', sans-serif", out);
        out.append("\" xml:space=\"preserve\" style=\"white-space:pre\">\n");
        if (title != null) {
            out.append("<title>");
            escape(title, out);
            out.append("</title>\n");
        }
        // rectangles land on whole pixels as on the canvas; polygons and text stay antialiased
        out.append("<style>svg.orderlens-timeline rect{shape-rendering:crispEdges}</style>\n");
        out.append(body);
        out.append("</svg>\n");
        return out.toString();
    }

    /** A complete SVG file. */
    public String document(String title) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element(title);
    }

    private void paint(String attribute, int argb) {
        body.append(' ').append(attribute).append("=\"").append(Colours.hex(argb)).append('"');
        int a = argb >>> 24;
        if (a != 0xFF) {
            body.append(' ')
                    .append(attribute)
                    .append("-opacity=\"")
                    .append(num(a / 255.0))
                    .append('"');
        }
    }

    private void stroke(int argb, double lineWidth, Stroke style) {
        paint("stroke", argb);
        body.append(" stroke-width=\"").append(num(lineWidth)).append('"');
        if (style == Stroke.DASHED) {
            body.append(" stroke-dasharray=\"7 4\"");
        } else if (style == Stroke.DOTTED) {
            body.append(" stroke-dasharray=\"2 2\"");
        }
    }

    /** A coordinate with at most three decimals and no trailing zeros. */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "0";
        }
        long r = Math.round(v);
        if (Math.abs(v - r) < 1e-9) {
            return Long.toString(r);
        }
        String s = String.format(Locale.ROOT, "%.3f", v);
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * Appends text escaped for XML content and attributes; characters XML 1.0 forbids (control
     * characters, lone surrogates) become U+FFFD so any lane name or label yields a valid document.
     */
    static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c)
                            && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r'
                            || Character.isSurrogate(c)
                            || c == 0xFFFE
                            || c == 0xFFFF) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    /** Colour helpers kept here: the layout's palette speaks ARGB ints. */
    static final class Colours {
        private Colours() {}

        static boolean transparent(int argb) {
            return argb >>> 24 == 0;
        }

        static String hex(int argb) {
            return String.format(Locale.ROOT, "#%06x", argb & 0xFFFFFF);
        }
    }
}
