package dev.orderlens.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Columnar point events, trimmed to size when the trace is built. The queue time of a merged bio
 * (only merge events have one) is kept as sparse (row, ns before the event) pairs, sorted by row
 * once sealed: 8 bytes a merge (an interval over ~2.1 s goes to a small overflow map).
 */
public final class EventTable implements Events {
    private long[] time = new long[256];
    private byte[] kind = new byte[256];
    private byte[] layer = new byte[256];
    private short[] lane = new short[256];
    private byte[] file = new byte[256];
    private long[] sector = new long[256];
    private int[] count = new int[256];
    private int[] request = new int[256];
    private int[] name = new int[256];
    private int[] text = new int[256];
    private int[] line = new int[256];
    private int size;
    private final StringPool pool;
    private int[] queuedRows;
    private int[] queuedBefore;
    private Map<Integer, Long> queuedFarBefore;
    private int queuedSize;
    private boolean queuedSorted = true;

    public EventTable(StringPool pool) {
        this.pool = pool;
    }

    /** Makes room for this many events in all, so importing does not grow the columns. */
    public void reserve(int events) {
        if (events > time.length) {
            HeapBudget.reserve(48L * (events - time.length)); // the columns' bytes per event
            resize(events);
        }
    }

    /** Appends an event; sector -1 and count 0 when it has no range. Returns its row. */
    public int add(
            long t,
            EventKind k,
            int layerIndex,
            int laneIndex,
            int fileIndex,
            long sectorNo,
            int sectors) {
        if (size == time.length) {
            resize(Math.max(256, size * 2));
        }
        int r = size++;
        time[r] = t;
        kind[r] = k.code();
        layer[r] = (byte) layerIndex;
        lane[r] = (short) laneIndex;
        file[r] = (byte) fileIndex;
        sector[r] = sectorNo;
        count[r] = sectors;
        request[r] = -1;
        name[r] = -1;
        text[r] = -1;
        line[r] = 0;
        return r;
    }

    private void resize(int n) {
        time = Arrays.copyOf(time, n);
        kind = Arrays.copyOf(kind, n);
        layer = Arrays.copyOf(layer, n);
        lane = Arrays.copyOf(lane, n);
        file = Arrays.copyOf(file, n);
        sector = Arrays.copyOf(sector, n);
        count = Arrays.copyOf(count, n);
        request = Arrays.copyOf(request, n);
        name = Arrays.copyOf(name, n);
        text = Arrays.copyOf(text, n);
        line = Arrays.copyOf(line, n);
    }

    public void setRequest(int r, int requestRow) {
        request[r] = requestRow;
    }

    public void setName(int r, String s) {
        name[r] = pool.intern(s);
    }

    public void setText(int r, String s) {
        text[r] = pool.intern(s);
    }

    public void setSourceLine(int r, int lineNo) {
        line[r] = lineNo;
    }

    public void setTime(int r, long t) {
        long q = queued(r);
        time[r] = t;
        if (q != Time.NONE) {
            setQueued(r, q); // the queue time is stored relative to the event's time
        }
    }

    /**
     * For a merge event: when the bio that was merged had been queued (blkparse Q), or Time.NONE.
     */
    public void setQueued(int r, long t) {
        int at = queuedIndex(r);
        if (at < 0 && t == Time.NONE) {
            return;
        }
        if (at < 0) {
            if (queuedRows == null) {
                queuedRows = new int[64];
                queuedBefore = new int[64];
            } else if (queuedSize == queuedRows.length) {
                queuedRows = Arrays.copyOf(queuedRows, queuedSize * 2);
                queuedBefore = Arrays.copyOf(queuedBefore, queuedSize * 2);
            }
            if (queuedSize > 0 && queuedRows[queuedSize - 1] > r) {
                queuedSorted = false;
            }
            at = queuedSize++;
            queuedRows[at] = r;
        }
        if (queuedFarBefore != null) {
            queuedFarBefore.remove(r);
        }
        long before = t == Time.NONE ? -1 : time[r] - t;
        if (before >= 0 && before <= Integer.MAX_VALUE || t == Time.NONE) {
            queuedBefore[at] = (int) before;
        } else {
            queuedBefore[at] = FAR;
            if (queuedFarBefore == null) {
                queuedFarBefore = new HashMap<>();
            }
            queuedFarBefore.put(r, before);
        }
    }

    /** Marks an interval kept in the overflow map (and, with -1, a cleared entry). */
    private static final int FAR = Integer.MIN_VALUE;

    private int queuedIndex(int r) {
        if (queuedSize == 0) {
            return -1;
        }
        if (!queuedSorted) {
            sortQueued();
        }
        return Arrays.binarySearch(queuedRows, 0, queuedSize, r);
    }

    private void sortQueued() {
        int[] order = IntSort.stableOrderByKey(toLongs(queuedRows, queuedSize), queuedSize);
        queuedRows = IntSort.permute(queuedRows, order, queuedSize);
        queuedBefore = IntSort.permute(queuedBefore, order, queuedSize);
        queuedSorted = true;
    }

    private static long[] toLongs(int[] a, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = a[i];
        }
        return out;
    }

    void remapLayers(int[] newLayerOf) {
        for (int i = 0; i < size; i++) {
            if (layer[i] >= 0) {
                layer[i] = (byte) newLayerOf[layer[i]];
            }
        }
    }

    /** Sorts by time (stable) and maps request links through the requests' new order. */
    void seal(int[] requestNewRowOf) {
        int[] order = IntSort.stableOrderByKey(time, size);
        time = IntSort.permute(time, order, size);
        kind = IntSort.permute(kind, order, size);
        layer = IntSort.permute(layer, order, size);
        lane = IntSort.permute(lane, order, size);
        file = IntSort.permute(file, order, size);
        sector = IntSort.permute(sector, order, size);
        count = IntSort.permute(count, order, size);
        request = IntSort.permute(request, order, size);
        name = IntSort.permute(name, order, size);
        text = IntSort.permute(text, order, size);
        line = IntSort.permute(line, order, size);
        if (queuedSize > 0) {
            int[] newRowOf = IntSort.inverse(order, size);
            for (int i = 0; i < queuedSize; i++) {
                queuedRows[i] = newRowOf[queuedRows[i]];
            }
            if (queuedFarBefore != null) {
                Map<Integer, Long> moved = new HashMap<>();
                queuedFarBefore.forEach((row, before) -> moved.put(newRowOf[row], before));
                queuedFarBefore = moved;
            }
            sortQueued();
            queuedRows = Arrays.copyOf(queuedRows, queuedSize);
            queuedBefore = Arrays.copyOf(queuedBefore, queuedSize);
        }
        if (requestNewRowOf != null) {
            for (int i = 0; i < size; i++) {
                if (request[i] >= 0) {
                    request[i] = requestNewRowOf[request[i]];
                }
            }
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long time(int r) {
        return time[r];
    }

    @Override
    public EventKind kind(int r) {
        return EventKind.ofCode(kind[r]);
    }

    @Override
    public int layer(int r) {
        return layer[r];
    }

    @Override
    public int lane(int r) {
        return lane[r];
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
    public int request(int r) {
        return request[r];
    }

    @Override
    public String name(int r) {
        return pool.get(name[r]);
    }

    @Override
    public String text(int r) {
        return pool.get(text[r]);
    }

    @Override
    public int sourceLine(int r) {
        return line[r];
    }

    @Override
    public int file(int r) {
        return file[r];
    }

    @Override
    public long queued(int r) {
        int at = queuedIndex(r);
        if (at < 0 || queuedBefore[at] == -1) {
            return Time.NONE;
        }
        return time[r] - (queuedBefore[at] == FAR ? queuedFarBefore.get(r) : queuedBefore[at]);
    }

    public long retainedBytes() {
        return (long) time.length * (8 + 1 + 1 + 2 + 1 + 8 + 4 + 4 + 4 + 4 + 4)
                + (queuedRows == null ? 0 : queuedRows.length * 8L);
    }

    /** Writes the sealed events for the trace cache. */
    void save(TraceColumns.Sink out) throws java.io.IOException {
        out.i32(size);
        out.longs(Arrays.copyOf(time, size));
        out.bytes(Arrays.copyOf(kind, size));
        out.bytes(Arrays.copyOf(layer, size));
        out.shorts(Arrays.copyOf(lane, size));
        out.bytes(Arrays.copyOf(file, size));
        out.longs(Arrays.copyOf(sector, size));
        out.ints(Arrays.copyOf(count, size));
        out.ints(Arrays.copyOf(request, size));
        out.ints(Arrays.copyOf(name, size));
        out.ints(Arrays.copyOf(text, size));
        out.ints(Arrays.copyOf(line, size));
        out.ints(queuedRows == null ? null : Arrays.copyOf(queuedRows, queuedSize));
        out.ints(queuedBefore == null ? null : Arrays.copyOf(queuedBefore, queuedSize));
        int far = queuedFarBefore == null ? 0 : queuedFarBefore.size();
        out.i32(far);
        if (far > 0) {
            for (var e : new java.util.TreeMap<>(queuedFarBefore).entrySet()) {
                out.i32(e.getKey());
                out.i64(e.getValue());
            }
        }
    }

    /**
     * Reads what {@link #save} wrote into an empty table on the trace's pool; references to
     * strings, lanes, layers and request rows are checked against the trace's.
     */
    void load(TraceColumns.Source in, int layers, int lanes, int requests)
            throws java.io.IOException {
        int n = in.count();
        time = TraceColumns.sized(TraceColumns.present(in.longs()), n);
        kind = TraceColumns.sized(TraceColumns.present(in.bytes()), n);
        layer = TraceColumns.sized(TraceColumns.present(in.bytes()), n);
        lane = TraceColumns.sized(TraceColumns.present(in.shorts()), n);
        file = TraceColumns.sized(TraceColumns.present(in.bytes()), n);
        sector = TraceColumns.sized(TraceColumns.present(in.longs()), n);
        count = TraceColumns.sized(TraceColumns.present(in.ints()), n);
        request = TraceColumns.sized(TraceColumns.present(in.ints()), n);
        name = TraceColumns.sized(TraceColumns.present(in.ints()), n);
        text = TraceColumns.sized(TraceColumns.present(in.ints()), n);
        line = TraceColumns.sized(TraceColumns.present(in.ints()), n);
        size = n;
        int strings = pool.size();
        for (int r = 0; r < n; r++) {
            if (kind[r] < 0
                    || kind[r] >= EventKind.values().length
                    || layer[r] < -1
                    || layer[r] >= layers
                    || lane[r] < -1
                    || lane[r] >= lanes
                    || request[r] < -1
                    || request[r] >= requests
                    || name[r] < -1
                    || name[r] >= strings
                    || text[r] < -1
                    || text[r] >= strings) {
                throw new TraceColumns.Corrupt("event row " + r + " points outside the trace");
            }
        }
        queuedRows = in.ints();
        queuedBefore = in.ints();
        if ((queuedRows == null) != (queuedBefore == null)
                || queuedRows != null && queuedRows.length != queuedBefore.length) {
            throw new TraceColumns.Corrupt("queue times without their rows");
        }
        queuedSize = queuedRows == null ? 0 : queuedRows.length;
        for (int i = 0; i < queuedSize; i++) {
            if (queuedRows[i] < 0
                    || queuedRows[i] >= n
                    || i > 0 && queuedRows[i] <= queuedRows[i - 1]) {
                throw new TraceColumns.Corrupt("queue times out of order");
            }
        }
        queuedSorted = true;
        int far = in.count();
        for (int i = 0; i < far; i++) {
            if (queuedFarBefore == null) {
                queuedFarBefore = new HashMap<>();
            }
            queuedFarBefore.put(in.i32(), in.i64());
        }
        for (int i = 0; i < queuedSize; i++) {
            if (queuedBefore[i] == FAR
                    && (queuedFarBefore == null || !queuedFarBefore.containsKey(queuedRows[i]))) {
                throw new TraceColumns.Corrupt("a far queue time without its value");
            }
        }
    }
}
