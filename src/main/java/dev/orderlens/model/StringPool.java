package dev.orderlens.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Interns strings to dense int ids so tables store 4 bytes instead of a reference per row. */
public final class StringPool {
    public static final int NONE = -1;

    private final Map<String, Integer> ids = new HashMap<>();
    private String[] strings = new String[16];
    private int size;

    public int intern(String s) {
        if (s == null) {
            return NONE;
        }
        Integer id = ids.get(s);
        if (id != null) {
            return id;
        }
        if (size == strings.length) {
            strings = Arrays.copyOf(strings, size * 2);
        }
        strings[size] = s;
        ids.put(s, size);
        return size++;
    }

    /** The string for an id, or null for {@link #NONE}. */
    public String get(int id) {
        return id < 0 ? null : strings[id];
    }

    public int size() {
        return size;
    }

    /** Approximate heap bytes, for the memory benchmark. */
    public long retainedBytes() {
        long bytes = 16L + strings.length * 4L;
        for (int i = 0; i < size; i++) {
            bytes += 40 + strings[i].length() + 48; // String + byte[] + map entry
        }
        return bytes;
    }

    /** Writes the strings in id order for the trace cache. */
    void save(TraceColumns.Sink out) throws java.io.IOException {
        out.i32(size);
        for (int i = 0; i < size; i++) {
            out.string(strings[i]);
        }
    }

    /** Reads what {@link #save} wrote into an empty pool: each string gets its old id. */
    void load(TraceColumns.Source in) throws java.io.IOException {
        int n = in.count();
        for (int i = 0; i < n; i++) {
            String s = in.string();
            if (s == null || intern(s) != i) {
                throw new TraceColumns.Corrupt("string " + i + " missing or listed twice");
            }
        }
    }
}
