package dev.orderlens.analysis;

import dev.orderlens.model.Events;
import dev.orderlens.model.Requests;
import java.util.ArrayList;
import java.util.List;

/**
 * The promise violations of a {@link CrashResult} (docs/analysis.md): writes their layer told
 * durable that are not durable at the crash, with where the promise broke and why, found by the
 * same walk down the stack as {@link CrashReasons}, whose steps the reasons reuse.
 */
final class PromiseViolations {
    private final CrashResult res;
    private final CrashAnalysis a;
    private final PreparedWrites writes;
    private final Requests r;
    private final long t;
    private final CrashReasons base;

    PromiseViolations(CrashResult res) {
        this.res = res;
        this.a = res.a;
        this.writes = a.writes();
        this.r = writes.requests();
        this.t = res.point.atNs();
        this.base = new CrashReasons(res);
    }

    /** Every violation with where its promise broke; no text is built (there may be very many). */
    List<CrashResult.PromiseViolation> all() {
        List<CrashResult.PromiseViolation> out = new ArrayList<>();
        CrashAnalysis.Rules rules = a.new Rules(res.point.kind(), res.point.cacheModes());
        byte notIssued = WriteState.NOT_ISSUED.code();
        byte durable = WriteState.DURABLE.code();
        for (int row = 0; row < writes.size(); row++) {
            byte s = res.state[row];
            if (s == 0
                    || s == notIssued
                    || s == durable
                    || a.toldDurableAt(row, rules.ruleOf(row)) > t) {
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
    List<ReasonStep> reason(int row) {
        List<ReasonStep> steps = new ArrayList<>();
        steps.add(
                ReasonStep.ofRequest(
                        row,
                        writes.submit(row),
                        base.name(row) + " (sectors " + base.range(row) + ")"));
        StackRole.Durability d = base.rule(row);
        if (d == StackRole.Durability.ON_COMPLETE) {
            steps.add(
                    ReasonStep.ofRequest(
                            row,
                            writes.complete(row),
                            "completed at "
                                    + CrashReasons.sec(writes.complete(row))
                                    + " under cache="
                                    + a.cacheModeOf(row, res.point.cacheModes()).jsonName()
                                    + ": told durable"));
        } else {
            base.told(row, steps, "");
            steps.set(steps.size() - 1, relabel(steps.get(steps.size() - 1)));
        }
        culprit(row, steps);
        steps.add(ReasonStep.at(t, base.verdict(row, res.state(row))));
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
        StackRole.Durability d = base.rule(row);
        WritebackErrors.Hits hits = a.hits(d);
        if (hits != null && hits.droppedBy(row, t)) {
            return errorStep(hits.droppedEvent(row), hits.droppedAt(row), row, out, "dropped it");
        }
        if (hits != null && hits.partlyHitBy(row, t)) {
            return errorStep(
                    hits.partlyHitEvent(row),
                    hits.partlyHitAt(row),
                    row,
                    out,
                    hits.hitInFlight(row) ? "hit it while it was in flight" : "dropped part of it");
        }
        int weakest = -1;
        int weakestLo = Integer.MAX_VALUE;
        for (int j = writes.kidsStart(row); j < writes.kidsEnd(row); j++) {
            int k = writes.kid(j);
            int klo = writes.submit(k) <= t ? res.lo[k] : -1;
            if (klo < weakestLo) {
                weakestLo = klo;
                weakest = k;
            }
        }
        if (weakest >= 0 && weakestLo < res.point.kind().survivingLevel()) {
            int k = weakest;
            if (writes.submit(k) > t) {
                if (out != null) {
                    out.add(
                            ReasonStep.ofRequest(
                                    k,
                                    writes.submit(k),
                                    "but the "
                                            + base.layerId(k)
                                            + " layer had not received it: "
                                            + base.name(k)
                                            + " was submitted at "
                                            + CrashReasons.sec(writes.submit(k))
                                            + ", after the crash"));
                }
                return base.layerId(k);
            }
            if (out != null) {
                out.add(
                        ReasonStep.ofRequest(
                                k,
                                writes.submit(k),
                                "but below, "
                                        + base.name(k)
                                        + " is "
                                        + res.state(k).jsonName()
                                        + ": "
                                        + CrashReasons.join(ownSteps(k))));
            }
            WritebackErrors.Hits kidHits = a.hits(base.rule(k));
            if (!writes.hasKids(k)
                    && !(kidHits != null
                            && (kidHits.droppedBy(k, t) || kidHits.partlyHitBy(k, t)))) {
                return base.layerId(k);
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
        return base.layerId(row);
    }

    private List<ReasonStep> ownSteps(int row) {
        List<ReasonStep> steps = new ArrayList<>();
        base.progress(row, steps);
        boolean completedOk = writes.complete(row) <= t && writes.endedOk(row);
        if (completedOk) {
            base.durability(row, base.rule(row), steps);
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
                                    + CrashReasons.sec(at)
                                    + base.eventWhere(ev)
                                    + " "
                                    + what
                                    + " while it was volatile; later flushes do not bring it back"));
        }
        Events e = a.trace().events();
        int layer = e.layer(ev);
        return layer >= 0 ? a.trace().layers().get(layer).id() : base.layerId(row);
    }
}
