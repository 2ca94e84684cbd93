package dev.orderlens.layout;

import dev.orderlens.model.Op;

/**
 * Turns the visible part of a {@link Sequence} into pixel runs, left to right, never covering a
 * pixel twice. Requests (or level-of-detail buckets) that fall inside pixels already covered are
 * folded into the run that covers them, so a run with {@code count == 1} is one request drawn as
 * itself and a run with {@code count > 1} is an aggregate: its colour is the dominant op, its marks
 * the OR of its requests' findings. With a crash point's write states, a run also knows the worst
 * state among its requests ({@link CrashOverlay#severity}), so a pixel of many requests shows a
 * lost write even when it is one among thousands.
 */
public final class Runs {
    private static final int OPS = Op.values().length;

    /** One run, reused between calls: copy what you keep. */
    public static final class Run {
        /** Pixel columns [x0, x1). */
        public int x0;

        public int x1;
        public int count;

        /** Dominant op code. */
        public int op;

        /** OR of the findings marks. */
        public int marks;

        /** Sequence position of the first request in the run. */
        public int firstPos;

        /** Request row when {@code count == 1}, else -1. */
        public int row;

        /** Longest request in the run (ns). */
        public long maxDuration;

        /**
         * Worst {@link dev.orderlens.analysis.WriteState} code among the run's requests; 0 without
         * states or writes.
         */
        public int state;

        /** True when one of the run's requests is in the {@link Highlight}. */
        public boolean highlighted;

        final int[] ops = new int[OPS];

        public boolean single() {
            return count == 1;
        }
    }

    /** Receives runs in increasing x. */
    @FunctionalInterface
    public interface Sink {
        void accept(Run run);
    }

    private Runs() {}

    /**
     * Emits the runs of {@code seq} within {@code scale}'s window, clamped to a few pixels outside
     * the view. Uses the sequence's level of detail when a pixel spans more than a bucket.
     */
    public static void build(Sequence seq, TimeScale scale, Sink sink) {
        build(seq, scale, null, sink);
    }

    /**
     * As {@link #build(Sequence, TimeScale, Sink)}, and each run's {@link Run#state} is the worst
     * of {@code states} (one {@link dev.orderlens.analysis.WriteState} code per request row, may be
     * null) over its requests. Reading the states costs one look-up per visible request.
     */
    public static void build(Sequence seq, TimeScale scale, byte[] states, Sink sink) {
        build(seq, scale, states, null, sink);
    }

    /**
     * As {@link #build(Sequence, TimeScale, byte[], Sink)}, and a run is {@link Run#highlighted}
     * when any of its requests is in {@code highlight} (may be null): one bit read per visible
     * request, at most, since a bucket stops at its first highlighted request.
     */
    public static void build(
            Sequence seq, TimeScale scale, byte[] states, Highlight highlight, Sink sink) {
        if (seq.size() == 0) {
            return;
        }
        long t0 = scale.startNs();
        long t1 = scale.endNs();
        int left = (int) Math.floor(scale.x0()) - 2;
        int right = (int) Math.ceil(scale.x0() + scale.width()) + 2;
        Builder b = new Builder(sink, left, right);
        LodPyramid lod = seq.lod();
        LodPyramid.Level level = lod == null ? null : lod.levelFor(scale.nsPerPx());
        if (level == null) {
            for (int p = seq.firstCovering(t0); p < seq.size(); p++) {
                long s = seq.start(p);
                if (s >= t1) {
                    break;
                }
                long e = seq.end(p);
                if (e < t0) {
                    continue; // an earlier, longer request reached t0; this one did not
                }
                int row = seq.row(p);
                b.item(
                        scale.x(s),
                        scale.x(e),
                        1,
                        seq.op(p),
                        seq.marks(p),
                        p,
                        row,
                        e - s,
                        states == null || CrashOverlay.severity(states[row]) == 0 ? 0 : states[row],
                        highlight != null && highlight.contains(row));
            }
        } else {
            for (int k = level.firstCovering(t0); k < level.size(); k++) {
                long s = level.bucketStart(k);
                if (s >= t1) {
                    break;
                }
                int n = level.count(k);
                int first = level.first(k);
                int row = n == 1 ? seq.row(first) : -1;
                // a lone request keeps its own extent; a bucket covers up to its running end
                long e = n == 1 ? seq.end(first) : level.coveredUntil(k);
                if (n == 1) {
                    s = seq.start(first);
                }
                b.item(
                        scale.x(s),
                        scale.x(e),
                        n,
                        level.op(k),
                        level.marks(k),
                        first,
                        row,
                        level.maxDuration(k),
                        states == null ? 0 : worst(seq, first, n, states),
                        highlight != null && highlight.any(seq, first, first + n));
            }
        }
        b.finish();
    }

    /**
     * The worst state code among the requests at positions [first, first + n) (a bucket's
     * requests).
     */
    private static int worst(Sequence seq, int first, int n, byte[] states) {
        int worst = 0;
        int severity = 0;
        for (int p = first; p < first + n; p++) {
            int code = states[seq.row(p)];
            int sv = CrashOverlay.severity(code);
            if (sv > severity) {
                severity = sv;
                worst = code;
                if (sv == CrashOverlay.WORST) {
                    break;
                }
            }
        }
        return worst;
    }

    /** Counts the requests the runs of a sequence account for (for tests and tooltips). */
    public static long countVisible(Sequence seq, TimeScale scale) {
        long[] total = new long[1];
        build(seq, scale, r -> total[0] += r.count);
        return total[0];
    }

    private static final class Builder {
        private final Sink sink;
        private final int left;
        private final int right;
        private final Run run = new Run();
        private boolean open;

        Builder(Sink sink, int left, int right) {
            this.sink = sink;
            this.left = left;
            this.right = right;
        }

        void item(
                double xs,
                double xe,
                int count,
                int op,
                int marks,
                int pos,
                int row,
                long duration,
                int state,
                boolean highlighted) {
            int a = clamp(Math.round(xs));
            int b = Math.max(a + 1, clamp(Math.round(xe)));
            if (open && a < run.x1) {
                if (b <= run.x1) {
                    fold(count, op, marks, duration, state);
                    run.highlighted |= highlighted;
                    return;
                }
                a = run.x1; // sticks out to the right: the rest starts where the run ends
            }
            flush();
            open = true;
            run.x0 = a;
            run.x1 = b;
            run.count = count;
            run.marks = marks;
            run.firstPos = pos;
            run.row = row;
            run.maxDuration = duration;
            run.state = state;
            run.highlighted = highlighted;
            java.util.Arrays.fill(run.ops, 0);
            run.ops[op] += count;
            run.op = op;
        }

        private void fold(int count, int op, int marks, long duration, int state) {
            run.count += count;
            if (CrashOverlay.severity(state) > CrashOverlay.severity(run.state)) {
                run.state = state;
            }
            run.marks |= marks;
            run.row = -1;
            run.maxDuration = Math.max(run.maxDuration, duration);
            run.ops[op] += count;
            if (run.ops[op] > run.ops[run.op]) {
                run.op = op;
            }
        }

        private int clamp(long x) {
            return (int) Math.max(left, Math.min(right, x));
        }

        private void flush() {
            if (open) {
                sink.accept(run);
                open = false;
            }
        }

        void finish() {
            flush();
        }
    }
}
