package dev.orderlens.importer;

import dev.orderlens.model.IntSort;
import dev.orderlens.model.Op;
import dev.orderlens.model.RequestTableBuilder;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Time;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Links each flush a loop device received to the flush of the device below that carries it (issue
 * 12, "stacked devices"). The loop driver answers {@code REQ_OP_FLUSH} by fsyncing its backing file
 * (drivers/block/loop.c: {@code lo_req_flush} calls {@code vfs_fsync}); the file system then writes
 * the file's dirty pages and asks the disk below to flush (ext4: the jbd2 commit's PREFLUSH, or
 * {@code blkdev_issue_flush}). No remap line says which disk flush that was, so time decides: the
 * first flush of the lower device issued after the loop flush was issued and completed before the
 * loop flush completed carries it (ADR 0280). The loop flush becomes a parent of that flush; the
 * file's warnings say how many were linked and name the loop flushes no lower flush fits.
 */
final class LoopFlushLinks {
    /** Lower flushes looked at per loop flush, so a long flush over a busy disk stays linear. */
    private static final int SCAN = 64;

    private LoopFlushLinks() {}

    /**
     * Links the flushes of {@code loop} to those of {@code lower} (the device its writes were
     * linked to), or, when its writes were linked to none, of the device in {@code lowers} that
     * carries most of them.
     */
    static void link(
            RequestTableBuilder t,
            LoopLinks.Device loop,
            LoopLinks.Device lower,
            List<LoopLinks.Device> lowers,
            SourceFile source) {
        boolean[] issuedAsChild = issuedAsTheirChild(t);
        int[] flushes = flushesOf(t, loop.lane(), issuedAsChild);
        if (flushes.length == 0) {
            return;
        }
        LoopLinks.Device chosen = lower;
        int[] below = new int[0];
        if (chosen != null) {
            below = flushesOf(t, chosen.lane(), issuedAsChild);
        } else {
            int best = 0;
            for (LoopLinks.Device d : lowers) {
                int[] candidate = flushesOf(t, d.lane(), issuedAsChild);
                int linked = count(carriers(t, flushes, candidate));
                if (linked > best) {
                    best = linked;
                    chosen = d;
                    below = candidate;
                }
            }
        }
        if (chosen == null) {
            source.warn(
                    "loop device "
                            + loop.name()
                            + ": none of its "
                            + flushes.length
                            + " flushes is linked to a flush below (no traced device flushed"
                            + " within one of them); its writes are judged by the loop device's"
                            + " own flushes");
            return;
        }
        int[] carrier = carriers(t, flushes, below);
        List<Integer> unlinkedLines = new ArrayList<>();
        for (int i = 0; i < flushes.length; i++) {
            if (carrier[i] >= 0) {
                t.addParent(carrier[i], flushes[i]);
            } else {
                unlinkedLines.add(t.line(flushes[i]));
            }
        }
        int linked = flushes.length - unlinkedLines.size();
        String message =
                String.format(
                        Locale.ROOT,
                        "loop device %s: %,d of %,d flushes linked to the %s flush carrying them"
                                + " (the backing file's fsync: the first %s flush issued and"
                                + " completed within the loop flush)",
                        loop.name(),
                        linked,
                        flushes.length,
                        chosen.name(),
                        chosen.name());
        if (!unlinkedLines.isEmpty()) {
            message +=
                    String.format(
                            Locale.ROOT,
                            "; no %s flush fits the loop flush%s at line%s %s: a loop write such a"
                                    + " flush covers is durable by its own word only where no %s"
                                    + " write carries it",
                            chosen.name(),
                            unlinkedLines.size() == 1 ? "" : "es",
                            unlinkedLines.size() == 1 ? "" : "s",
                            lines(unlinkedLines),
                            chosen.name());
        }
        source.warn(message);
    }

    /**
     * For each loop flush (in {@code flushes}), the first lower flush issued at or after it was
     * issued that completed by the time it completed (any completion when it never completed), or
     * -1.
     */
    private static int[] carriers(RequestTableBuilder t, int[] flushes, int[] below) {
        int[] out = new int[flushes.length];
        long[] belowIssue = new long[below.length];
        for (int i = 0; i < below.length; i++) {
            belowIssue[i] = t.issue(below[i]);
        }
        for (int i = 0; i < flushes.length; i++) {
            int f = flushes[i];
            long from = t.issue(f);
            long until = t.complete(f);
            out[i] = -1;
            int k = firstAtOrAfter(belowIssue, from);
            for (int scanned = 0; k < below.length && scanned < SCAN; k++, scanned++) {
                int v = below[k];
                if (until != Time.NONE && t.issue(v) > until) {
                    break;
                }
                long done = t.complete(v);
                if (done != Time.NONE && (until == Time.NONE || done <= until)) {
                    out[i] = v;
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The flushes the device of a lane received, ordered by issue: data-less flush requests that
     * were issued, leaving out a flush bio issued as the flush machinery's flush below it (ADR
     * 0011: {@code Q FWS} is issued as its {@code D FN}; the latter is the device's flush).
     */
    private static int[] flushesOf(RequestTableBuilder t, int lane, boolean[] issuedAsChild) {
        int n = t.size();
        int m = 0;
        int[] rows = new int[16];
        for (int i = 0; i < n; i++) {
            if (t.lane(i) == lane
                    && t.op(i) == Op.FLUSH
                    && t.count(i) == 0
                    && !issuedAsChild[i]
                    && t.issue(i) != Time.NONE) {
                if (m == rows.length) {
                    rows = java.util.Arrays.copyOf(rows, m * 2);
                }
                rows[m++] = i;
            }
        }
        long[] issue = new long[m];
        for (int i = 0; i < m; i++) {
            issue[i] = t.issue(rows[i]);
        }
        int[] order = IntSort.stableOrderByKey(issue, m);
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = rows[order[i]];
        }
        return out;
    }

    /** Flush rows whose issue is that of a flush child on their own lane. */
    private static boolean[] issuedAsTheirChild(RequestTableBuilder t) {
        int n = t.size();
        boolean[] out = new boolean[n];
        for (int c = 0; c < n; c++) {
            int p = t.parent(c);
            if (p >= 0
                    && p < n
                    && t.op(c) == Op.FLUSH
                    && t.op(p) == Op.FLUSH
                    && t.lane(p) == t.lane(c)
                    && t.count(p) == 0
                    && t.issue(p) == t.issue(c)) {
                out[p] = true;
            }
        }
        return out;
    }

    private static int count(int[] carrier) {
        int k = 0;
        for (int c : carrier) {
            k += c >= 0 ? 1 : 0;
        }
        return k;
    }

    private static int firstAtOrAfter(long[] sorted, long key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static String lines(List<Integer> lines) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(5, lines.size()); i++) {
            b.append(i == 0 ? "" : ", ").append(lines.get(i));
        }
        if (lines.size() > 5) {
            b.append(String.format(Locale.ROOT, " and %,d more", lines.size() - 5));
        }
        return b.toString();
    }
}
