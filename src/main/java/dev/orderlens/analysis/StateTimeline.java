package dev.orderlens.analysis;

import dev.orderlens.model.Time;
import java.util.Arrays;

/**
 * Every write's state as a function of the crash time, for one crash kind and the disks' cache
 * modes.
 *
 * <p>A write's state at T depends only on which of a few instants are at or before T: its own
 * submit, issue and completion, when its layer's flush or FUA made it durable, when a writeback
 * error hit it, and the same instants of the writes that carry its data below (see {@link
 * CrashAnalysis#levels}). So the state is constant on each interval [x<sub>i</sub>,
 * x<sub>i+1</sub>) between those instants, and a few (instant, state) pairs per write answer every
 * crash time by lookup. A page or a view that lets the user drag the crash marker reads these
 * instead of re-running the analysis; {@link #stateAt} equals {@code analysis.at(T).state(row)} at
 * every T (the tests compare them at every instant and between).
 */
public final class StateTimeline {
    private final CrashKind kind;
    private final CacheModes cacheModes;

    /**
     * Per row, its pairs in {@link #at}/{@link #state} (CSR); rows that are no data write: none.
     */
    private final int[] start;

    /** From this instant on (inclusive) the row is in {@link #state}, until the next instant. */
    private final long[] at;

    private final byte[] state;

    private StateTimeline(
            CrashKind kind, CacheModes cacheModes, int[] start, long[] at, byte[] state) {
        this.kind = kind;
        this.cacheModes = cacheModes;
        this.start = start;
        this.at = at;
        this.state = state;
    }

    /** Computes the timeline; cost Σ over writes of (instants × writes carrying its data). */
    public static StateTimeline of(CrashAnalysis a, CrashKind kind, CacheModes cacheModes) {
        CrashAnalysis.Rules rules = a.new Rules(kind, cacheModes);
        PreparedWrites writes = a.writes();
        int n = writes.size();
        long[][] instants = new long[n][];
        byte[] lo = new byte[n];
        byte[] hi = new byte[n];
        int[] start = new int[n + 1];
        long[] at = new long[Math.max(16, writes.bottomUpCount() * 3)];
        byte[] st = new byte[at.length];
        long[][] pairs = new long[n][];
        int total = 0;
        for (int i = 0; i < writes.bottomUpCount(); i++) {
            int w = writes.bottomUp(i);
            instants[w] = instantsOf(writes, rules, w, instants);
            long[] xs = instants[w];
            long[] packed = new long[2 * xs.length];
            int m = 0;
            byte last = WriteState.NOT_ISSUED.code();
            for (long x : xs) {
                if (x < writes.submit(w)) {
                    continue;
                }
                byte s = stateAt(a, rules, w, x, lo, hi).code();
                if (s != last) {
                    packed[m++] = x;
                    packed[m++] = s;
                    last = s;
                }
            }
            pairs[w] = Arrays.copyOf(packed, m);
            total += m / 2;
        }
        if (at.length < total) {
            at = new long[total];
            st = new byte[total];
        }
        int k = 0;
        for (int row = 0; row < n; row++) {
            start[row] = k;
            long[] p = pairs[row];
            if (p != null) {
                for (int i = 0; i < p.length; i += 2) {
                    at[k] = p[i];
                    st[k] = (byte) p[i + 1];
                    k++;
                }
            }
        }
        start[n] = k;
        return new StateTimeline(
                kind, cacheModes, start, Arrays.copyOf(at, k), Arrays.copyOf(st, k));
    }

    /** The instants at which the row's state may change: its own and those of its data below. */
    private static long[] instantsOf(
            PreparedWrites writes, CrashAnalysis.Rules rules, int w, long[][] done) {
        WritebackErrors.Hits hits = rules.hitsOf(w);
        long[] own = {
            writes.submit(w),
            writes.issue(w),
            writes.complete(w),
            writes.flushOrFuaAt(w),
            hits == null ? PreparedWrites.NEVER : hits.droppedAt(w),
            hits == null ? PreparedWrites.NEVER : hits.partlyHitAt(w)
        };
        int size = own.length;
        for (int j = writes.kidsStart(w); j < writes.kidsEnd(w); j++) {
            size += done[writes.kid(j)].length;
        }
        long[] all = Arrays.copyOf(own, size);
        int m = own.length;
        for (int j = writes.kidsStart(w); j < writes.kidsEnd(w); j++) {
            long[] kid = done[writes.kid(j)];
            System.arraycopy(kid, 0, all, m, kid.length);
            m += kid.length;
        }
        Arrays.sort(all);
        int u = 0;
        for (long x : all) {
            // never, or an issue time the trace does not give: no change happens there
            if (x == PreparedWrites.NEVER || x == Time.NONE || (u > 0 && all[u - 1] == x)) {
                continue;
            }
            all[u++] = x;
        }
        return Arrays.copyOf(all, u);
    }

    /** The row's state at t, evaluating the rows carrying its data below first. */
    private static WriteState stateAt(
            CrashAnalysis a, CrashAnalysis.Rules rules, int w, long t, byte[] lo, byte[] hi) {
        fillLevels(a, rules, w, t, lo, hi);
        return rules.state(w, t, lo[w], hi[w]);
    }

    private static void fillLevels(
            CrashAnalysis a, CrashAnalysis.Rules rules, int w, long t, byte[] lo, byte[] hi) {
        PreparedWrites writes = a.writes();
        for (int j = writes.kidsStart(w); j < writes.kidsEnd(w); j++) {
            int k = writes.kid(j);
            if (writes.submit(k) <= t) {
                fillLevels(a, rules, k, t, lo, hi);
            }
        }
        int levels = a.levels(w, t, rules, lo, hi);
        lo[w] = (byte) (levels >> 8);
        hi[w] = (byte) (levels & 0xff);
    }

    public CrashKind kind() {
        return kind;
    }

    public CacheModes cacheModes() {
        return cacheModes;
    }

    /** Rows this timeline covers: the data writes (others have no pairs and are never issued). */
    public int rows() {
        return start.length - 1;
    }

    /** How many (instant, state) pairs the row has; its state is NOT_ISSUED before the first. */
    public int changes(int row) {
        return start[row + 1] - start[row];
    }

    /** The i-th instant at which the row's state changes. */
    public long changeAt(int row, int i) {
        return at[start[row] + i];
    }

    /** The state the row takes at its i-th instant. */
    public WriteState changeTo(int row, int i) {
        return WriteState.ofCode(state[start[row] + i]);
    }

    /** Whether the row is a data write the analysis decides (reads and flushes are not). */
    public boolean covers(int row) {
        return changes(row) > 0;
    }

    /** The row's state at crash time t (an event exactly at t happened before the crash). */
    public WriteState stateAt(int row, long t) {
        int lo = start[row];
        int hi = start[row + 1] - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (at[mid] <= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? WriteState.NOT_ISSUED : WriteState.ofCode(state[found]);
    }

    /**
     * Every row's state code at crash time t into {@code codes} (0 for rows that are no data write,
     * as {@link CrashResult#stateCodes()}), counting them per {@link WriteState} ordinal into
     * {@code counts}: one binary search per write, no analysis.
     */
    public void statesAt(long t, byte[] codes, int[] counts) {
        java.util.Arrays.fill(counts, 0);
        int n = rows();
        for (int row = 0; row < n; row++) {
            int lo = start[row];
            int hi = start[row + 1] - 1;
            if (hi < lo) {
                codes[row] = 0;
                continue;
            }
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (at[mid] <= t) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            byte code = found < 0 ? WriteState.NOT_ISSUED.code() : state[found];
            codes[row] = code;
            counts[WriteState.ofCode(code).ordinal()]++;
        }
    }

    /** Pairs held in all, for sizing exports. */
    public int size() {
        return at.length;
    }
}
