package dev.orderlens.analysis;

/**
 * A log time axis of {@value #PER_DECADE} slots per power of ten: slot s holds the nanosecond
 * values in [edge(s), edge(s + 1)), where edge(s) = 10^(s / PER_DECADE), rounded up to a whole ns.
 * Latency samples keep only their slot once summarized ({@link Samples}), and the histogram's
 * buckets are these slots, so 1 µs and 1 s sit on one readable axis.
 */
public final class LogSlots {
    public static final int PER_DECADE = 5;

    /** Every slot's lower edge up to 10^18 ns, computed once: {@link #of} runs per sample. */
    private static final long[] EDGES = new long[19 * PER_DECADE + 1];

    static {
        for (int i = 0; i < EDGES.length; i++) {
            EDGES[i] = edge(pow10(i / PER_DECADE), i % PER_DECADE);
        }
    }

    private LogSlots() {}

    /** floor(log10(v)) for v ≥ 1, exactly (no floating-point rounding at powers of ten). */
    static int decade(long v) {
        int d = 0;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    /** The slot of v ≥ 1: its decade × PER_DECADE + the fifth of the decade it is in (0..94). */
    public static int of(long v) {
        int d = decade(v);
        int k = 0;
        while (k + 1 < PER_DECADE && v >= EDGES[d * PER_DECADE + k + 1]) {
            k++;
        }
        return d * PER_DECADE + k;
    }

    /** The lower edge of a slot in ns (inclusive). */
    public static long lowerEdge(int slot) {
        return slot < EDGES.length
                ? EDGES[slot]
                : edge(pow10(slot / PER_DECADE), slot % PER_DECADE);
    }

    /**
     * The k-th edge inside a decade starting at base: base × 10^(k/PER_DECADE), rounded up to a
     * whole ns.
     */
    private static long edge(long base, int k) {
        return (long) Math.ceil(base * Math.pow(10, k / (double) PER_DECADE) - 1e-9);
    }

    private static long pow10(int d) {
        long p = 1;
        for (int i = 0; i < d; i++) {
            p *= 10;
        }
        return p;
    }
}
