package dev.orderlens.importer;

import dev.orderlens.model.IntSort;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.RequestTable;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.Arrays;

/**
 * Links a guest's block-layer requests to the virtio requests QEMU popped for them, when a guest
 * blkparse file and a QEMU log are opened together (ADR 0051): after the clock offset is applied,
 * each guest request that reached the driver, in issue order, takes the first unmatched virtio
 * request with its operation and sector range (flushes: operation alone) that QEMU popped at or
 * after the guest issued it and before the guest saw it complete — the offset estimator's nesting
 * rule. A data-less flush bio (an fsync) goes down as the flush its flush machinery issued, so that
 * machinery flush is the one linked. A guest write with no virtio write takes a virtio write-zeroes
 * of its range: blktrace shows REQ_OP_WRITE_ZEROES as a plain {@code W}. Building and matching are
 * linear.
 */
public final class GuestVirtioLinks {
    private GuestVirtioLinks() {}

    /**
     * Per row, the guest row a virtio request carries (its parent to be), or -1; null when the
     * trace has no guest or no virtio layer. Virtio requests that already have a parent are left
     * alone.
     */
    public static int[] parents(Trace t) {
        int guest = t.layerIndex(Layer.GUEST);
        int virt = t.layerIndex(Layer.VIRTIO);
        if (guest < 0 || virt < 0) {
            return null;
        }
        RequestTable r = t.requestTable();
        int n = r.size();
        int[] carrier = carriers(r, guest);
        int m = 0;
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            if (r.layer(i) == guest && r.issue(i) != Time.NONE && carrier[i] >= 0) {
                rows[m++] = carrier[i];
            }
        }
        long[] issueKey = new long[m];
        for (int k = 0; k < m; k++) {
            issueKey[k] = r.issue(rows[k]);
        }
        int[] order = IntSort.stableOrderByKey(issueKey, m);
        VirtioIndex index = new VirtioIndex(r, virt);
        int[] parentOf = new int[n];
        Arrays.fill(parentOf, -1);
        byte write = Op.WRITE.code();
        for (int k : order) {
            int v = index.match(rows[k], r.opCode(rows[k]));
            if (v < 0 && r.opCode(rows[k]) == write) {
                // blktrace has no letter for REQ_OP_WRITE_ZEROES (blk_fill_rwbs writes 'W'):
                // a guest "W" with no virtio write below is the virtio write-zeroes of its range
                v = index.match(rows[k], Op.WRITE_ZEROES.code());
            }
            if (v >= 0 && r.parent(v) < 0) {
                parentOf[v] = rows[k];
            }
        }
        return parentOf;
    }

    /**
     * Per guest row, the request that goes down for it: itself, or for a data-less flush bio the
     * machinery flush linked to it (-1 for a machinery flush that carries another request).
     */
    public static int[] carriers(RequestTable r, int guest) {
        int n = r.size();
        int[] carrier = new int[n];
        Arrays.fill(carrier, -1);
        boolean[] isCarrier = new boolean[n];
        byte flush = Op.FLUSH.code();
        for (int i = 0; i < n; i++) {
            int p = r.parent(i);
            if (p >= 0
                    && r.layer(i) == guest
                    && r.layer(p) == guest
                    && r.opCode(i) == flush
                    && r.opCode(p) == flush
                    && r.lane(p) == r.lane(i)
                    && r.count(p) == 0
                    && r.issue(p) == r.issue(i)
                    && carrier[p] < 0) {
                carrier[p] = i;
                isCarrier[i] = true;
            }
        }
        for (int i = 0; i < n; i++) {
            if (r.layer(i) == guest && !isCarrier[i] && carrier[i] < 0) {
                carrier[i] = i;
            }
        }
        return carrier;
    }

    /**
     * The virtio requests grouped by matching key (op, then sector and count for data; op alone for
     * flushes) in an open-addressing table of primitive arrays, each group a list in submit order
     * with a cursor past the requests already matched or popped before the requests matched so far
     * were issued. Building and matching are linear.
     */
    private static final class VirtioIndex {
        private final RequestTable r;
        private final int size;

        /**
         * Per virtio request (in submit order): its row and the next request of its group, or -1.
         */
        private final int[] row;

        private final int[] next;
        private final boolean[] used;

        /** Hash slot → group, -1 when empty. */
        private final int[] slots;

        private final int mask;
        private byte[] gOp;
        private long[] gSector;
        private int[] gCount;
        private int[] gTail;
        private int[] gCursor;
        private int groups;

        VirtioIndex(RequestTable r, int virt) {
            this.r = r;
            int n = 0;
            int[] rows = new int[r.size()];
            for (int i = 0; i < r.size(); i++) {
                if (r.layer(i) == virt) {
                    rows[n++] = i;
                }
            }
            size = n;
            row = Arrays.copyOf(rows, n);
            next = new int[n];
            used = new boolean[n];
            int cap = Integer.highestOneBit(Math.max(16, n * 2) - 1) << 1;
            slots = new int[cap];
            Arrays.fill(slots, -1);
            mask = cap - 1;
            int initial = Math.max(16, n / 4);
            gOp = new byte[initial];
            gSector = new long[initial];
            gCount = new int[initial];
            gTail = new int[initial];
            gCursor = new int[initial];
            for (int k = 0; k < n; k++) {
                int i = row[k];
                int g = group(r.opCode(i), sectorKey(r, i), countKey(r, i), true);
                next[k] = -1;
                if (gCursor[g] < 0) {
                    gCursor[g] = k;
                } else {
                    next[gTail[g]] = k;
                }
                gTail[g] = k;
            }
        }

        /** The group of a key, created when asked to; -1 if absent. */
        private int group(byte op, long sector, int count, boolean create) {
            long h = sector * 31 + count;
            h = h * 31 + op;
            h ^= h >>> 33; // MurmurHash3's fmix64: sectors and counts are multiples of 8,
            // so mix well
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb9fe1a85ec53L;
            h ^= h >>> 33;
            int slot = (int) h & mask;
            while (slots[slot] >= 0) {
                int g = slots[slot];
                if (gOp[g] == op && gSector[g] == sector && gCount[g] == count) {
                    return g;
                }
                slot = (slot + 1) & mask;
            }
            if (!create) {
                return -1;
            }
            if (groups == gOp.length) {
                int c = groups * 2;
                gOp = Arrays.copyOf(gOp, c);
                gSector = Arrays.copyOf(gSector, c);
                gCount = Arrays.copyOf(gCount, c);
                gTail = Arrays.copyOf(gTail, c);
                gCursor = Arrays.copyOf(gCursor, c);
            }
            int g = groups++;
            gOp[g] = op;
            gSector[g] = sector;
            gCount[g] = count;
            gCursor[g] = -1;
            slots[slot] = g;
            return g;
        }

        private static boolean dataLess(RequestTable r, int i) {
            return r.opCode(i) == Op.FLUSH.code() || r.count(i) == 0;
        }

        private static long sectorKey(RequestTable r, int i) {
            return dataLess(r, i) ? -1 : r.sector(i);
        }

        private static int countKey(RequestTable r, int i) {
            return dataLess(r, i) ? 0 : r.count(i);
        }

        int size() {
            return size;
        }

        /**
         * The first unused virtio request with operation {@code op} and the row's range popped in
         * [issue, complete]; -1 if none.
         */
        int match(int guestRow, byte op) {
            int g = group(op, sectorKey(r, guestRow), countKey(r, guestRow), false);
            if (g < 0) {
                return -1;
            }
            long issue = r.issue(guestRow);
            long until = r.complete(guestRow);
            int k = gCursor[g];
            while (k >= 0 && (used[k] || r.submit(row[k]) < issue)) {
                k = next[k]; // taken, or popped before this request was issued: no later
                // request (in issue order) can have it
            }
            gCursor[g] = k;
            for (; k >= 0; k = next[k]) {
                if (until != Time.NONE && r.submit(row[k]) > until) {
                    break;
                }
                if (!used[k]) {
                    used[k] = true;
                    return row[k];
                }
            }
            return -1;
        }
    }
}
