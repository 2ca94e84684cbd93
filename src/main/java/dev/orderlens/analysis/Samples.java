package dev.orderlens.analysis;

import java.util.Arrays;

/**
 * Latency samples of one phase once summarized, kept for the histogram: each sample's slot on the
 * log time axis ({@link LogSlots}) and the request row it belongs to, ordered by row. A merged
 * bio's sample points at the request it joined, so a row can appear more than once. The exact
 * values are in the phase's {@link LatencySummary}; a histogram only needs the slot.
 *
 * <p>Three bytes a sample instead of twelve (a long value and an int row): a byte for the slot and,
 * because the samples are ordered by row, the row's low 16 bits as a char plus one index entry per
 * 65,536 rows for the high bits. At 10^7 requests and about eight phases a request this is the
 * difference between ~0.25 GB and ~0.9 GB of statistics (docs/benchmarks.md).
 */
public final class Samples {
    static final Samples EMPTY = new Samples(new byte[0], new char[0], new int[] {0});

    /** 0 for a value at or below 0 ns, else 1 + its slot. */
    private final byte[] codes;

    private final char[] rowLow;

    /**
     * startOfHigh[h]: the first sample whose row's high 16 bits are h or more; one entry more than
     * the highest h, holding the size.
     */
    private final int[] startOfHigh;

    Samples(byte[] codes, char[] rowLow, int[] startOfHigh) {
        this.codes = codes;
        this.rowLow = rowLow;
        this.startOfHigh = startOfHigh;
    }

    /** The code {@link #slot} and {@link #atOrBelowZero} read back for a value. */
    static byte code(long value) {
        return (byte) (value <= 0 ? 0 : 1 + LogSlots.of(value));
    }

    public int size() {
        return codes.length;
    }

    /** True for a value of 0 ns or less (a cross-layer segment under a slightly wrong offset). */
    public boolean atOrBelowZero(int i) {
        return codes[i] == 0;
    }

    /** The sample's slot on the log time axis; only for a sample above 0 ns. */
    public int slot(int i) {
        return codes[i] - 1;
    }

    public int row(int i) {
        int h = Arrays.binarySearch(startOfHigh, i);
        if (h < 0) {
            h = -h - 2; // the last h whose start is before i
        } else {
            while (h + 1 < startOfHigh.length && startOfHigh[h + 1] == i) {
                h++; // empty high groups share a start: i begins the last of them
            }
        }
        return h << 16 | rowLow[i];
    }
}
