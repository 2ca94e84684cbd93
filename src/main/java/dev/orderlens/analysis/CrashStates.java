package dev.orderlens.analysis;

import java.util.ArrayList;
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
                                    tearing.units(
                                            res.a.writes().sector(writes[i]),
                                            res.a.writes().count(writes[i])));
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
     * rest. A write's pattern is a number in base {@link Tearing#outcomesPerUnit()} whose digit u
     * is the outcome of its tearing unit u (0 old, 1 new, 2 garbage), counted up from 1: the walk
     * stops after {@code limit} states, so only the low digits are ever non-zero and a write of
     * 2^31 units costs no more than one of 8 (issue 17, item 9: no array per unit).
     */
    private void withTornPatterns(int[] tornWrites) {
        long[] patterns = new long[tornWrites.length];
        for (int i = 0; i < tornWrites.length; i++) {
            patterns[i] = nextTornPattern(0, units[tornWrites[i]]);
            if (patterns[i] < 0) {
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
                emit(tornWrites, patterns, rest, subset);
            } while (!full() && increment(subset, rest.length));
            // next torn pattern assignment (odometer over the torn writes)
            int i = 0;
            while (i < tornWrites.length) {
                long next = nextTornPattern(patterns[i], units[tornWrites[i]]);
                if (next >= 0) {
                    patterns[i] = next;
                    break;
                }
                patterns[i] = nextTornPattern(0, units[tornWrites[i]]);
                i++;
            }
            if (i == tornWrites.length) {
                return;
            }
        }
    }

    /**
     * The pattern after {@code p} over {@code units} units that is neither all-old (0) nor all-new
     * (every digit 1), or -1 when exhausted.
     */
    private long nextTornPattern(long p, int units) {
        int b = tearing.outcomesPerUnit();
        long count = power(b, units); // Long.MAX_VALUE when past a long: never reached
        long allNew = count == Long.MAX_VALUE ? -1 : (count - 1) / (b - 1);
        for (long next = p + 1; next < count; next++) {
            if (next != allNew) {
                return next;
            }
        }
        return -1;
    }

    /** b^e, or Long.MAX_VALUE when it does not fit. */
    private static long power(int b, int e) {
        long p = 1;
        for (int i = 0; i < e; i++) {
            if (p > Long.MAX_VALUE / b) {
                return Long.MAX_VALUE;
            }
            p *= b;
        }
        return p;
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

    private void emit(int[] tornWrites, long[] patterns, int[] rest, long[] subset) {
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
            torn.add(torn(writes[tornWrites[i]], patterns[i]));
        }
        out.add(new CrashState(persisted, torn));
    }

    /** The ranges of a torn pattern: only its non-zero low digits, never a loop over units. */
    private Torn torn(int row, long pattern) {
        long s = res.a.writes().sector(row);
        long end = s + res.a.writes().count(row);
        int b = tearing.outcomesPerUnit();
        List<long[]> persisted = new ArrayList<>();
        List<long[]> garbage = new ArrayList<>();
        long rest = pattern;
        for (long u = 0; rest != 0; u++, rest /= b) {
            int digit = (int) (rest % b);
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
            if (digit == 1) {
                addRange(persisted, from, to);
            } else if (digit == 2) {
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
