package dev.orderlens.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Columnar request storage: one primitive array per field, grown by doubling while importing and
 * trimmed once the trace is built. Optional columns (parent, data tag, explicit id, extra source
 * lines, the block layer's get-request and insert times) are only allocated when a request uses
 * them. Issue and complete times are stored relative to submit ({@link RelativeTimes}). About 42
 * bytes a request without the optional columns.
 */
public final class RequestTable implements Requests {
    private static final int INITIAL = 1024;

    /** Marks a row of the id column whose id is its source line. */
    private static final int LINE_ID = Integer.MIN_VALUE;

    private long[] submit = new long[INITIAL];
    private final RelativeTimes issue = new RelativeTimes(INITIAL);
    private final RelativeTimes complete = new RelativeTimes(INITIAL);

    /**
     * blkparse G (get request) and I (insert into the scheduler) times; null until a request has
     * one.
     */
    private RelativeTimes allocate;

    private RelativeTimes insert;

    /**
     * When the data part completed, for a request whose own completion came later (a PREFLUSH/FUA
     * bio's final C after its post-flush); null until a request has one.
     */
    private RelativeTimes dataComplete;

    private long[] sector = new long[INITIAL];
    private int[] count = new int[INITIAL];
    private byte[] op = new byte[INITIAL];
    private byte[] status = new byte[INITIAL];
    private short[] flags = new short[INITIAL];
    private short[] lane = new short[INITIAL];
    private int[] task = new int[INITIAL];
    private int[] line = new int[INITIAL];
    private int[] parent;

    /**
     * Further parents of rows that have several (a lower request made of several merged upper
     * writes): (row, parent) pairs while building, a CSR index after {@link #seal}.
     */
    private int[] moreRows;

    private int[] moreParents;
    private int moreSize;
    private int[] moreStart;
    private int[] dataTag;
    private int[] id;
    private int size;

    /** Extra source lines: (row, line) pairs while building, a CSR index after {@link #seal}. */
    private int[] extraRows;

    private int[] extraLines;
    private int extraSize;
    private int[] extraStart;
    private byte[] extraBytes;

    private final StringPool pool;
    private final TaskTable tasks;
    private List<Lane> lanes = List.of();
    private volatile Map<Long, Integer> idIndex;

    public RequestTable(StringPool pool, TaskTable tasks) {
        this.pool = pool;
        this.tasks = tasks;
        HeapBudget.track(this);
    }

    // ---- building ----

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
        if (size == submit.length) {
            grow();
        }
        int r = size++;
        lane[r] = checkedShort(laneIndex);
        op[r] = o.code();
        flags[r] = (short) flagBits;
        sector[r] = sectorNo;
        count[r] = sectors;
        submit[r] = submitNs;
        issue.set(r, issueNs, submit, size);
        complete.set(r, completeNs, submit, size);
        if (allocate != null) {
            allocate.set(r, Time.NONE, submit, size);
        }
        if (insert != null) {
            insert.set(r, Time.NONE, submit, size);
        }
        if (dataComplete != null) {
            dataComplete.set(r, Time.NONE, submit, size);
        }
        status[r] = st.code();
        task[r] = -1;
        line[r] = 0;
        if (parent != null) {
            parent[r] = -1;
        }
        if (dataTag != null) {
            dataTag[r] = -1;
        }
        if (id != null) {
            id[r] = LINE_ID;
        }
        return r;
    }

    private static short checkedShort(int v) {
        if (v < 0 || v > Short.MAX_VALUE) {
            throw new IllegalArgumentException("lane index out of range: " + v);
        }
        return (short) v;
    }

    private void grow() {
        int n = Math.max(INITIAL, size * 2);
        HeapBudget.reserve((long) n * bytesPerRow()); // an import refuses here, not with an OOM
        resize(n);
    }

    /** Heap a row takes at most in the columns allocated now (time columns counted as longs). */
    private int bytesPerRow() {
        int b = 50;
        b += (allocate != null ? 8 : 0) + (insert != null ? 8 : 0) + (dataComplete != null ? 8 : 0);
        b += (parent != null ? 4 : 0) + (dataTag != null ? 4 : 0) + (id != null ? 4 : 0);
        return b;
    }

    private void resize(int n) {
        submit = Arrays.copyOf(submit, n);
        issue.resize(n);
        complete.resize(n);
        if (allocate != null) {
            allocate.resize(n);
        }
        if (insert != null) {
            insert.resize(n);
        }
        if (dataComplete != null) {
            dataComplete.resize(n);
        }
        sector = Arrays.copyOf(sector, n);
        count = Arrays.copyOf(count, n);
        op = Arrays.copyOf(op, n);
        status = Arrays.copyOf(status, n);
        flags = Arrays.copyOf(flags, n);
        lane = Arrays.copyOf(lane, n);
        task = Arrays.copyOf(task, n);
        line = Arrays.copyOf(line, n);
        if (parent != null) {
            parent = Arrays.copyOf(parent, n);
        }
        if (dataTag != null) {
            dataTag = Arrays.copyOf(dataTag, n);
        }
        if (id != null) {
            id = Arrays.copyOf(id, n);
        }
    }

    private int[] filledColumn(int fill) {
        int[] c = new int[submit.length];
        Arrays.fill(c, fill);
        return c;
    }

    public void setSubmit(int r, long t) {
        long i = issue(r);
        long c = complete(r);
        long g = allocate(r);
        long in = insert(r);
        long dc = dataComplete(r);
        submit[r] = t;
        issue.set(r, i, submit, size);
        complete.set(r, c, submit, size);
        if (allocate != null) {
            allocate.set(r, g, submit, size);
        }
        if (insert != null) {
            insert.set(r, in, submit, size);
        }
        if (dataComplete != null) {
            dataComplete.set(r, dc, submit, size);
        }
    }

    public void setIssue(int r, long t) {
        issue.set(r, t, submit, size);
    }

    public void setComplete(int r, long t) {
        complete.set(r, t, submit, size);
    }

    /**
     * Sets when the block layer got a request structure for this bio (blkparse G), or Time.NONE.
     */
    public void setAllocate(int r, long t) {
        if (allocate == null) {
            if (t == Time.NONE) {
                return;
            }
            allocate = RelativeTimes.absent(submit.length);
        }
        allocate.set(r, t, submit, size);
    }

    /** Sets when the request was inserted into the I/O scheduler (blkparse I), or Time.NONE. */
    public void setInsert(int r, long t) {
        if (insert == null) {
            if (t == Time.NONE) {
                return;
            }
            insert = RelativeTimes.absent(submit.length);
        }
        insert.set(r, t, submit, size);
    }

    /** Sets when the data part completed, before the request's own completion; or Time.NONE. */
    public void setDataComplete(int r, long t) {
        if (dataComplete == null) {
            if (t == Time.NONE) {
                return;
            }
            dataComplete = RelativeTimes.absent(submit.length);
        }
        dataComplete.set(r, t, submit, size);
    }

    public void setSector(int r, long s) {
        sector[r] = s;
    }

    public void setCount(int r, int n) {
        count[r] = n;
    }

    public void setOp(int r, Op o) {
        op[r] = o.code();
    }

    public void setFlags(int r, int f) {
        flags[r] = (short) f;
    }

    public void addFlags(int r, int f) {
        flags[r] = (short) (flags[r] | f);
    }

    public void clearFlags(int r, int f) {
        flags[r] = (short) (flags[r] & ~f);
    }

    public void setStatus(int r, Status s) {
        status[r] = s.code();
    }

    public void setLane(int r, int laneIndex) {
        lane[r] = checkedShort(laneIndex);
    }

    public void setTask(int r, int pid, String process) {
        task[r] = tasks.intern(pid, process);
    }

    public void setSourceLine(int r, int lineNo) {
        line[r] = lineNo;
    }

    /** Records one more source line of a request (its first line goes in setSourceLine). */
    public void addSourceLine(int r, int lineNo) {
        if (line[r] == 0) {
            line[r] = lineNo;
            return;
        }
        if (line[r] == lineNo) {
            return;
        }
        if (extraStart != null) {
            throw new IllegalStateException("table is sealed");
        }
        if (extraRows == null) {
            extraRows = new int[256];
            extraLines = new int[256];
        } else if (extraSize == extraRows.length) {
            extraRows = Arrays.copyOf(extraRows, extraSize * 2);
            extraLines = Arrays.copyOf(extraLines, extraSize * 2);
        }
        extraRows[extraSize] = r;
        extraLines[extraSize] = lineNo;
        extraSize++;
    }

    public void setParent(int r, int parentRow) {
        if (parent == null) {
            if (parentRow < 0) {
                return;
            }
            parent = filledColumn(-1);
        }
        parent[r] = parentRow;
    }

    /**
     * Adds a parent: the first becomes {@link #parent}, the others follow it in {@link #parents}; a
     * parent the row already has, or the row itself, is ignored.
     */
    public void addParent(int r, int parentRow) {
        if (parentRow < 0 || parentRow == r) {
            return;
        }
        int first = parent(r);
        if (first < 0) {
            setParent(r, parentRow);
            return;
        }
        if (first == parentRow) {
            return;
        }
        for (int i = moreSize - 1;
                i >= 0 && moreRows[i] == r;
                i--) { // a row's parents come together
            if (moreParents[i] == parentRow) {
                return;
            }
        }
        if (moreRows == null) {
            moreRows = new int[16];
            moreParents = new int[16];
        } else if (moreSize == moreRows.length) {
            moreRows = Arrays.copyOf(moreRows, moreSize * 2);
            moreParents = Arrays.copyOf(moreParents, moreSize * 2);
        }
        moreRows[moreSize] = r;
        moreParents[moreSize] = parentRow;
        moreSize++;
    }

    public void setDataTag(int r, String tag) {
        if (dataTag == null) {
            if (tag == null) {
                return;
            }
            dataTag = filledColumn(-1);
        }
        dataTag[r] = pool.intern(tag);
    }

    public void setId(int r, int value) {
        if (value == LINE_ID) {
            throw new IllegalArgumentException("id out of range: " + value);
        }
        if (id == null) {
            id = filledColumn(LINE_ID);
        }
        id[r] = value;
        idIndex = null;
    }

    void setLanes(List<Lane> laneList) {
        this.lanes = laneList;
    }

    /**
     * Reorders rows by submit time (stable), remaps parent links, trims the arrays and builds the
     * source-line index. Returns the permutation: {@code order[newRow] = oldRow}.
     */
    int[] seal() {
        int[] order = IntSort.stableOrderByKey(submit, size);
        boolean identity = true;
        for (int i = 0; i < size && identity; i++) {
            identity = order[i] == i;
        }
        if (!identity) {
            permute(order);
        }
        if (submit.length != size) {
            resize(size);
        }
        buildLineIndex(order, identity);
        buildMoreParents(order, identity);
        return order;
    }

    private void permute(int[] order) {
        issue.permute(order, size);
        complete.permute(order, size);
        if (allocate != null) {
            allocate.permute(order, size);
        }
        if (insert != null) {
            insert.permute(order, size);
        }
        if (dataComplete != null) {
            dataComplete.permute(order, size);
        }
        submit = IntSort.permute(submit, order, size);
        sector = IntSort.permute(sector, order, size);
        count = IntSort.permute(count, order, size);
        op = IntSort.permute(op, order, size);
        status = IntSort.permute(status, order, size);
        flags = IntSort.permute(flags, order, size);
        lane = IntSort.permute(lane, order, size);
        task = IntSort.permute(task, order, size);
        line = IntSort.permute(line, order, size);
        if (dataTag != null) {
            dataTag = IntSort.permute(dataTag, order, size);
        }
        if (id != null) {
            id = IntSort.permute(id, order, size);
        }
        if (parent != null) {
            int[] newRowOf = IntSort.inverse(order, size);
            int[] p = IntSort.permute(parent, order, size);
            for (int i = 0; i < size; i++) {
                p[i] = p[i] < 0 ? -1 : newRowOf[p[i]];
            }
            parent = p;
        }
    }

    /** Remaps the further parents to the sorted rows and groups them by row (CSR). */
    private void buildMoreParents(int[] order, boolean identity) {
        if (moreSize == 0) {
            moreRows = null;
            moreParents = null;
            return;
        }
        int[] newRowOf = identity ? null : IntSort.inverse(order, size);
        int[] start = new int[size + 1];
        for (int i = 0; i < moreSize; i++) {
            if (newRowOf != null) {
                moreRows[i] = newRowOf[moreRows[i]];
                moreParents[i] = newRowOf[moreParents[i]];
            }
            start[moreRows[i] + 1]++;
        }
        for (int i = 0; i < size; i++) {
            start[i + 1] += start[i];
        }
        int[] fill = Arrays.copyOf(start, size);
        int[] grouped = new int[moreSize];
        for (int i = 0; i < moreSize; i++) {
            grouped[fill[moreRows[i]]++] = moreParents[i];
        }
        moreStart = start;
        moreParents = grouped;
        moreRows = null;
    }

    /**
     * Groups the extra lines by row: each row's lines as zig-zag varint deltas (from its first
     * line, then from the previous one) in one byte array — lines of one request sit close
     * together, so most take one or two bytes instead of four. {@code extraStart} holds byte
     * offsets.
     */
    private void buildLineIndex(int[] order, boolean identity) {
        if (extraSize == 0) {
            extraRows = null;
            extraLines = null;
            return;
        }
        int[] newRowOf = identity ? null : IntSort.inverse(order, size);
        int[] count = new int[size + 1];
        for (int i = 0; i < extraSize; i++) {
            int r = newRowOf == null ? extraRows[i] : newRowOf[extraRows[i]];
            extraRows[i] = r;
            count[r + 1]++;
        }
        for (int i = 0; i < size; i++) {
            count[i + 1] += count[i];
        }
        int[] fill = Arrays.copyOf(count, size);
        int[] grouped = new int[extraSize];
        for (int i = 0; i < extraSize; i++) {
            grouped[fill[extraRows[i]]++] = extraLines[i];
        }
        extraRows = null;
        extraLines = null;
        byte[] bytes = new byte[extraSize * 2];
        int[] start = new int[size + 1];
        int pos = 0;
        for (int r = 0; r < size; r++) {
            start[r] = pos;
            int prev = line[r];
            for (int k = count[r]; k < count[r + 1]; k++) {
                if (pos + 5 > bytes.length) {
                    bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, pos + 5));
                }
                int d = grouped[k] - prev;
                prev = grouped[k];
                int z = (d << 1) ^ (d >> 31);
                while ((z & ~0x7f) != 0) {
                    bytes[pos++] = (byte) ((z & 0x7f) | 0x80);
                    z >>>= 7;
                }
                bytes[pos++] = (byte) z;
            }
        }
        start[size] = pos;
        extraStart = start;
        extraBytes = Arrays.copyOf(bytes, pos);
    }

    // ---- reading ----

    @Override
    public int size() {
        return size;
    }

    @Override
    public long submit(int r) {
        return submit[r];
    }

    @Override
    public long issue(int r) {
        return issue.get(r, submit[r]);
    }

    @Override
    public long complete(int r) {
        return complete.get(r, submit[r]);
    }

    @Override
    public long allocate(int r) {
        return allocate == null ? Time.NONE : allocate.get(r, submit[r]);
    }

    @Override
    public long insert(int r) {
        return insert == null ? Time.NONE : insert.get(r, submit[r]);
    }

    @Override
    public long dataComplete(int r) {
        return dataComplete == null ? Time.NONE : dataComplete.get(r, submit[r]);
    }

    @Override
    public long sector(int r) {
        return sector[r];
    }

    @Override
    public int count(int r) {
        return count[r];
    }

    @Override
    public Op op(int r) {
        return Op.ofCode(op[r]);
    }

    /** The op's code without the enum lookup, for hot loops. */
    public byte opCode(int r) {
        return op[r];
    }

    @Override
    public int flags(int r) {
        return flags[r] & 0xffff;
    }

    @Override
    public Status status(int r) {
        return Status.ofCode(status[r]);
    }

    @Override
    public int lane(int r) {
        return lane[r];
    }

    @Override
    public int layer(int r) {
        return lanes.get(lane[r]).layer();
    }

    @Override
    public int file(int r) {
        return lanes.get(lane[r]).file();
    }

    @Override
    public int pid(int r) {
        return task[r] < 0 ? -1 : tasks.pid(task[r]);
    }

    @Override
    public String process(int r) {
        return task[r] < 0 ? null : tasks.name(task[r]);
    }

    @Override
    public int sourceLine(int r) {
        return line[r];
    }

    @Override
    public int[] sourceLines(int r) {
        if (line[r] == 0) {
            return new int[0];
        }
        if (extraStart != null) {
            int pos = extraStart[r];
            int to = extraStart[r + 1];
            int[] out = new int[1 + (to - pos)];
            out[0] = line[r];
            int n = 1;
            int prev = line[r];
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
        if (extraRows != null) { // not sealed yet: scan the pairs
            int n = 1;
            int[] out = new int[8];
            out[0] = line[r];
            for (int i = 0; i < extraSize; i++) {
                if (extraRows[i] == r) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = extraLines[i];
                }
            }
            return Arrays.copyOf(out, n);
        }
        return new int[] {line[r]};
    }

    @Override
    public int parent(int r) {
        return parent == null ? -1 : parent[r];
    }

    @Override
    public int[] parents(int r) {
        int first = parent(r);
        if (first < 0) {
            return NO_ROWS;
        }
        if (moreStart != null) {
            int a = moreStart[r];
            int b = moreStart[r + 1];
            int[] out = new int[1 + b - a];
            out[0] = first;
            System.arraycopy(moreParents, a, out, 1, b - a);
            return out;
        }
        int n = 1;
        int[] out = {first};
        for (int i = 0; i < moreSize; i++) { // before sealing: a scan (importers do not read back)
            if (moreRows[i] == r) {
                out = Arrays.copyOf(out, ++n);
                out[n - 1] = moreParents[i];
            }
        }
        return out;
    }

    private static final int[] NO_ROWS = new int[0];

    @Override
    public String dataTag(int r) {
        return dataTag == null ? null : pool.get(dataTag[r]);
    }

    @Override
    public int id(int r) {
        return id == null || id[r] == LINE_ID ? line[r] : id[r];
    }

    /**
     * True when this row's id was given explicitly (JSON) rather than taken from its line number.
     */
    public boolean hasExplicitId(int r) {
        return id != null && id[r] != LINE_ID;
    }

    @Override
    public int rowOfId(int file, int idValue) {
        Map<Long, Integer> index = idIndex;
        if (index == null) {
            index = new HashMap<>(size * 2);
            for (int r = 0; r < size; r++) {
                index.putIfAbsent(key(file(r), id(r)), r);
            }
            idIndex = index;
        }
        Integer r = index.get(key(file, idValue));
        return r == null ? -1 : r;
    }

    private static long key(int file, int idValue) {
        return ((long) file << 32) | (idValue & 0xffffffffL);
    }

    /** Heap bytes held by the columns (arrays only), for the memory benchmark. */
    public long retainedBytes() {
        long cap = submit.length;
        long b =
                cap * (8 + 8 + 4 + 1 + 1 + 2 + 2 + 4 + 4)
                        + issue.retainedBytes()
                        + complete.retainedBytes();
        b += allocate == null ? 0 : allocate.retainedBytes();
        b += insert == null ? 0 : insert.retainedBytes();
        b += dataComplete == null ? 0 : dataComplete.retainedBytes();
        b += parent == null ? 0 : parent.length * 4L;
        b += moreStart == null ? 0 : (moreStart.length + moreParents.length) * 4L;
        b += dataTag == null ? 0 : dataTag.length * 4L;
        b += id == null ? 0 : id.length * 4L;
        b += extraStart == null ? 0 : extraStart.length * 4L;
        b += extraLines == null ? 0 : extraLines.length * 4L;
        b += extraBytes == null ? 0 : extraBytes.length;
        return b + 14 * 16;
    }
}
