package dev.orderlens.layout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A recorded frame: a {@link Painter} that stores the calls in primitive arrays so a frame can be
 * computed on a background thread and replayed on the UI thread in one cheap pass. Immutable once
 * {@link #seal() sealed}.
 */
public final class DisplayList implements Painter {
    private static final byte FILL = 0;
    private static final byte STROKE = 1;
    private static final byte LINE = 2;
    private static final byte POLYGON = 3;
    private static final byte TEXT = 4;
    private static final byte CLIP = 5;
    private static final byte UNCLIP = 6;
    private static final Stroke[] STROKES = Stroke.values();
    private static final Align[] ALIGNS = Align.values();

    private final TextMeasure measure;
    private byte[] ops = new byte[1024];
    private int opCount;
    private double[] nums = new double[4096];
    private int numCount;
    private int[] ints = new int[2048];
    private int intCount;
    private final List<Object> objects = new ArrayList<>();
    private boolean sealed;

    public DisplayList(TextMeasure measure) {
        this.measure = measure;
    }

    private void op(byte op) {
        if (sealed) {
            throw new IllegalStateException("display list is sealed");
        }
        if (opCount == ops.length) {
            ops = Arrays.copyOf(ops, opCount * 2);
        }
        ops[opCount++] = op;
    }

    private void num(double v) {
        if (numCount == nums.length) {
            nums = Arrays.copyOf(nums, numCount * 2);
        }
        nums[numCount++] = v;
    }

    private void integer(int v) {
        if (intCount == ints.length) {
            ints = Arrays.copyOf(ints, intCount * 2);
        }
        ints[intCount++] = v;
    }

    @Override
    public void fillRect(double x, double y, double w, double h, int argb) {
        op(FILL);
        num(x);
        num(y);
        num(w);
        num(h);
        integer(argb);
    }

    @Override
    public void strokeRect(
            double x, double y, double w, double h, int argb, double lineWidth, Stroke style) {
        op(STROKE);
        num(x);
        num(y);
        num(w);
        num(h);
        num(lineWidth);
        integer(argb);
        integer(style.ordinal());
    }

    @Override
    public void line(
            double x1, double y1, double x2, double y2, int argb, double lineWidth, Stroke style) {
        op(LINE);
        num(x1);
        num(y1);
        num(x2);
        num(y2);
        num(lineWidth);
        integer(argb);
        integer(style.ordinal());
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, int n, int argb) {
        op(POLYGON);
        integer(n);
        integer(argb);
        for (int i = 0; i < n; i++) {
            num(xs[i]);
            num(ys[i]);
        }
    }

    @Override
    public void text(String s, double x, double y, Font font, int argb, Align align) {
        op(TEXT);
        num(x);
        num(y);
        integer(argb);
        integer(align.ordinal());
        objects.add(s);
        objects.add(font);
    }

    @Override
    public double textWidth(String s, Font font) {
        return measure.width(s, font);
    }

    @Override
    public void pushClip(double x, double y, double w, double h) {
        op(CLIP);
        num(x);
        num(y);
        num(w);
        num(h);
    }

    @Override
    public void popClip() {
        op(UNCLIP);
    }

    /** Ends recording; the list can then be replayed any number of times, from any thread. */
    public DisplayList seal() {
        sealed = true;
        return this;
    }

    /** Number of recorded calls (for benchmarks). */
    public int size() {
        return opCount;
    }

    /** Replays every recorded call into a target painter. */
    public void replay(Painter p) {
        int n = 0;
        int i = 0;
        int o = 0;
        double[] xs = new double[8];
        double[] ys = new double[8];
        for (int k = 0; k < opCount; k++) {
            switch (ops[k]) {
                case FILL -> {
                    p.fillRect(nums[n], nums[n + 1], nums[n + 2], nums[n + 3], ints[i]);
                    n += 4;
                    i += 1;
                }
                case STROKE -> {
                    p.strokeRect(
                            nums[n],
                            nums[n + 1],
                            nums[n + 2],
                            nums[n + 3],
                            ints[i],
                            nums[n + 4],
                            STROKES[ints[i + 1]]);
                    n += 5;
                    i += 2;
                }
                case LINE -> {
                    p.line(
                            nums[n],
                            nums[n + 1],
                            nums[n + 2],
                            nums[n + 3],
                            ints[i],
                            nums[n + 4],
                            STROKES[ints[i + 1]]);
                    n += 5;
                    i += 2;
                }
                case POLYGON -> {
                    int count = ints[i];
                    int argb = ints[i + 1];
                    i += 2;
                    if (xs.length < count) {
                        xs = new double[count];
                        ys = new double[count];
                    }
                    for (int v = 0; v < count; v++) {
                        xs[v] = nums[n++];
                        ys[v] = nums[n++];
                    }
                    p.fillPolygon(xs, ys, count, argb);
                }
                case TEXT -> {
                    p.text(
                            (String) objects.get(o),
                            nums[n],
                            nums[n + 1],
                            (Font) objects.get(o + 1),
                            ints[i],
                            ALIGNS[ints[i + 1]]);
                    n += 2;
                    i += 2;
                    o += 2;
                }
                case CLIP -> {
                    p.pushClip(nums[n], nums[n + 1], nums[n + 2], nums[n + 3]);
                    n += 4;
                }
                case UNCLIP -> p.popClip();
                default -> throw new IllegalStateException("bad op " + ops[k]);
            }
        }
    }
}
