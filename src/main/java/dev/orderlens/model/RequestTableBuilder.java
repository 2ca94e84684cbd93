package dev.orderlens.model;

import java.util.Arrays;
import java.util.List;

/**
 * Collects requests while a trace is read or simulated, in the columns of {@link RequestTable}.
 * Capacity grows by doubling unless {@link #reserve} sized it first; {@link #seal} sorts the rows
 * by submit time, trims the columns and hands them to the read-only table, after which this builder
 * refuses every write.
 */
public final class RequestTableBuilder {
    private static final int INITIAL = 1024;

    private RequestTable.Columns c = new RequestTable.Columns();
    private int capacity;
    private int size;

    /** Further parents of rows that have several (a lower request made of merged upper writes). */
    private final IntPairs moreParents = new IntPairs();

    /** Extra source lines as (row, line) pairs; the first line is in the line column. */
    private final IntPairs extraLines = new IntPairs();

    private final StringPool pool;
    private final TaskTable tasks;

    RequestTableBuilder(StringPool pool, TaskTable tasks) {
        this.pool = pool;
        this.tasks = tasks;
        resize(INITIAL);
        HeapBudget.track(this::size);
    }

    /**
     * Makes room for at least this many requests in all, so importing does not grow the columns.
     */
    public void reserve(int rows) {
        if (rows > capacity) {
            columns();
            resize(rows);
        }
    }

    /**
     * Makes room for this many source lines beyond each row's first, so an importer that knows its
     * input size does not grow (and copy) the line pairs by doubling.
     */
    public void reserveExtraLines(int lines) {
        columns();
        if (lines > extraLines.capacity()) {
            HeapBudget.reserve(8L * (lines - extraLines.capacity()));
            extraLines.reserve(lines);
        }
    }

    /** Appends a request and returns its row. Times are ns; issue/complete may be Time.NONE. */
    public int add(
            int laneIndex,
            Op o,
            int flagBits,
            long sectorNo,
            int sectors,
            long submitNs,
            long issueNs,
            long completeNs,
            Status st) {
        RequestTable.Columns c = columns();
        if (size == capacity) {
            resize(Math.max(INITIAL, capacity * 2));
        }
        int r = size++;
        c.lane.set(r, checkedShort(laneIndex));
        c.op.set(r, o.code());
        c.flags.set(r, (short) flagBits);
        c.sector.set(r, sectorNo);
        c.count.set(r, sectors);
        c.submit.set(r, submitNs);
        c.issue.set(r, issueNs, c.submit);
        c.complete.set(r, completeNs, c.submit);
        c.status.set(r, st.code());
        return r;
    }

    private static short checkedShort(int v) {
        if (v < 0 || v > Short.MAX_VALUE) {
            throw new IllegalArgumentException("lane index out of range: " + v);
        }
        return (short) v;
    }

    private void resize(int n) {
        if (n > capacity && capacity > 0) {
            long bytes = 0;
            for (Column col : c.all()) {
                bytes += col.retainedBytes();
            }
            // an import too big for the heap is refused here, not by an OutOfMemoryError
            HeapBudget.reserve(bytes / capacity * n);
        }
        for (Column col : c.all()) {
            col.resize(n);
        }
        capacity = n;
    }

    private RequestTable.Columns columns() {
        if (c == null) {
            throw new IllegalStateException("the request table is sealed");
        }
        return c;
    }

    public void setIssue(int r, long t) {
        columns().issue.set(r, t, c.submit);
    }

    public void setComplete(int r, long t) {
        columns().complete.set(r, t, c.submit);
    }

    /**
     * Sets when the block layer got a request structure for this bio (blkparse G), or Time.NONE.
     */
    public void setAllocate(int r, long t) {
        columns().allocate.set(r, t, c.submit);
    }

    /** Sets when the request was inserted into the I/O scheduler (blkparse I), or Time.NONE. */
    public void setInsert(int r, long t) {
        columns().insert.set(r, t, c.submit);
    }

    /** Sets when the data part completed, before the request's own completion; or Time.NONE. */
    public void setDataComplete(int r, long t) {
        columns().dataComplete.set(r, t, c.submit);
    }

    public void setStatus(int r, Status s) {
        columns().status.set(r, s.code());
    }

    public void setTask(int r, int pid, String process) {
        columns().task.set(r, tasks.intern(pid, process));
    }

    public void setSourceLine(int r, int lineNo) {
        columns().line.set(r, lineNo);
    }

    /** Records one more source line of a request (its first line goes in setSourceLine). */
    public void addSourceLine(int r, int lineNo) {
        int first = columns().line.get(r);
        if (first == 0) {
            c.line.set(r, lineNo);
        } else if (first != lineNo) {
            extraLines.add(r, lineNo);
        }
    }

    public void setParent(int r, int parentRow) {
        columns().parent.set(r, parentRow < 0 ? -1 : parentRow);
    }

    /**
     * Adds a parent: the first becomes the parent, the others follow it in {@link
     * Requests#parents}; a parent the row already has, or the row itself, is ignored.
     */
    public void addParent(int r, int parentRow) {
        if (parentRow < 0 || parentRow == r) {
            return;
        }
        int first = columns().parent.get(r);
        if (first < 0) {
            c.parent.set(r, parentRow);
        } else if (first != parentRow && !moreParents.hasRecent(r, parentRow)) {
            moreParents.add(r, parentRow);
        }
    }

    public void setDataTag(int r, String tag) {
        columns().dataTag.set(r, tag == null ? -1 : pool.intern(tag));
    }

    /**
     * The error a failed completion reported, as a negative errno (-5 EIO, -28 ENOSPC); 0 for none.
     */
    public void setErrorCode(int r, int errno) {
        columns().errorCode.set(r, errno);
    }

    public void setId(int r, int value) {
        if (value == RequestTable.LINE_ID) {
            throw new IllegalArgumentException("id out of range: " + value);
        }
        columns().id.set(r, value);
    }

    // ---- reading back while importing ----

    public int size() {
        return size;
    }

    public long submit(int r) {
        return columns().submit.get(r);
    }

    public long issue(int r) {
        return columns().issue.get(r, c.submit.get(r));
    }

    public long complete(int r) {
        return columns().complete.get(r, c.submit.get(r));
    }

    public long sector(int r) {
        return columns().sector.get(r);
    }

    public int count(int r) {
        return columns().count.get(r);
    }

    public int lane(int r) {
        return columns().lane.get(r);
    }

    public Op op(int r) {
        return Op.ofCode(columns().op.get(r));
    }

    public int flags(int r) {
        return columns().flags.get(r) & 0xffff;
    }

    /** The row's first parent, or -1. */
    public int parent(int r) {
        return columns().parent.get(r);
    }

    /** The row's first source line (0 when none). */
    public int line(int r) {
        return columns().line.get(r);
    }

    /**
     * Sorts the rows by submit time (stable), remaps parent links, trims the columns, builds the
     * source-line and parent indexes, and hands the columns to the read-only table.
     */
    Sealed seal(List<Lane> lanes) {
        RequestTable.Columns cols = columns();
        long[] submitKeys = cols.submit.array();
        int[] o = submitKeys == null ? identity(size) : IntSort.stableOrderByKey(submitKeys, size);
        boolean identity = true;
        for (int i = 0; i < size && identity; i++) {
            identity = o[i] == i;
        }
        int[] newRowOf = identity ? null : IntSort.inverse(o, size);
        if (identity) {
            resize(size);
        } else {
            for (Column col : cols.all()) {
                col.permute(o, size);
            }
            cols.parent.remap(newRowOf);
        }
        int[][] more = moreParents.grouped(size, newRowOf, true);
        int[][] extra = extraLines.grouped(size, newRowOf, false);
        byte[] extraBytes = extra == null ? null : encodeLines(extra[0], extra[1], cols);
        c = null;
        RequestTable table =
                new RequestTable(
                        cols,
                        size,
                        more == null ? null : more[0],
                        more == null ? null : more[1],
                        extra == null ? null : extra[0],
                        extraBytes,
                        pool,
                        tasks,
                        lanes);
        return new Sealed(table, o);
    }

    /** The read-only table and the sort it applied: {@code order[newRow] = oldRow}. */
    record Sealed(RequestTable table, int[] order) {}

    private static int[] identity(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        return o;
    }

    /**
     * Encodes each row's extra lines as zig-zag varint deltas (from its first line, then from the
     * previous one): lines of one request sit close together, so most take one or two bytes instead
     * of four. Rewrites {@code start} (entry offsets per row) into byte offsets.
     */
    private static byte[] encodeLines(int[] start, int[] lines, RequestTable.Columns cols) {
        int rows = start.length - 1;
        byte[] bytes = new byte[lines.length * 2 + 5];
        int pos = 0;
        int from = start[0];
        for (int r = 0; r < rows; r++) {
            int to = start[r + 1];
            start[r] = pos;
            int prev = cols.line.get(r);
            for (int k = from; k < to; k++) {
                if (pos + 5 > bytes.length) {
                    bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, pos + 5));
                }
                int d = lines[k] - prev;
                prev = lines[k];
                int z = (d << 1) ^ (d >> 31);
                while ((z & ~0x7f) != 0) {
                    bytes[pos++] = (byte) ((z & 0x7f) | 0x80);
                    z >>>= 7;
                }
                bytes[pos++] = (byte) z;
            }
            from = to;
        }
        start[rows] = pos;
        return Arrays.copyOf(bytes, pos);
    }

    /** (row, value) pairs appended while building, grouped by row (CSR) when sealed. */
    private static final class IntPairs {
        private int[] rows;
        private int[] values;
        private int size;

        int capacity() {
            return rows == null ? 0 : rows.length;
        }

        void reserve(int n) {
            if (n > capacity()) {
                rows = rows == null ? new int[n] : Arrays.copyOf(rows, n);
                values = values == null ? new int[n] : Arrays.copyOf(values, n);
            }
        }

        void add(int row, int value) {
            if (rows == null) {
                rows = new int[16];
                values = new int[16];
            } else if (size == rows.length) {
                rows = Arrays.copyOf(rows, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            rows[size] = row;
            values[size] = value;
            size++;
        }

        /**
         * Whether the row's latest run of pairs already holds this value (a row's come together).
         */
        boolean hasRecent(int row, int value) {
            for (int i = size - 1; i >= 0 && rows[i] == row; i--) {
                if (values[i] == value) {
                    return true;
                }
            }
            return false;
        }

        /**
         * {start[rowCount + 1], values grouped by row} with rows (and, when {@code valuesAreRows},
         * values) mapped through newRowOf; null when empty.
         */
        int[][] grouped(int rowCount, int[] newRowOf, boolean valuesAreRows) {
            if (size == 0) {
                return null;
            }
            int[] start = new int[rowCount + 1];
            for (int i = 0; i < size; i++) {
                if (newRowOf != null) {
                    rows[i] = newRowOf[rows[i]];
                    if (valuesAreRows) {
                        values[i] = newRowOf[values[i]];
                    }
                }
                start[rows[i] + 1]++;
            }
            for (int i = 0; i < rowCount; i++) {
                start[i + 1] += start[i];
            }
            int[] fill = Arrays.copyOf(start, rowCount);
            int[] grouped = new int[size];
            for (int i = 0; i < size; i++) {
                grouped[fill[rows[i]]++] = values[i];
            }
            rows = null;
            values = null;
            return new int[][] {start, grouped};
        }
    }
}
