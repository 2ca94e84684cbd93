package dev.orderlens.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Distinct (pid, process name) pairs; requests store one int index instead of both. */
public final class TaskTable {
    private final StringPool pool;
    private final Map<Long, Integer> index = new HashMap<>();
    private int[] pids = new int[16];
    private int[] names = new int[16];
    private int size;
    private int lastPid;
    private String lastName;
    private int lastTask;
    private static final int RECENT = 256;
    private final int[] recentPid = new int[RECENT];
    private final String[] recentName = new String[RECENT];
    private final int[] recentTask = new int[RECENT];

    {
        Arrays.fill(recentTask, -1);
    }

    public TaskTable(StringPool pool) {
        this.pool = pool;
    }

    /** Index of the pair, added if new. pid may be -1 and name null when unknown. */
    public int intern(int pid, String name) {
        if (pid == lastPid && name == lastName && size > 0) {
            return lastTask; // consecutive requests mostly come from one process
        }
        // then a small direct-mapped cache by (pid, name object): interleaved processes need no
        // boxed key for the map (names come from the importers' string caches, so repeat as one
        // object)
        int slot = (pid * 31 + (name == null ? 0 : System.identityHashCode(name))) & (RECENT - 1);
        int task;
        if (recentName[slot] == name && recentPid[slot] == pid && recentTask[slot] >= 0) {
            task = recentTask[slot];
        } else {
            task = lookUp(pid, name);
            recentPid[slot] = pid;
            recentName[slot] = name;
            recentTask[slot] = task;
        }
        lastPid = pid;
        lastName = name;
        lastTask = task;
        return task;
    }

    private int lookUp(int pid, String name) {
        int nameId = pool.intern(name);
        long key = ((long) pid << 32) | (nameId & 0xffffffffL);
        Integer i = index.get(key);
        if (i != null) {
            return i;
        }
        if (size == pids.length) {
            pids = Arrays.copyOf(pids, size * 2);
            names = Arrays.copyOf(names, size * 2);
        }
        pids[size] = pid;
        names[size] = nameId;
        index.put(key, size);
        return size++;
    }

    public int pid(int task) {
        return pids[task];
    }

    public String name(int task) {
        return pool.get(names[task]);
    }

    public int size() {
        return size;
    }

    /** Writes the tasks for the trace cache. */
    void save(TraceColumns.Sink out) throws java.io.IOException {
        out.ints(Arrays.copyOf(pids, size));
        out.ints(Arrays.copyOf(names, size));
    }

    /** Reads what {@link #save} wrote, into an empty table on the same pool. */
    void load(TraceColumns.Source in) throws java.io.IOException {
        int[] p = TraceColumns.present(in.ints());
        int[] n = TraceColumns.sized(TraceColumns.present(in.ints()), p.length);
        for (int i = 0; i < p.length; i++) {
            if (n[i] < -1 || n[i] >= pool.size()) {
                throw new TraceColumns.Corrupt("a task names a string outside the pool");
            }
            if (intern(p[i], pool.get(n[i])) != i) {
                throw new TraceColumns.Corrupt("a task listed twice");
            }
        }
    }
}
