package dev.orderlens.model;

import java.util.Arrays;

/**
 * One primitive column of the request table. Each column knows how to resize (grow or trim),
 * permute and count its bytes, so the table handles every column the same way and adding a field is
 * one declaration in {@link RequestTable.Columns}. A column holds no array until a row gets a value
 * other than its default, so optional fields cost nothing in traces that lack them.
 */
sealed interface Column
        permits Column.Longs, Column.Ints, Column.Shorts, Column.Bytes, Column.Times {

    /** Sets the number of rows the column can hold; new rows hold the default. */
    void resize(int capacity);

    /** Reorders the first n rows ({@code order[newRow] = oldRow}) and trims to n. */
    void permute(int[] order, int n);

    /** Bytes of the column's array (0 while it has none). */
    long retainedBytes();

    /** Writes the column's storage as it is (no array: a null array) for the trace cache. */
    void save(TraceColumns.Sink out) throws java.io.IOException;

    /** Takes storage written by {@link #save} for {@code n} rows; a wrong length is corrupt. */
    void load(TraceColumns.Source in, int n) throws java.io.IOException;

    final class Longs implements Column {
        private final long absent;
        private int capacity;
        private long[] values;

        Longs(long absent) {
            this.absent = absent;
        }

        long get(int r) {
            return values == null ? absent : values[r];
        }

        void set(int r, long v) {
            if (values == null) {
                if (v == absent) {
                    return;
                }
                values = new long[capacity];
                if (absent != 0) {
                    Arrays.fill(values, absent);
                }
            }
            values[r] = v;
        }

        /** The backing array (null while every row holds the default), for sorting by it. */
        long[] array() {
            return values;
        }

        @Override
        public void resize(int n) {
            if (values != null) {
                int old = values.length;
                values = Arrays.copyOf(values, n);
                if (n > old && absent != 0) {
                    Arrays.fill(values, old, n, absent);
                }
            }
            capacity = n;
        }

        @Override
        public void permute(int[] order, int n) {
            if (values != null) {
                values = IntSort.permute(values, order, n);
            }
            capacity = n;
        }

        @Override
        public void save(TraceColumns.Sink out) throws java.io.IOException {
            out.longs(values);
        }

        @Override
        public void load(TraceColumns.Source in, int n) throws java.io.IOException {
            values = TraceColumns.sized(in.longs(), n);
            capacity = n;
        }

        @Override
        public long retainedBytes() {
            return values == null ? 0 : values.length * 8L;
        }
    }

    final class Ints implements Column {
        private final int absent;
        private int capacity;
        private int[] values;

        Ints(int absent) {
            this.absent = absent;
        }

        int get(int r) {
            return values == null ? absent : values[r];
        }

        void set(int r, int v) {
            if (values == null) {
                if (v == absent) {
                    return;
                }
                values = new int[capacity];
                if (absent != 0) {
                    Arrays.fill(values, absent);
                }
            }
            values[r] = v;
        }

        /** Replaces every value v ≥ 0 by {@code map[v]}: row references after a sort. */
        void remap(int[] map) {
            if (values != null) {
                for (int i = 0; i < capacity; i++) {
                    int v = values[i];
                    values[i] = v < 0 ? v : map[v];
                }
            }
        }

        @Override
        public void resize(int n) {
            if (values != null) {
                int old = values.length;
                values = Arrays.copyOf(values, n);
                if (n > old && absent != 0) {
                    Arrays.fill(values, old, n, absent);
                }
            }
            capacity = n;
        }

        @Override
        public void permute(int[] order, int n) {
            if (values != null) {
                values = IntSort.permute(values, order, n);
            }
            capacity = n;
        }

        @Override
        public void save(TraceColumns.Sink out) throws java.io.IOException {
            out.ints(values);
        }

        @Override
        public void load(TraceColumns.Source in, int n) throws java.io.IOException {
            values = TraceColumns.sized(in.ints(), n);
            capacity = n;
        }

        @Override
        public long retainedBytes() {
            return values == null ? 0 : values.length * 4L;
        }
    }

    final class Shorts implements Column {
        private int capacity;
        private short[] values;

        short get(int r) {
            return values == null ? 0 : values[r];
        }

        void set(int r, short v) {
            if (values == null) {
                if (v == 0) {
                    return;
                }
                values = new short[capacity];
            }
            values[r] = v;
        }

        @Override
        public void resize(int n) {
            if (values != null) {
                values = Arrays.copyOf(values, n);
            }
            capacity = n;
        }

        @Override
        public void permute(int[] order, int n) {
            if (values != null) {
                values = IntSort.permute(values, order, n);
            }
            capacity = n;
        }

        @Override
        public void save(TraceColumns.Sink out) throws java.io.IOException {
            out.shorts(values);
        }

        @Override
        public void load(TraceColumns.Source in, int n) throws java.io.IOException {
            values = TraceColumns.sized(in.shorts(), n);
            capacity = n;
        }

        @Override
        public long retainedBytes() {
            return values == null ? 0 : values.length * 2L;
        }
    }

    final class Bytes implements Column {
        private int capacity;
        private byte[] values;

        byte get(int r) {
            return values == null ? 0 : values[r];
        }

        void set(int r, byte v) {
            if (values == null) {
                if (v == 0) {
                    return;
                }
                values = new byte[capacity];
            }
            values[r] = v;
        }

        @Override
        public void resize(int n) {
            if (values != null) {
                values = Arrays.copyOf(values, n);
            }
            capacity = n;
        }

        @Override
        public void permute(int[] order, int n) {
            if (values != null) {
                values = IntSort.permute(values, order, n);
            }
            capacity = n;
        }

        @Override
        public void save(TraceColumns.Sink out) throws java.io.IOException {
            out.bytes(values);
        }

        @Override
        public void load(TraceColumns.Source in, int n) throws java.io.IOException {
            values = TraceColumns.sized(in.bytes(), n);
            capacity = n;
        }

        @Override
        public long retainedBytes() {
            return values == null ? 0 : values.length;
        }
    }

    /**
     * A time column stored as int nanosecond offsets from the row's submit time (4 bytes a row
     * instead of 8). A value more than ~2.1 s from its submit widens the whole column to absolute
     * longs, so no value is ever clipped. The default is {@link Time#NONE}.
     */
    final class Times implements Column {
        private static final int NONE = Integer.MIN_VALUE;
        private int capacity;
        private int[] delta;
        private long[] full;

        long get(int r, long submit) {
            if (full != null) {
                return full[r];
            }
            if (delta == null) {
                return Time.NONE;
            }
            int d = delta[r];
            return d == NONE ? Time.NONE : submit + d;
        }

        void set(int r, long t, Longs submit) {
            if (full != null) {
                full[r] = t;
                return;
            }
            if (delta == null) {
                if (t == Time.NONE) {
                    return;
                }
                delta = new int[capacity];
                Arrays.fill(delta, NONE);
            }
            if (t == Time.NONE) {
                delta[r] = NONE;
                return;
            }
            long d = t - submit.get(r);
            if (d > Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
                delta[r] = (int) d;
            } else {
                widen(submit);
                full[r] = t;
            }
        }

        private void widen(Longs submit) {
            long[] f = new long[capacity];
            for (int i = 0; i < capacity; i++) {
                f[i] = get(i, submit.get(i));
            }
            full = f;
            delta = null;
        }

        @Override
        public void resize(int n) {
            if (full != null) {
                int old = full.length;
                full = Arrays.copyOf(full, n);
                if (n > old) {
                    Arrays.fill(full, old, n, Time.NONE);
                }
            } else if (delta != null) {
                int old = delta.length;
                delta = Arrays.copyOf(delta, n);
                if (n > old) {
                    Arrays.fill(delta, old, n, NONE);
                }
            }
            capacity = n;
        }

        @Override
        public void permute(int[] order, int n) {
            if (full != null) {
                full = IntSort.permute(full, order, n);
            } else if (delta != null) {
                delta = IntSort.permute(delta, order, n);
            }
            capacity = n;
        }

        @Override
        public void save(TraceColumns.Sink out) throws java.io.IOException {
            out.ints(delta);
            out.longs(full);
        }

        @Override
        public void load(TraceColumns.Source in, int n) throws java.io.IOException {
            delta = TraceColumns.sized(in.ints(), n);
            full = TraceColumns.sized(in.longs(), n);
            if (delta != null && full != null) {
                throw new TraceColumns.Corrupt("a time column stored both ways");
            }
            capacity = n;
        }

        @Override
        public long retainedBytes() {
            return full != null ? full.length * 8L : delta != null ? delta.length * 4L : 0;
        }
    }
}
