package dev.orderlens.layout;

/**
 * Maps the visible time window {@code [startNs, endNs)} onto the pixels {@code [x0, x0 + width)}.
 * Arithmetic saturates instead of wrapping, so extreme times (a request that never completed, a
 * window panned past the trace) still land left or right of the view rather than anywhere.
 */
public final class TimeScale {
    private final long startNs;
    private final long endNs;
    private final double x0;
    private final double width;
    private final double nsPerPx;
    private final double pxPerNs;

    public TimeScale(long startNs, long endNs, double x0, double width) {
        if (endNs <= startNs) {
            throw new IllegalArgumentException("empty window " + startNs + ".." + endNs);
        }
        if (!(width > 0)) {
            throw new IllegalArgumentException("width must be positive: " + width);
        }
        this.startNs = startNs;
        this.endNs = endNs;
        this.x0 = x0;
        this.width = width;
        this.nsPerPx = (double) saturatedSub(endNs, startNs) / width;
        this.pxPerNs = 1 / nsPerPx;
    }

    public long startNs() {
        return startNs;
    }

    public long endNs() {
        return endNs;
    }

    public double x0() {
        return x0;
    }

    public double width() {
        return width;
    }

    /** Nanoseconds one pixel spans (≥ 1 ns when the window is wider than the view in pixels). */
    public double nsPerPx() {
        return nsPerPx;
    }

    /** The x of a time; may lie outside the view. */
    public double x(long t) {
        return x0 + saturatedSub(t, startNs) * pxPerNs;
    }

    /** The x of a time clamped to a pixel range just outside the view (safe to draw to). */
    public double xClamped(long t) {
        return Math.max(x0 - 2, Math.min(x0 + width + 2, x(t)));
    }

    /** The time at an x (nearest ns), saturated to the long range. */
    public long time(double x) {
        double offset = (x - x0) * nsPerPx;
        return saturatedAdd(startNs, offset);
    }

    /** {@code a - b} clamped to the long range. */
    public static long saturatedSub(long a, long b) {
        long r = a - b;
        // overflow iff the operands have different signs and the result's sign differs from a's
        if (((a ^ b) & (a ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /** {@code a + b} clamped to the long range. */
    public static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /** {@code a + round(d)} clamped to the long range. */
    public static long saturatedAdd(long a, double d) {
        if (Double.isNaN(d)) {
            return a;
        }
        if (d >= 0x1p63) {
            return Long.MAX_VALUE;
        }
        if (d <= -0x1p63) {
            return Long.MIN_VALUE;
        }
        return saturatedAdd(a, Math.round(d));
    }
}
