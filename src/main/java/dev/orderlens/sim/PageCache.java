package dev.orderlens.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The host page cache of the image file, per 512-byte sector (the kernel works in 4 KiB pages;
 * sector granularity keeps every writeback request carrying exactly one write's data, see
 * docs/adr/0031). A sector is present, dirty (newer than media) and/or under writeback. Writeback
 * takes dirty sectors, marks them clean and groups them into runs of one owner each.
 */
final class PageCache {
    private static final byte PRESENT = 1;
    private static final byte DIRTY = 2;
    private static final byte WRITEBACK = 4;

    /**
     * A contiguous range of sectors holding one host write's data, written back as one device
     * write.
     */
    record Run(long sector, int count, int ownerRow, String tag, long seq) {}

    private final SectorMap map = new SectorMap();
    private byte[] state = new byte[512];
    private long[] dirtiedAt = new long[512];
    private int[] ownerRow = new int[512];

    /**
     * Identifies the host write that owns a sector (rows are -1 after the crash, so not enough).
     */
    private long[] ownerId = new long[512];

    private String[] ownerTag = new String[512];
    private long[] writebackSeq = new long[512];
    private int[] dirtyPos = new int[512];
    private int[] dirty = new int[512];
    private int dirtyCount;
    private int[] cleanFifo = new int[512];
    private int cleanHead;
    private int cleanTail;
    private long present;
    private long nextSeq;
    private final long capacity;

    PageCache(long capacitySectors) {
        this.capacity = capacitySectors;
    }

    int dirtyCount() {
        return dirtyCount;
    }

    /** Some dirty sector is not under writeback (so background writeback has something to do). */
    boolean hasDirtyIdle() {
        for (int i = 0; i < dirtyCount; i++) {
            if ((state[dirty[i]] & WRITEBACK) == 0) {
                return true;
            }
        }
        return false;
    }

    private int slot(long sector) {
        int s = map.add(sector);
        if (s == state.length) {
            int n = s * 2;
            state = Arrays.copyOf(state, n);
            dirtiedAt = Arrays.copyOf(dirtiedAt, n);
            ownerRow = Arrays.copyOf(ownerRow, n);
            ownerId = Arrays.copyOf(ownerId, n);
            ownerTag = Arrays.copyOf(ownerTag, n);
            writebackSeq = Arrays.copyOf(writebackSeq, n);
            dirtyPos = Arrays.copyOf(dirtyPos, n);
        }
        return s;
    }

    /** A buffered write landed: the sectors hold its data and are dirty. */
    void write(long sector, int count, long owner, int row, String tag, long now) {
        for (long x = sector; x < sector + count; x++) {
            int s = slot(x);
            byte st = state[s];
            if ((st & PRESENT) == 0) {
                present++;
            }
            if ((st & DIRTY) == 0) {
                dirtiedAt[s] = now;
                if (dirtyCount == dirty.length) {
                    dirty = Arrays.copyOf(dirty, dirtyCount * 2);
                }
                dirtyPos[s] = dirtyCount;
                dirty[dirtyCount++] = s;
            }
            state[s] = (byte) (st | PRESENT | DIRTY);
            ownerRow[s] = row;
            ownerId[s] = owner;
            ownerTag[s] = tag;
        }
        evictIfFull();
    }

    boolean allPresent(long sector, int count) {
        for (long x = sector; x < sector + count; x++) {
            int s = map.find(x);
            if (s < 0 || (state[s] & PRESENT) == 0) {
                return false;
            }
        }
        return true;
    }

    /** A read brought these sectors in from the device (dirty ones keep their newer data). */
    void fill(long sector, int count) {
        for (long x = sector; x < sector + count; x++) {
            int s = slot(x);
            if ((state[s] & PRESENT) == 0) {
                state[s] |= PRESENT;
                present++;
                pushClean(s);
            }
        }
        evictIfFull();
    }

    /** Takes every dirty sector (fdatasync, sync). */
    List<Run> takeDirty() {
        return take(Long.MAX_VALUE, -1, 0);
    }

    /** Takes dirty sectors dirtied at or before {@code olderThan} and not under writeback. */
    List<Run> takeExpired(long olderThan) {
        return take(olderThan, -1, 0);
    }

    /** Takes dirty sectors in a range (fault injection). */
    List<Run> takeRange(long sector, int count) {
        return take(Long.MAX_VALUE, sector, count);
    }

    private List<Run> take(long olderThan, long from, int count) {
        int[] picked = new int[dirtyCount];
        int n = 0;
        for (int i = 0; i < dirtyCount; i++) {
            int s = dirty[i];
            long sec = map.sector(s);
            if ((state[s] & WRITEBACK) == 0
                    && dirtiedAt[s] <= olderThan
                    && (from < 0 || (sec >= from && sec < from + count))) {
                picked[n++] = s;
            }
        }
        // sort by sector, packing (sector, index) into one long when both fit
        long[] keys = n < 1 << 20 ? new long[n] : null;
        for (int i = 0; i < n && keys != null; i++) {
            long sec = map.sector(picked[i]);
            keys = sec < 1L << 43 ? keys : null;
            if (keys != null) {
                keys[i] = sec << 20 | i;
            }
        }
        int[] order = sortBySector(picked, n, keys);
        List<Run> runs = new ArrayList<>();
        int i = 0;
        while (i < n) {
            int s = order[i];
            long start = map.sector(s);
            int row = ownerRow[s];
            long owner = ownerId[s];
            String tag = ownerTag[s];
            long seq = ++nextSeq;
            int len = 0;
            while (i < n && map.sector(order[i]) == start + len && ownerId[order[i]] == owner) {
                markWriteback(order[i], seq);
                len++;
                i++;
            }
            runs.add(new Run(start, len, row, tag, seq));
        }
        return runs;
    }

    private int[] sortBySector(int[] picked, int n, long[] keys) {
        int[] out = new int[n];
        if (keys != null) {
            Arrays.sort(keys);
            for (int i = 0; i < n; i++) {
                out[i] = picked[(int) (keys[i] & ((1 << 20) - 1))];
            }
            return out;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = picked[i];
        }
        Arrays.sort(boxed, (a, b) -> Long.compare(map.sector(a), map.sector(b)));
        for (int i = 0; i < n; i++) {
            out[i] = boxed[i];
        }
        return out;
    }

    private void markWriteback(int s, long seq) {
        state[s] = (byte) ((state[s] & ~DIRTY) | WRITEBACK);
        writebackSeq[s] = seq;
        int pos = dirtyPos[s];
        int last = dirty[--dirtyCount];
        dirty[pos] = last;
        dirtyPos[last] = pos;
    }

    /**
     * A writeback write finished (ok or not: either way the sectors are clean unless written again
     * meanwhile). Returns whether some of them are dirty again.
     */
    boolean writebackDone(Run run) {
        boolean redirtied = false;
        for (long x = run.sector(); x < run.sector() + run.count(); x++) {
            int s = map.find(x);
            if (writebackSeq[s] == run.seq()) {
                state[s] &= ~WRITEBACK;
                if ((state[s] & DIRTY) == 0) {
                    pushClean(s);
                } else {
                    redirtied = true;
                }
            }
        }
        evictIfFull();
        return redirtied;
    }

    /** Memory pressure: drop every clean page. */
    void evictAllClean() {
        for (int s = 0; s < map.size(); s++) {
            evict(s);
        }
    }

    private void pushClean(int s) {
        if (cleanTail - cleanHead == cleanFifo.length) {
            int[] grown = new int[cleanFifo.length * 2];
            for (int i = 0; i < cleanTail - cleanHead; i++) {
                grown[i] = cleanFifo[(cleanHead + i) % cleanFifo.length];
            }
            cleanTail -= cleanHead;
            cleanHead = 0;
            cleanFifo = grown;
        }
        cleanFifo[cleanTail++ % cleanFifo.length] = s;
    }

    private void evictIfFull() {
        while (present > capacity && cleanHead < cleanTail) {
            evict(cleanFifo[cleanHead++ % cleanFifo.length]);
        }
    }

    private void evict(int s) {
        if ((state[s] & (PRESENT | DIRTY | WRITEBACK)) == PRESENT) {
            state[s] = 0;
            present--;
        }
    }
}
