package dev.orderlens.model;

import java.util.Arrays;
import java.util.List;

/**
 * The sealed, read-only request table of a built {@link Trace}: one primitive {@link Column} per
 * field, rows sorted by submit time. Written only by {@link RequestTableBuilder}, which hands its
 * columns over when the trace is built and cannot write them afterwards. Issue and complete times
 * are int offsets from submit; optional columns (parent, data tag, explicit id, extra source lines,
 * the block layer's get-request and insert times) have no array when no request uses them. About 42
 * bytes a request without the optional columns.
 */
public final class RequestTable implements Requests {
    /** Marks a row of the id column whose id is its source line. */
    static final int LINE_ID = Integer.MIN_VALUE;

    private static final int[] NO_ROWS = new int[0];

    /**
     * Every column, declared once: the builder writes them, this table reads them, and resizing,
     * sorting and byte counts go through {@link #all}. A new field is one line here plus its setter
     * and getter.
     */
    static final class Columns {
        final Column.Longs submit = new Column.Longs(0);
        final Column.Times issue = new Column.Times();
        final Column.Times complete = new Column.Times();

        /** blkparse G (get request) and I (insert into the scheduler) times. */
        final Column.Times allocate = new Column.Times();

        final Column.Times insert = new Column.Times();

        /**
         * When the data part completed, for a request whose own completion came later (a
         * PREFLUSH/FUA bio's final C after its post-flush).
         */
        final Column.Times dataComplete = new Column.Times();

        final Column.Longs sector = new Column.Longs(0);
        final Column.Ints count = new Column.Ints(0);
        final Column.Bytes op = new Column.Bytes();
        final Column.Bytes status = new Column.Bytes();
        final Column.Shorts flags = new Column.Shorts();
        final Column.Shorts lane = new Column.Shorts();
        final Column.Ints task = new Column.Ints(-1);
        final Column.Ints line = new Column.Ints(0);

        /** The first parent's row (further parents are in a separate index). */
        final Column.Ints parent = new Column.Ints(-1);

        final Column.Ints dataTag = new Column.Ints(-1);

        /** A failed completion's error value as a negative errno, 0 for none. */
        final Column.Ints errorCode = new Column.Ints(0);

        final Column.Ints id = new Column.Ints(LINE_ID);

        /** Every column, for the operations that treat them alike. */
        List<Column> all() {
            return List.of(
                    submit,
                    issue,
                    complete,
                    allocate,
                    insert,
                    dataComplete,
                    sector,
                    count,
                    op,
                    status,
                    flags,
                    lane,
                    task,
                    line,
                    parent,
                    dataTag,
                    errorCode,
                    id);
        }

        /** The columns stored relative to submit. */
        List<Column.Times> times() {
            return List.of(issue, complete, allocate, insert, dataComplete);
        }
    }

    private final Columns c;
    private final int size;

    /** Further parents per row (CSR: row r's are moreParents[moreStart[r], moreStart[r+1])). */
    private final int[] moreStart;

    private final int[] moreParents;

    /**
     * Extra source lines per row as zig-zag varint deltas (from the row's first line, then from the
     * previous one); extraStart holds byte offsets per row.
     */
    private final int[] extraStart;

    private final byte[] extraBytes;

    private final StringPool pool;
    private final TaskTable tasks;
    private final List<Lane> lanes;
    private volatile IdIndex idIndex;

    RequestTable(
            Columns columns,
            int size,
            int[] moreStart,
            int[] moreParents,
            int[] extraStart,
            byte[] extraBytes,
            StringPool pool,
            TaskTable tasks,
            List<Lane> lanes) {
        this.c = columns;
        this.size = size;
        this.moreStart = moreStart;
        this.moreParents = moreParents;
        this.extraStart = extraStart;
        this.extraBytes = extraBytes;
        this.pool = pool;
        this.tasks = tasks;
        this.lanes = List.copyOf(lanes);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long submit(int r) {
        return c.submit.get(r);
    }

    @Override
    public long issue(int r) {
        return c.issue.get(r, c.submit.get(r));
    }

    @Override
    public long complete(int r) {
        return c.complete.get(r, c.submit.get(r));
    }

    @Override
    public long allocate(int r) {
        return c.allocate.get(r, c.submit.get(r));
    }

    @Override
    public long insert(int r) {
        return c.insert.get(r, c.submit.get(r));
    }

    @Override
    public long dataComplete(int r) {
        return c.dataComplete.get(r, c.submit.get(r));
    }

    @Override
    public long sector(int r) {
        return c.sector.get(r);
    }

    @Override
    public int count(int r) {
        return c.count.get(r);
    }

    @Override
    public Op op(int r) {
        return Op.ofCode(c.op.get(r));
    }

    /** The op's code without the enum lookup, for hot loops. */
    public byte opCode(int r) {
        return c.op.get(r);
    }

    @Override
    public int flags(int r) {
        return c.flags.get(r) & 0xffff;
    }

    @Override
    public Status status(int r) {
        return Status.ofCode(c.status.get(r));
    }

    @Override
    public int lane(int r) {
        return c.lane.get(r);
    }

    @Override
    public int layer(int r) {
        return lanes.get(c.lane.get(r)).layer();
    }

    @Override
    public int file(int r) {
        return lanes.get(c.lane.get(r)).file();
    }

    @Override
    public int pid(int r) {
        int t = c.task.get(r);
        return t < 0 ? -1 : tasks.pid(t);
    }

    @Override
    public String process(int r) {
        int t = c.task.get(r);
        return t < 0 ? null : tasks.name(t);
    }

    @Override
    public int sourceLine(int r) {
        return c.line.get(r);
    }

    @Override
    public int[] sourceLines(int r) {
        int first = c.line.get(r);
        if (first == 0) {
            return new int[0];
        }
        if (extraStart == null) {
            return new int[] {first};
        }
        int pos = extraStart[r];
        int to = extraStart[r + 1];
        int[] out = new int[1 + (to - pos)];
        out[0] = first;
        int n = 1;
        int prev = first;
        while (pos < to) {
            int z = 0;
            int shift = 0;
            byte b;
            do {
                b = extraBytes[pos++];
                z |= (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0);
            prev += (z >>> 1) ^ -(z & 1);
            out[n++] = prev;
        }
        return Arrays.copyOf(out, n);
    }

    @Override
    public int parent(int r) {
        return c.parent.get(r);
    }

    @Override
    public int[] parents(int r) {
        int first = c.parent.get(r);
        if (first < 0) {
            return NO_ROWS;
        }
        if (moreStart == null) {
            return new int[] {first};
        }
        int a = moreStart[r];
        int b = moreStart[r + 1];
        int[] out = new int[1 + b - a];
        out[0] = first;
        System.arraycopy(moreParents, a, out, 1, b - a);
        return out;
    }

    @Override
    public String dataTag(int r) {
        int tag = c.dataTag.get(r);
        return tag < 0 ? null : pool.get(tag);
    }

    @Override
    public int errorCode(int r) {
        return c.errorCode.get(r);
    }

    @Override
    public int id(int r) {
        int v = c.id.get(r);
        return v == LINE_ID ? c.line.get(r) : v;
    }

    /**
     * True when this row's id was given explicitly (JSON) rather than taken from its line number.
     */
    public boolean hasExplicitId(int r) {
        return c.id.get(r) != LINE_ID;
    }

    @Override
    public int rowOfId(int file, int idValue) {
        IdIndex index = idIndex;
        if (index == null) {
            index = new IdIndex(this);
            idIndex = index;
        }
        return index.row(file, idValue);
    }

    /** Heap bytes held by the columns and indexes (arrays only), for the memory benchmark. */
    public long retainedBytes() {
        long b = 0;
        for (Column col : c.all()) {
            b += col.retainedBytes();
        }
        b += moreStart == null ? 0 : (moreStart.length + moreParents.length) * 4L;
        b += extraStart == null ? 0 : extraStart.length * 4L + extraBytes.length;
        return b;
    }

    StringPool pool() {
        return pool;
    }

    TaskTable tasks() {
        return tasks;
    }

    /** Writes the table for the trace cache: its size, every column, the two side indexes. */
    void save(TraceColumns.Sink out) throws java.io.IOException {
        out.i32(size);
        for (Column col : c.all()) {
            col.save(out);
        }
        out.ints(moreStart);
        out.ints(moreParents);
        out.ints(extraStart);
        out.bytes(extraBytes);
    }

    /**
     * Reads what {@link #save} wrote. References to lanes, tasks, strings and rows are checked, so
     * a damaged file is {@link TraceColumns.Corrupt}, never a table that throws later.
     */
    static RequestTable load(
            TraceColumns.Source in, StringPool pool, TaskTable tasks, List<Lane> lanes)
            throws java.io.IOException {
        int size = in.count();
        Columns cols = new Columns();
        for (Column col : cols.all()) {
            col.load(in, size);
        }
        int[] moreStart = TraceColumns.sized(in.ints(), size + 1);
        int[] moreParents = in.ints();
        int[] extraStart = TraceColumns.sized(in.ints(), size + 1);
        byte[] extraBytes = in.bytes();
        if ((moreStart == null) != (moreParents == null)
                || (extraStart == null) != (extraBytes == null)) {
            throw new TraceColumns.Corrupt("a request index without its values");
        }
        TraceColumns.checkOffsets(moreStart, moreParents == null ? 0 : moreParents.length);
        TraceColumns.checkOffsets(extraStart, extraBytes == null ? 0 : extraBytes.length);
        for (int r = 0; r < size; r++) {
            int lane = cols.lane.get(r);
            int task = cols.task.get(r);
            int parent = cols.parent.get(r);
            int tag = cols.dataTag.get(r);
            int op = cols.op.get(r);
            int status = cols.status.get(r);
            if (op < 0
                    || op >= Op.values().length
                    || status < 0
                    || status >= Status.values().length
                    || lane < 0
                    || lane >= lanes.size()
                    || task < -1
                    || task >= tasks.size()
                    || parent < -1
                    || parent >= size
                    || tag < -1
                    || tag >= pool.size()) {
                throw new TraceColumns.Corrupt("request row " + r + " points outside the trace");
            }
        }
        if (moreParents != null) {
            for (int p : moreParents) {
                if (p < 0 || p >= size) {
                    throw new TraceColumns.Corrupt("a parent outside the trace");
                }
            }
        }
        return new RequestTable(
                cols, size, moreStart, moreParents, extraStart, extraBytes, pool, tasks, lanes);
    }

    /**
     * Rows by (file, id), first row wins: an open-addressing table of rows keyed by the row's own
     * (file, id), so it holds one int per slot and no boxed key.
     */
    private static final class IdIndex {
        private final RequestTable t;
        private final int[] slots; // row + 1, 0 = empty

        IdIndex(RequestTable t) {
            this.t = t;
            int cap = Integer.highestOneBit(Math.max(4, t.size * 2 - 1)) << 1;
            slots = new int[cap];
            for (int r = 0; r < t.size; r++) {
                int file = t.file(r);
                int id = t.id(r);
                int mask = cap - 1;
                for (int i = hash(file, id) & mask; ; i = (i + 1) & mask) {
                    int s = slots[i];
                    if (s == 0) {
                        slots[i] = r + 1;
                        break;
                    }
                    if (t.id(s - 1) == id && t.file(s - 1) == file) {
                        break;
                    }
                }
            }
        }

        int row(int file, int id) {
            int mask = slots.length - 1;
            for (int i = hash(file, id) & mask; ; i = (i + 1) & mask) {
                int s = slots[i];
                if (s == 0) {
                    return -1;
                }
                if (t.id(s - 1) == id && t.file(s - 1) == file) {
                    return s - 1;
                }
            }
        }

        private static int hash(int file, int id) {
            long h = (((long) file << 32) | (id & 0xffffffffL)) * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
