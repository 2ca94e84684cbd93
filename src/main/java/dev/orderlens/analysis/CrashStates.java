package dev.orderlens.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bounded enumeration of crash states (docs/analysis.md: "never enumerate blindly"). A crash state
 * says, for each uncertain write of the content layer, which of its tearing units persisted: none,
 * all, or some (a torn write, given as sector ranges; under {@link Tearing#GARBAGE} a torn unit may
 * also hold garbage). States are listed with the fewest torn writes first — all 2^k atomic
 * combinations (in binary counting order over the writes in row order), then those with one torn
 * write, and so on — and the walk stops after {@code limit} states, so its cost is bounded by the
 * output whatever the total count ({@link CrashResult#log2States()}) is.
 */
public final class CrashStates {
    /** A torn write: the sector ranges of it that persisted, and those holding garbage. */
    public record Torn(int row, List<long[]> persisted, List<long[]> garbage) {}

    /**
     * One crash state: uncertain writes that persisted wholly, and those that persisted in part.
     */
    public record CrashState(int[] persisted, List<Torn> torn) {}

    private final CrashResult res;
    private final Tearing tearing;
    private final int[] writes;
    private final int[] units;
    private final int limit;
    private final List<CrashState> out = new ArrayList<>();

    private CrashStates(CrashResult res, int limit) {
        this.res = res;
        this.tearing = res.point.tearing();
        this.writes = res.uncertainContentRows();
        this.units = new int[writes.length];
        for (int i = 0; i < writes.length; i++) {
            units[i] =
                    (int)
                            Math.min(
                                    Integer.MAX_VALUE,
                                    tearing.units(res.a.sector[writes[i]], res.a.count[writes[i]]));
        }
        this.limit = limit;
    }

    static List<CrashState> enumerate(CrashResult res, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        CrashStates e = new CrashStates(res, limit);
        e.run();
        return e.out;
    }

    private boolean full() {
        return out.size() >= limit;
    }

    private void run() {
        int k = writes.length;
        List<Integer> tearable = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (patterns(i) > 2) {
                tearable.add(i);
            }
        }
        for (int torn = 0; torn <= tearable.size() && !full(); torn++) {
            int[] choice = new int[torn];
            for (int i = 0; i < torn; i++) {
                choice[i] = i;
            }
            do {
                int[] tornWrites = new int[torn];
                for (int i = 0; i < torn; i++) {
                    tornWrites[i] = tearable.get(choice[i]);
                }
                withTornPatterns(tornWrites);
            } while (!full() && nextCombination(choice, tearable.size()));
        }
    }

    /** Outcomes of write i, capped: 2 (atomic) or more when it can tear. */
    private long patterns(int i) {
        int b = tearing.outcomesPerUnit();
        if (units[i] >= 62) {
            return Long.MAX_VALUE;
        }
        long p = 1;
        for (int u = 0; u < units[i]; u++) {
            if (p > Long.MAX_VALUE / b) {
                return Long.MAX_VALUE;
            }
            p *= b;
        }
        return p;
    }

    /**
     * Walks every torn pattern of the chosen writes, each combined with every atomic subset of the
     * rest.
     */
    private void withTornPatterns(int[] tornWrites) {
        int[][] digits = new int[tornWrites.length][];
        for (int i = 0; i < tornWrites.length; i++) {
            digits[i] = new int[units[tornWrites[i]]];
            if (!nextTornPattern(digits[i])) {
                return;
            }
        }
        boolean[] isTorn = new boolean[writes.length];
        for (int w : tornWrites) {
            isTorn[w] = true;
        }
        int[] rest = new int[writes.length - tornWrites.length];
        int m = 0;
        for (int i = 0; i < writes.length; i++) {
            if (!isTorn[i]) {
                rest[m++] = i;
            }
        }
        while (!full()) {
            long[] subset = new long[(rest.length + 63) / 64];
            do {
                emit(tornWrites, digits, rest, subset);
            } while (!full() && increment(subset, rest.length));
            // next torn pattern assignment (odometer over the torn writes)
            int i = 0;
            while (i < tornWrites.length) {
                if (nextTornPattern(digits[i])) {
                    break;
                }
                Arrays.fill(digits[i], 0);
                nextTornPattern(digits[i]);
                i++;
            }
            if (i == tornWrites.length) {
                return;
            }
        }
    }

    /**
     * Advances a pattern to the next one that is neither all-old nor all-new; false when exhausted.
     */
    private boolean nextTornPattern(int[] d) {
        int b = tearing.outcomesPerUnit();
        while (true) {
            int i = 0;
            while (i < d.length && d[i] == b - 1) {
                d[i++] = 0;
            }
            if (i == d.length) {
                return false;
            }
            d[i]++;
            if (!uniform(d, 0) && !uniform(d, 1)) {
                return true;
            }
        }
    }

    private static boolean uniform(int[] d, int v) {
        for (int x : d) {
            if (x != v) {
                return false;
            }
        }
        return true;
    }

    /** Binary increment of a bit set of {@code bits} bits; false on overflow (all subsets done). */
    private static boolean increment(long[] set, int bits) {
        for (int i = 0; i < bits; i++) {
            long mask = 1L << (i & 63);
            set[i >> 6] ^= mask;
            if ((set[i >> 6] & mask) != 0) {
                return true;
            }
        }
        return false;
    }

    private void emit(int[] tornWrites, int[][] digits, int[] rest, long[] subset) {
        int count = 0;
        for (int i = 0; i < rest.length; i++) {
            if ((subset[i >> 6] & (1L << (i & 63))) != 0) {
                count++;
            }
        }
        int[] persisted = new int[count];
        int m = 0;
        for (int i = 0; i < rest.length; i++) {
            if ((subset[i >> 6] & (1L << (i & 63))) != 0) {
                persisted[m++] = writes[rest[i]];
            }
        }
        List<Torn> torn = new ArrayList<>(tornWrites.length);
        for (int i = 0; i < tornWrites.length; i++) {
            torn.add(torn(writes[tornWrites[i]], digits[i]));
        }
        out.add(new CrashState(persisted, torn));
    }

    private Torn torn(int row, int[] digits) {
        long s = res.a.sector[row];
        long end = s + res.a.count[row];
        List<long[]> persisted = new ArrayList<>();
        List<long[]> garbage = new ArrayList<>();
        for (int u = 0; u < digits.length; u++) {
            long from;
            long to;
            if (tearing == Tearing.ATOMIC_4K) {
                long unit = Math.floorDiv(s, 8) + u;
                from = Math.max(s, unit * 8);
                to = Math.min(end, unit * 8 + 8);
            } else {
                from = s + u;
                to = from + 1;
            }
            if (digits[u] == 1) {
                addRange(persisted, from, to);
            } else if (digits[u] == 2) {
                addRange(garbage, from, to);
            }
        }
        return new Torn(row, persisted, garbage);
    }

    /** Appends [from, to) as {sector, count}, merging with the previous range when adjacent. */
    private static void addRange(List<long[]> ranges, long from, long to) {
        if (!ranges.isEmpty()) {
            long[] last = ranges.get(ranges.size() - 1);
            if (last[0] + last[1] == from) {
                last[1] += to - from;
                return;
            }
        }
        ranges.add(new long[] {from, to - from});
    }

    /** Next k-combination of 0..n-1 in lexicographic order; false when done. */
    private static boolean nextCombination(int[] c, int n) {
        int k = c.length;
        int i = k - 1;
        while (i >= 0 && c[i] == n - k + i) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        c[i]++;
        for (int j = i + 1; j < k; j++) {
            c[j] = c[j - 1] + 1;
        }
        return true;
    }
}
