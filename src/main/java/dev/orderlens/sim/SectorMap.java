package dev.orderlens.sim;

import java.util.Arrays;

/**
 * Sector number → dense slot (0, 1, 2, ... in insertion order), open addressing with linear
 * probing. Callers keep their per-sector values in their own arrays indexed by slot; slots are
 * never removed, so iteration in slot order is deterministic.
 */
final class SectorMap {
    private long[] keys = new long[1024];
    private int[] slots = new int[1024];
    private long[] sectors = new long[512];
    private int size;
    private int mask = 1023;

    SectorMap() {
        Arrays.fill(slots, -1);
    }

    int size() {
        return size;
    }

    long sector(int slot) {
        return sectors[slot];
    }

    /** The slot of a sector, or -1. */
    int find(long sector) {
        int i = hash(sector) & mask;
        while (true) {
            int s = slots[i];
            if (s < 0) {
                return -1;
            }
            if (keys[i] == sector) {
                return s;
            }
            i = (i + 1) & mask;
        }
    }

    /** The slot of a sector, created if new. */
    int add(long sector) {
        int i = hash(sector) & mask;
        while (true) {
            int s = slots[i];
            if (s < 0) {
                break;
            }
            if (keys[i] == sector) {
                return s;
            }
            i = (i + 1) & mask;
        }
        if (size == sectors.length) {
            sectors = Arrays.copyOf(sectors, size * 2);
        }
        int slot = size++;
        sectors[slot] = sector;
        keys[i] = sector;
        slots[i] = slot;
        if (size * 2 > keys.length) {
            rehash();
        }
        return slot;
    }

    private void rehash() {
        int n = keys.length * 2;
        keys = new long[n];
        slots = new int[n];
        Arrays.fill(slots, -1);
        mask = n - 1;
        for (int s = 0; s < size; s++) {
            int i = hash(sectors[s]) & mask;
            while (slots[i] >= 0) {
                i = (i + 1) & mask;
            }
            keys[i] = sectors[s];
            slots[i] = s;
        }
    }

    private static int hash(long sector) {
        long h = sector * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
