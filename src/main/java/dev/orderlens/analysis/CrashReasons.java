package dev.orderlens.analysis;

import dev.orderlens.model.Errno;
import dev.orderlens.model.Events;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the reason chains behind a {@link CrashResult}'s verdicts, on demand, from the same facts
 * the query used: the write's own times, its layer's flushes, writeback errors, the writes that
 * carry its data below, and the crash kind's boundary. {@link PromiseViolations} builds on its
 * steps.
 */
final class CrashReasons {
    /** How many carrying writes below a write are explained before "and N more". */
    private static final int MAX_KIDS_EXPLAINED = 4;

    private final CrashResult res;
    private final CrashAnalysis a;
    private final PreparedWrites writes;
    private final Requests r;
    private final long t;

    CrashReasons(CrashResult res) {
        this.res = res;
        this.a = res.a;
        this.writes = a.writes();
        this.r = writes.requests();
        this.t = res.point.atNs();
    }

    static String join(List<ReasonStep> steps) {
        StringBuilder sb = new StringBuilder();
        for (ReasonStep s : steps) {
            sb.append(sb.length() == 0 ? "" : " → ").append(s.text());
        }
        return sb.toString();
    }

    List<ReasonStep> explain(int row) {
        List<ReasonStep> out = new ArrayList<>();
        if (!a.isWrite(row)) {
            out.add(
                    ReasonStep.ofRequest(
                            row,
                            writes.submit(row),
                            name(row) + " does not change media contents"));
            return out;
        }
        WriteState s = res.state(row);
        if (s == WriteState.NOT_ISSUED) {
            out.add(
                    ReasonStep.ofRequest(
                            row,
                            writes.submit(row),
                            name(row)
                                    + " submitted at "
                                    + sec(writes.submit(row))
                                    + ", after the crash at "
                                    + sec(t)));
            out.add(ReasonStep.at(t, "not issued"));
            return out;
        }
        own(row, out);
        out.add(ReasonStep.at(t, verdict(row, s)));
        return out;
    }

    /** The steps at the row's own layer, then those of the writes below carrying its data. */
    private void own(int row, List<ReasonStep> out) {
        out.add(
                ReasonStep.ofRequest(
                        row,
                        writes.submit(row),
                        name(row)
                                + " (sectors "
                                + range(row)
                                + ") submitted at "
                                + sec(writes.submit(row))));
        progress(row, out);
        StackRole.Durability d = rule(row);
        WritebackErrors.Hits hits = a.hits(d);
        if (hits != null && hits.droppedBy(row, t)) {
            int ev = hits.droppedEvent(row);
            out.add(
                    ReasonStep.ofEvent(
                            ev,
                            hits.droppedAt(row),
                            "writeback error at "
                                    + sec(hits.droppedAt(row))
                                    + eventWhere(ev)
                                    + " while it was volatile: lost at the "
                                    + layerId(row)
                                    + " layer; later flushes do not bring it back"));
            return;
        }
        if (hits != null && hits.partlyHitBy(row, t)) {
            int ev = hits.partlyHitEvent(row);
            out.add(
                    ReasonStep.ofEvent(
                            ev,
                            hits.partlyHitAt(row),
                            "writeback error at "
                                    + sec(hits.partlyHitAt(row))
                                    + eventWhere(ev)
                                    + (hits.hitInFlight(row)
                                            ? " while it was in flight: its data may have been in the pages that failed, so it is never made durable"
                                            : " covers part of it while it was volatile: that part is lost, the rest is never made durable")));
        }
        boolean completedOk = writes.complete(row) <= t && writes.endedOk(row);
        if (completedOk) {
            durability(row, d, out);
        }
        int k0 = writes.kidsStart(row);
        int k1 = writes.kidsEnd(row);
        for (int j = k0; j < k1 && j < k0 + MAX_KIDS_EXPLAINED; j++) {
            int k = writes.kid(j);
            if (writes.submit(k) <= t) {
                out.add(ReasonStep.ofRequest(k, writes.submit(k), "carried below by " + name(k)));
                own(k, out);
            } else {
                out.add(
                        ReasonStep.ofRequest(
                                k,
                                writes.submit(k),
                                "not yet passed down at the crash: "
                                        + name(k)
                                        + " was submitted at "
                                        + sec(writes.submit(k))
                                        + ", so the data was still above the "
                                        + layerId(k)
                                        + " layer"));
            }
        }
        if (k1 - k0 > MAX_KIDS_EXPLAINED) {
            out.add(
                    ReasonStep.rule(
                            "and " + (k1 - k0 - MAX_KIDS_EXPLAINED) + " more writes below"));
        }
    }

    void progress(int row, List<ReasonStep> out) {
        long c = writes.complete(row);
        if (c <= t) {
            boolean ok = writes.endedOk(row);
            out.add(
                    ReasonStep.ofRequest(
                            row,
                            c,
                            ok
                                    ? "completed at " + sec(c)
                                    : "completed with "
                                            + Errno.statusText(r.status(row), r.errorCode(row))
                                            + " at "
                                            + sec(c)
                                            + ": how much of it landed is unknown"));
            return;
        }
        long is = writes.issue(row);
        String still =
                c == PreparedWrites.NEVER
                        ? "never completes in the trace"
                        : "completes at " + sec(c) + ", after the crash";
        if (is == Time.NONE) {
            out.add(
                    ReasonStep.ofRequest(
                            row,
                            Time.NONE,
                            "in flight at the crash (" + still + "; issue time unknown)"));
        } else if (is <= t) {
            out.add(
                    ReasonStep.ofRequest(
                            row,
                            is,
                            "issued at " + sec(is) + "; in flight at the crash (" + still + ")"));
        } else {
            out.add(
                    ReasonStep.ofRequest(
                            row,
                            is,
                            "not yet issued at the crash (issued at "
                                    + sec(is)
                                    + "): still in "
                                    + StackLevel.describe(writes.role(row).holdLevel())));
        }
    }

    /** How the row's own layer made (or did not make) it durable. */
    void durability(int row, StackRole.Durability d, List<ReasonStep> out) {
        CacheMode mode = a.cacheModeOf(row, res.point.cacheModes());
        StackRole role = writes.role(row);
        switch (d) {
            case ON_COMPLETE ->
                    out.add(
                            ReasonStep.rule(
                                    role == StackRole.DEVICE || mode == CacheMode.NONE
                                            ? "the device has no volatile write cache: durable when it completes"
                                            : "cache="
                                                    + mode.jsonName()
                                                    + ": each write is durable when it completes"));
            case NEVER -> {
                out.add(
                        ReasonStep.rule(
                                "cache=unsafe: QEMU ignores guest flushes, so no flush or FUA makes it durable"));
                if (writes.flushOrFuaAt(row) <= t) {
                    told(row, out, "(the " + layerId(row) + " layer was still told durable: ");
                }
            }
            case FLUSH_OR_FUA -> {
                if (writes.flushOrFuaAt(row) <= t) {
                    told(row, out, "");
                } else {
                    notCovered(row, out);
                }
            }
        }
    }

    void told(int row, List<ReasonStep> out, String prefix) {
        int f = writes.coveringFlush(row);
        String close = prefix.isEmpty() ? "" : ")";
        if (f < 0) {
            out.add(
                    ReasonStep.ofRequest(
                            row,
                            writes.complete(row),
                            prefix
                                    + "FUA write completed OK at "
                                    + sec(writes.complete(row))
                                    + ": durable at this layer"
                                    + close));
        } else {
            out.add(
                    ReasonStep.ofRequest(
                            f,
                            writes.complete(f),
                            prefix
                                    + "completed at or before "
                                    + name(f)
                                    + " was submitted at "
                                    + sec(writes.submit(f))
                                    + "; it completed OK at "
                                    + sec(writes.complete(f))
                                    + ": durable at this layer"
                                    + close));
        }
    }

    private void notCovered(int row, List<ReasonStep> out) {
        long c = writes.complete(row);
        int d = writes.domain(row);
        int from = writes.flushesStart(d);
        // the last flush submitted while it was in flight does not cover it
        int last = writes.firstFlushSubmittedFrom(d, c) - 1;
        while (last >= from && writes.flushRow(last) == row) {
            last--;
        }
        if (last >= from && writes.submit(writes.flushRow(last)) >= writes.submit(row)) {
            int f = writes.flushRow(last);
            out.add(
                    ReasonStep.ofRequest(
                            f,
                            writes.submit(f),
                            name(f)
                                    + " was submitted at "
                                    + sec(writes.submit(f))
                                    + ", before it completed: it does not cover it"));
        }
        int f = writes.coveringFlush(row);
        if (f >= 0) {
            out.add(
                    ReasonStep.ofRequest(
                            f,
                            writes.submit(f),
                            name(f)
                                    + " submitted at "
                                    + sec(writes.submit(f))
                                    + " would cover it but completes at "
                                    + sec(writes.complete(f))
                                    + ", after the crash"));
        } else if (!writes.isFua(row)) {
            int pending = pendingFlush(row);
            if (pending >= 0) {
                out.add(
                        ReasonStep.ofRequest(
                                pending,
                                writes.submit(pending),
                                name(pending)
                                        + " submitted at "
                                        + sec(writes.submit(pending))
                                        + " would cover it but "
                                        + (writes.complete(pending) == PreparedWrites.NEVER
                                                ? "never completes"
                                                : "does not complete OK")
                                        + ": volatile at this layer"));
            } else {
                out.add(
                        ReasonStep.rule(
                                "no completed flush was submitted after it completed, and it is not FUA:"
                                        + " volatile at this layer"));
            }
        }
    }

    /**
     * A flush submitted after the write completed and by the crash that never completes OK, or -1.
     */
    private int pendingFlush(int row) {
        int d = writes.domain(row);
        int to = writes.flushesEnd(d);
        int j = writes.firstFlushSubmittedFrom(d, writes.complete(row));
        for (int seen = 0;
                j < to && writes.submit(writes.flushRow(j)) <= t && seen < 8;
                j++, seen++) {
            if (writes.flushRow(j) != row) {
                return writes.flushRow(j);
            }
        }
        return -1;
    }

    String verdict(int row, WriteState s) {
        CrashKind kind = res.point.kind();
        int lo = res.lo[row];
        int hi = res.hi[row];
        String boundary =
                switch (kind) {
                    case POWER_LOSS -> "power loss at " + sec(t) + ": only stable media survives";
                    case QEMU_KILL ->
                            "QEMU killed at " + sec(t) + ": what reached the host kernel survives";
                    case GUEST_CRASH ->
                            "guest crash at "
                                    + sec(t)
                                    + ": what the guest handed to the virtqueue survives";
                };
        String where;
        if (hi == StackLevel.ABSENT) {
            where = "its data is gone";
        } else if (lo == StackLevel.ABSENT) {
            where =
                    "part of its data may be gone, the rest may have reached "
                            + StackLevel.describe(hi);
        } else if (lo == hi && lo == StackLevel.QEMU && aboveVirtio(row)) {
            // issued by the guest driver but not yet taken up by the virtio layer: the buffers are
            // still the guest's memory (the virtqueue only points at them)
            where =
                    "its data is still in the guest: handed to the virtqueue, not yet taken up by"
                            + " QEMU's virtio layer";
        } else if (lo == hi) {
            where = "its data is in " + StackLevel.describe(lo);
        } else {
            where =
                    "its data may be anywhere from "
                            + StackLevel.describe(lo)
                            + " down to "
                            + StackLevel.describe(hi);
        }
        return boundary + "; " + where + " → " + s.jsonName();
    }

    /** A guest write no request below had taken up by the crash (the trace has a layer below). */
    private boolean aboveVirtio(int row) {
        if (writes.role(row) != StackRole.GUEST || a.topLayer() < 0) {
            return false;
        }
        boolean layerBelow = false;
        for (int l = r.layer(row) + 1; l < a.trace().layers().size() && !layerBelow; l++) {
            layerBelow = StackRole.of(a.trace().layers().get(l).id()) == StackRole.VIRTIO;
        }
        if (!layerBelow) {
            return false;
        }
        for (int j = writes.kidsStart(row); j < writes.kidsEnd(row); j++) {
            if (writes.submit(writes.kid(j)) <= t) {
                return false;
            }
        }
        return true;
    }

    // ---- formatting ----

    StackRole.Durability rule(int row) {
        return a.rule(row, res.point.cacheModes());
    }

    String eventWhere(int ev) {
        Events e = a.trace().events();
        StringBuilder sb = new StringBuilder();
        if (ev < 0 || ev >= e.size()) {
            return "";
        }
        if (e.layer(ev) >= 0 && e.layer(ev) < a.trace().layers().size()) {
            sb.append(" at the ").append(a.trace().layers().get(e.layer(ev)).id()).append(" layer");
        }
        if (e.sector(ev) >= 0 && e.count(ev) > 0) {
            sb.append(" on sectors ").append(e.sector(ev)).append('+').append(e.count(ev));
        }
        if (e.sourceLine(ev) > 0) {
            sb.append(" (line ").append(e.sourceLine(ev)).append(')');
        }
        return sb.toString();
    }

    String name(int row) {
        return a.trace().names().label(row);
    }

    String layerId(int row) {
        return a.trace().layerId(row);
    }

    String range(int row) {
        return writes.sector(row) + "+" + writes.count(row);
    }

    static String sec(long ns) {
        return ns == PreparedWrites.NEVER ? "never" : Time.formatSeconds(ns) + " s";
    }
}
