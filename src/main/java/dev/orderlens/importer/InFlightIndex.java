package dev.orderlens.importer;

import dev.orderlens.importer.BlkRequests.Dev;
import dev.orderlens.importer.BlkRequests.KeyLists;

/**
 * The requests in flight by matching key (device, op letter, sector, size): an open-addressing hash
 * table of {@link KeyLists}, each holding its own key, so a lookup allocates nothing and a request
 * costs no boxed key or map entry. Emptied lists are kept for reuse. Linear probing with
 * backward-shift deletion (no tombstones), at most half full.
 */
final class InFlightIndex {
    private KeyLists[] slots = new KeyLists[1024];
    private int size;
    private KeyLists free;

    /** The lists of this key, or null. */
    KeyLists get(Dev d, byte letter, long sector, int count) {
        int mask = slots.length - 1;
        for (int i = hash(d, letter, sector, count) & mask; ; i = (i + 1) & mask) {
            KeyLists k = slots[i];
            if (k == null || k.is(d, letter, sector, count)) {
                return k;
            }
        }
    }

    /** The lists of this key, created (empty) if absent. */
    KeyLists getOrAdd(Dev d, byte letter, long sector, int count) {
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = hash(d, letter, sector, count) & mask;
        for (; slots[i] != null; i = (i + 1) & mask) {
            if (slots[i].is(d, letter, sector, count)) {
                return slots[i];
            }
        }
        KeyLists k = free;
        if (k == null) {
            k = new KeyLists();
        } else {
            free = k.nextFree;
            k.nextFree = null;
        }
        k.key(d, letter, sector, count);
        slots[i] = k;
        size++;
        return k;
    }

    /** Removes emptied lists (found by identity) and keeps them for reuse. */
    void remove(KeyLists k) {
        int mask = slots.length - 1;
        int i = hash(k.dev, k.letter, k.sector, k.count) & mask;
        while (slots[i] != k) {
            if (slots[i] == null) {
                return;
            }
            i = (i + 1) & mask;
        }
        // backward-shift: move later entries of the probe run into the hole
        int hole = i;
        for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int home = hash(slots[j].dev, slots[j].letter, slots[j].sector, slots[j].count) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = null;
        size--;
        k.dev = null;
        k.nextFree = free;
        free = k;
    }

    private void grow() {
        KeyLists[] old = slots;
        slots = new KeyLists[old.length * 2];
        int mask = slots.length - 1;
        for (KeyLists k : old) {
            if (k != null) {
                int i = hash(k.dev, k.letter, k.sector, k.count) & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = k;
            }
        }
    }

    private static int hash(Dev d, byte letter, long sector, int count) {
        long h =
                sector * 0x9E3779B97F4A7C15L
                        + count * 0x632BE59BD9B4E019L
                        + letter * 0x85EBCA77C2B2AE63L
                        + d.id * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 29) ^ (h >>> 47));
    }
}
