package dev.orderlens.importer;

import java.util.ArrayList;
import java.util.List;

/**
 * A hash map from long keys (QEMU pointers, sectors) to objects, with open addressing: no boxed key
 * per lookup, which a line-rate importer does several times per line.
 */
final class LongMap<V> {
    private long[] keys = new long[64];
    private Object[] values = new Object[64];
    private int size;

    private int slot(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & (keys.length - 1);
    }

    @SuppressWarnings("unchecked")
    V get(long k) {
        int mask = keys.length - 1;
        for (int i = slot(k); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == k) {
                return (V) values[i];
            }
        }
        return null;
    }

    /** Sets the value (null removes) and returns the previous one. */
    @SuppressWarnings("unchecked")
    V put(long k, V v) {
        if (v == null) {
            return remove(k);
        }
        if (size * 2 >= keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = slot(k);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == k) {
                V old = (V) values[i];
                values[i] = v;
                return old;
            }
        }
        keys[i] = k;
        values[i] = v;
        size++;
        return null;
    }

    @SuppressWarnings("unchecked")
    V remove(long k) {
        int mask = keys.length - 1;
        int i = slot(k);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == k) {
                V old = (V) values[i];
                // backward-shift deletion keeps probe chains intact without tombstones
                int gap = i;
                for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
                    int home = slot(keys[j]);
                    if (((j - home) & mask) >= ((j - gap) & mask)) {
                        keys[gap] = keys[j];
                        values[gap] = values[j];
                        gap = j;
                    }
                }
                values[gap] = null;
                size--;
                return old;
            }
        }
        return null;
    }

    int size() {
        return size;
    }

    /** The slots for a quick scan without a copy: null entries are empty slots. */
    Object[] slots() {
        return values;
    }

    @SuppressWarnings("unchecked")
    List<V> values() {
        List<V> out = new ArrayList<>(size);
        for (Object v : values) {
            if (v != null) {
                out.add((V) v);
            }
        }
        return out;
    }

    private void grow() {
        long[] ok = keys;
        Object[] ov = values;
        keys = new long[ok.length * 2];
        values = new Object[ov.length * 2];
        size = 0;
        for (int i = 0; i < ok.length; i++) {
            if (ov[i] != null) {
                put(ok[i], cast(ov[i]));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private V cast(Object o) {
        return (V) o;
    }
}
