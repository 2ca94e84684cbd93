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
 * carry its data below, and the crash kind's boundary. Also finds promise violations, whose reasons
 * need the same walk.
 */
final class CrashReasons {
    /** How many carrying writes below a write are explained before "and N more". */
    private static final int MAX_KIDS_EXPLAINED = 4;

    private final CrashResult res;
    private final CrashAnalysis a;
    private final Requests r;
    private final long t;

    CrashReasons(CrashResult res) {
        this.res = res;
        this.a = res.a;
        this.r = a.requests;
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
                            row, a.submit[row], name(row) + " does not change media contents"));
            return out;
        }
        WriteState s = res.state(row);
        if (s == WriteState.NOT_ISSUED) {
            out.add(
                    ReasonStep.ofRequest(
                            row,
                            a.submit[row],
                            name(row)
                                    + " submitted at "
                                    + sec(a.submit[row])
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
                        a.submit[row],
                        name(row)
                                + " (sectors "
                                + range(row)
                                + ") submitted at "
                                + sec(a.submit[row])));
        progress(row, out);
        StackRole.Durability d = rule(row);
        WritebackErrors.Hits hits = a.errors == null ? null : a.errors.hits(d);
        // fullAt/partAt are Long.MAX_VALUE when no error hit the row: a crash at the end of time
        // (t = Long.MAX_VALUE) must not take that for a hit with event -1
        if (hits != null && hits.fullEvent[row] >= 0 && hits.fullAt[row] <= t) {
            int ev = hits.fullEvent[row];
            out.add(
                    ReasonStep.ofEvent(
                            ev,
                            hits.fullAt[row],
                            "writeback error at "
                                    + sec(hits.fullAt[row])
                                    + eventWhere(ev)
                                    + " while it was volatile: lost at the "
                                    + layerId(row)
                                    + " layer; later flushes do not bring it back"));
            return;
        }
        if (hits != null && hits.partEvent[row] >= 0 && hits.partAt[row] <= t) {
            int ev = hits.partEvent[row];
            out.add(
                    ReasonStep.ofEvent(
                            ev,
                            hits.partAt[row],
                            "writeback error at "
                                    + sec(hits.partAt[row])
                                    + eventWhere(ev)
                                    + (hits.hitInFlight.get(row)
                                            ? " while it was in flight: its data may have been in the pages that failed, so it is never made durable"
                                            : " covers part of it while it was volatile: that part is lost, the rest is never made durable")));
        }
        boolean completedOk = a.complete[row] <= t && (a.bits[row] & CrashAnalysis.OK) != 0;
        if (completedOk) {
            durability(row, d, out);
        }
        int k0 = a.kidStart[row];
        int k1 = a.kidStart[row + 1];
        for (int j = k0; j < k1 && j < k0 + MAX_KIDS_EXPLAINED; j++) {
            int k = a.kids[j];
            if (a.submit[k] <= t) {
                out.add(ReasonStep.ofRequest(k, a.submit[k], "carried below by " + name(k)));
                own(k, out);
            } else {
                out.add(
                        ReasonStep.ofRequest(
                                k,
                                a.submit[k],
                                "not yet passed down at the crash: "
                                        + name(k)
                                        + " was submitted at "
                                        + sec(a.submit[k])
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

    private void progress(int row, List<ReasonStep> out) {
        long c = a.complete[row];
        if (c <= t) {
            boolean ok = (a.bits[row] & CrashAnalysis.OK) != 0;
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
        long is = a.issue[row];
        String still =
                c == Long.MAX_VALUE
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
                                    + StackLevel.describe(a.roleOf(row).holdLevel())));
        }
    }

    /** How the row's own layer made (or did not make) it durable. */
    private void durability(int row, StackRole.Durability d, List<ReasonStep> out) {
        CacheMode mode = res.point.cacheMode();
        StackRole role = a.roleOf(row);
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
                if (a.flushFuaAt[row] <= t) {
                    told(row, out, "(the " + layerId(row) + " layer was still told durable: ");
                }
            }
            case FLUSH_OR_FUA -> {
                if (a.flushFuaAt[row] <= t) {
                    told(row, out, "");
                } else {
                    notCovered(row, out);
                }
            }
        }
    }

    private void told(int row, List<ReasonStep> out, String prefix) {
        int f = a.coveringFlush[row];
        String close = prefix.isEmpty() ? "" : ")";
        if (f < 0) {
            out.add(
                    ReasonStep.ofRequest(
                            row,
                            a.complete[row],
                            prefix
                                    + "FUA write completed OK at "
                                    + sec(a.complete[row])
                                    + ": durable at this layer"
                                    + close));
        } else {
            out.add(
                    ReasonStep.ofRequest(
                            f,
                            a.complete[f],
                            prefix
                                    + "completed at or before "
                                    + name(f)
                                    + " was submitted at "
                                    + sec(a.submit[f])
                                    + "; it completed OK at "
                                    + sec(a.complete[f])
                                    + ": durable at this layer"
                                    + close));
        }
    }

    private void notCovered(int row, List<ReasonStep> out) {
        long c = a.complete[row];
        int d = a.domain[row];
        int from = a.flushStart[d];
        int to = a.flushStart[d + 1];
        // the last flush submitted while it was in flight does not cover it
        int last = FlushCoverage.lowerBound(a.flushSubmit, from, to, c) - 1;
        while (last >= from && a.flushRows[last] == row) {
            last--;
        }
        if (last >= from && a.flushSubmit[last] >= a.submit[row]) {
            int f = a.flushRows[last];
            out.add(
                    ReasonStep.ofRequest(
                            f,
                            a.submit[f],
                            name(f)
                                    + " was submitted at "
                                    + sec(a.submit[f])
                                    + ", before it completed: it does not cover it"));
        }
        int f = a.coveringFlush[row];
        if (f >= 0) {
            out.add(
                    ReasonStep.ofRequest(
                            f,
                            a.submit[f],
                            name(f)
                                    + " submitted at "
                                    + sec(a.submit[f])
                                    + " would cover it but completes at "
                                    + sec(a.complete[f])
                                    + ", after the crash"));
        } else if ((a.bits[row] & CrashAnalysis.FUA) == 0) {
            int pending = pendingFlush(row);
            if (pending >= 0) {
                out.add(
                        ReasonStep.ofRequest(
                                pending,
                                a.submit[pending],
                                name(pending)
                                        + " submitted at "
                                        + sec(a.submit[pending])
                                        + " would cover it but "
                                        + (a.complete[pending] == Long.MAX_VALUE
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
        int d = a.domain[row];
        int to = a.flushStart[d + 1];
        int j = FlushCoverage.lowerBound(a.flushSubmit, a.flushStart[d], to, a.complete[row]);
        for (int seen = 0; j < to && a.flushSubmit[j] <= t && seen < 8; j++, seen++) {
            if (a.flushRows[j] != row) {
                return a.flushRows[j];
            }
        }
        return -1;
    }

    private String verdict(int row, WriteState s) {
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
        if (a.roleOf(row) != StackRole.GUEST || a.topLayer < 0) {
            return false;
        }
        boolean layerBelow = false;
        for (int l = r.layer(row) + 1; l < a.trace.layers().size() && !layerBelow; l++) {
            layerBelow = StackRole.of(a.trace.layers().get(l).id()) == StackRole.VIRTIO;
        }
        if (!layerBelow) {
            return false;
        }
        for (int j = a.kidStart[row]; j < a.kidStart[row + 1]; j++) {
            if (a.submit[a.kids[j]] <= t) {
                return false;
            }
        }
        return true;
    }

    // ---- promise violations ----

    /** Every violation with where its promise broke; no text is built (there may be very many). */
    List<CrashResult.PromiseViolation> promiseViolations() {
        List<CrashResult.PromiseViolation> out = new ArrayList<>();
        StackRole.Durability[] rules = new StackRole.Durability[StackRole.values().length];
        for (StackRole role : StackRole.values()) {
            rules[role.ordinal()] = role.durability(res.point.cacheMode(), a.deviceCache);
        }
        byte notIssued = WriteState.NOT_ISSUED.code();
        byte durable = WriteState.DURABLE.code();
        for (int row = 0; row < a.n; row++) {
            byte s = res.state[row];
            if (s == 0
                    || s == notIssued
                    || s == durable
                    || a.toldDurableAt(row, rules[a.role[row]]) > t) {
                continue;
            }
            out.add(new CrashResult.PromiseViolation(row, r.layer(row), culprit(row, null)));
        }
        return out;
    }

    /**
     * Why a write is a promise violation: how it was told durable, what below keeps it from being
     * so.
     */
    List<ReasonStep> violationReason(int row) {
        List<ReasonStep> steps = new ArrayList<>();
        steps.add(
                ReasonStep.ofRequest(
                        row, a.submit[row], name(row) + " (sectors " + range(row) + ")"));
        StackRole.Durability d = rule(row);
        if (d == StackRole.Durability.ON_COMPLETE) {
            steps.add(
                    ReasonStep.ofRequest(
                            row,
                            a.complete[row],
                            "completed at "
                                    + sec(a.complete[row])
                                    + " under cache="
                                    + res.point.cacheMode().jsonName()
                                    + ": told durable"));
        } else {
            told(row, steps, "");
            steps.set(steps.size() - 1, relabel(steps.get(steps.size() - 1)));
        }
        culprit(row, steps);
        steps.add(ReasonStep.at(t, verdict(row, res.state(row))));
        return steps;
    }

    private static ReasonStep relabel(ReasonStep s) {
        return new ReasonStep(
                s.text().replace(": durable at this layer", ": told durable"),
                s.request(),
                s.event(),
                s.time());
    }

    /**
     * Finds what keeps the row from being durable and returns the id of the layer where that is;
     * adds the steps saying so to {@code out} unless it is null.
     */
    private String culprit(int row, List<ReasonStep> out) {
        StackRole.Durability d = rule(row);
        WritebackErrors.Hits hits = a.errors == null ? null : a.errors.hits(d);
        // fullAt/partAt are Long.MAX_VALUE when no error hit the row: a crash at the end of time
        // (t = Long.MAX_VALUE) must not take that for a hit with event -1
        if (hits != null && hits.fullEvent[row] >= 0 && hits.fullAt[row] <= t) {
            return errorStep(hits.fullEvent[row], hits.fullAt[row], row, out, "dropped it");
        }
        if (hits != null && hits.partEvent[row] >= 0 && hits.partAt[row] <= t) {
            return errorStep(
                    hits.partEvent[row],
                    hits.partAt[row],
                    row,
                    out,
                    hits.hitInFlight.get(row)
                            ? "hit it while it was in flight"
                            : "dropped part of it");
        }
        int weakest = -1;
        int weakestLo = Integer.MAX_VALUE;
        for (int j = a.kidStart[row]; j < a.kidStart[row + 1]; j++) {
            int k = a.kids[j];
            int klo = a.submit[k] <= t ? res.lo[k] : -1;
            if (klo < weakestLo) {
                weakestLo = klo;
                weakest = k;
            }
        }
        if (weakest >= 0 && weakestLo < res.point.kind().survivingLevel()) {
            int k = weakest;
            if (a.submit[k] > t) {
                if (out != null) {
                    out.add(
                            ReasonStep.ofRequest(
                                    k,
                                    a.submit[k],
                                    "but the "
                                            + layerId(k)
                                            + " layer had not received it: "
                                            + name(k)
                                            + " was submitted at "
                                            + sec(a.submit[k])
                                            + ", after the crash"));
                }
                return layerId(k);
            }
            if (out != null) {
                out.add(
                        ReasonStep.ofRequest(
                                k,
                                a.submit[k],
                                "but below, "
                                        + name(k)
                                        + " is "
                                        + res.state(k).jsonName()
                                        + ": "
                                        + CrashReasons.join(ownSteps(k))));
            }
            if (a.kidStart[k] == a.kidStart[k + 1]
                    && !(a.errors != null
                            && a.errors.hits(rule(k)) != null
                            && ((a.errors.hits(rule(k)).fullEvent[k] >= 0
                                            && a.errors.hits(rule(k)).fullAt[k] <= t)
                                    || (a.errors.hits(rule(k)).partEvent[k] >= 0
                                            && a.errors.hits(rule(k)).partAt[k] <= t)))) {
                return layerId(k);
            }
            return culprit(k, out);
        }
        if (d == StackRole.Durability.NEVER) {
            if (out != null) {
                out.add(
                        ReasonStep.rule(
                                "but cache=unsafe: QEMU ignores guest flushes, so the host holds it volatile"));
            }
            return "host";
        }
        if (out != null) {
            out.add(ReasonStep.rule("but it is not durable below"));
        }
        return layerId(row);
    }

    private List<ReasonStep> ownSteps(int row) {
        List<ReasonStep> steps = new ArrayList<>();
        progress(row, steps);
        boolean completedOk = a.complete[row] <= t && (a.bits[row] & CrashAnalysis.OK) != 0;
        if (completedOk) {
            durability(row, rule(row), steps);
        }
        return steps;
    }

    private String errorStep(int ev, long at, int row, List<ReasonStep> out, String what) {
        if (out != null) {
            out.add(
                    ReasonStep.ofEvent(
                            ev,
                            at,
                            "but a writeback error at "
                                    + sec(at)
                                    + eventWhere(ev)
                                    + " "
                                    + what
                                    + " while it was volatile; later flushes do not bring it back"));
        }
        Events e = a.trace.events();
        int layer = e.layer(ev);
        return layer >= 0 ? a.trace.layers().get(layer).id() : layerId(row);
    }

    // ---- formatting ----

    private StackRole.Durability rule(int row) {
        return a.roleOf(row).durability(res.point.cacheMode(), a.deviceCache);
    }

    private String eventWhere(int ev) {
        Events e = a.trace.events();
        StringBuilder sb = new StringBuilder();
        if (ev < 0 || ev >= e.size()) {
            return "";
        }
        if (e.layer(ev) >= 0 && e.layer(ev) < a.trace.layers().size()) {
            sb.append(" at the ").append(a.trace.layers().get(e.layer(ev)).id()).append(" layer");
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
        return a.trace.names().label(row);
    }

    private String layerId(int row) {
        return a.trace.layerId(row);
    }

    private String range(int row) {
        return a.sector[row] + "+" + a.count[row];
    }

    static String sec(long ns) {
        return ns == Long.MAX_VALUE ? "never" : Time.formatSeconds(ns) + " s";
    }
}
