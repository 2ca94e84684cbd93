package dev.orderlens.layout;

import java.util.ArrayList;
import java.util.List;

/** A painter for tests: records calls as text, measures 7 px per character. */
final class RecordingPainter implements Painter {
    static final double CHAR_W = 7;
    final List<String> calls = new ArrayList<>();
    final List<String> texts = new ArrayList<>();
    final List<double[]> textBoxes = new ArrayList<>();
    int depth;

    @Override
    public void fillRect(double x, double y, double w, double h, int argb) {
        calls.add(String.format("fill %.1f %.1f %.1f %.1f %08x", x, y, w, h, argb));
    }

    @Override
    public void strokeRect(
            double x, double y, double w, double h, int argb, double lineWidth, Stroke style) {
        calls.add(
                String.format(
                        "stroke %.1f %.1f %.1f %.1f %08x %.1f %s",
                        x, y, w, h, argb, lineWidth, style));
    }

    @Override
    public void line(
            double x1, double y1, double x2, double y2, int argb, double lineWidth, Stroke style) {
        calls.add(
                String.format(
                        "line %.1f %.1f %.1f %.1f %08x %.1f %s",
                        x1, y1, x2, y2, argb, lineWidth, style));
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, int n, int argb) {
        StringBuilder sb = new StringBuilder("poly");
        for (int i = 0; i < n; i++) {
            sb.append(String.format(" %.1f,%.1f", xs[i], ys[i]));
        }
        calls.add(sb.append(String.format(" %08x", argb)).toString());
    }

    @Override
    public void text(String s, double x, double y, Font font, int argb, Align align) {
        calls.add(String.format("text '%s' %.1f %.1f %s %08x %s", s, x, y, font, argb, align));
        texts.add(s);
        double w = textWidth(s, font);
        double left = align == Align.LEFT ? x : align == Align.RIGHT ? x - w : x - w / 2;
        textBoxes.add(new double[] {left, y - font.size(), w, font.size()});
    }

    @Override
    public double textWidth(String s, Font font) {
        return s.length() * CHAR_W;
    }

    @Override
    public void pushClip(double x, double y, double w, double h) {
        depth++;
        calls.add(String.format("clip %.1f %.1f %.1f %.1f", x, y, w, h));
    }

    @Override
    public void popClip() {
        depth--;
        calls.add("unclip");
    }
}
