package dev.orderlens.analysis;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The teaching mode's story of a trace: every request's submit, issue and completion and every
 * point event, in time order, each with one line saying what just happened and what it does and
 * does not promise — generated from the model (op, flags, layer) and the durability rules of
 * docs/analysis.md under a cache mode. At one instant completions come first (a flush submitted
 * when a write completes covers it), then point events, then submissions and issues.
 */
public final class Narration {
    /** What a step is. */
    public enum Kind {
        COMPLETE,
        EVENT,
        SUBMIT,
        ISSUE
    }

    /** One step: a request row's submit/issue/complete, or an event row. */
    public record Step(long time, Kind kind, int row) {}

    /** Writes named in a "not covered" list before "and N more". */
    private static final int NAMED = 3;

    private final CrashAnalysis a;
    private final Trace t;
    private final Requests r;
    private final CacheModes modes;
    private final List<Step> steps;

    private Narration(CrashAnalysis a, CacheModes modes) {
        this.a = a;
        this.t = a.trace();
        this.r = t.requests();
        this.modes = modes;
        this.steps = buildSteps(t);
    }

    /** The story of an analysed trace under one cache mode for every disk. */
    public static Narration of(CrashAnalysis a, CacheMode mode) {
        return new Narration(a, CacheModes.all(mode));
    }

    /**
     * The story of an analysed trace under each disk's cache mode (usually {@link
     * CrashAnalysis#defaultCacheModes()}).
     */
    public static Narration of(CrashAnalysis a, CacheModes modes) {
        return new Narration(a, modes);
    }

    public List<Step> steps() {
        return steps;
    }

    public Step step(int i) {
        return steps.get(i);
    }

    public int size() {
        return steps.size();
    }

    /** The index of the last step at or before {@code ns} (-1: before the first). */
    public int lastStepAtOrBefore(long ns) {
        int lo = 0;
        int hi = steps.size() - 1;
        int best = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (steps.get(mid).time() <= ns) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    private static List<Step> buildSteps(Trace t) {
        Requests r = t.requests();
        List<Step> out = new ArrayList<>();
        for (int row = 0; row < r.size(); row++) {
            if (Time.isSet(r.submit(row))) {
                out.add(new Step(r.submit(row), Kind.SUBMIT, row));
            }
            long issue = r.issue(row);
            if (Time.isSet(issue) && issue != r.submit(row) && !r.has(row, Flags.NO_ISSUE)) {
                out.add(new Step(issue, Kind.ISSUE, row));
            }
            if (Time.isSet(r.complete(row))) {
                out.add(new Step(r.complete(row), Kind.COMPLETE, row));
            }
        }
        Events e = t.events();
        for (int ev = 0; ev < e.size(); ev++) {
            out.add(new Step(e.time(ev), Kind.EVENT, ev));
        }
        out.sort(
                Comparator.comparingLong(Step::time)
                        .thenComparing(Step::kind)
                        .thenComparingInt(Step::row));
        return List.copyOf(out);
    }

    /** The narration of step {@code i}. */
    public String text(int i) {
        return text(steps.get(i));
    }

    public String text(Step s) {
        return switch (s.kind()) {
            case SUBMIT -> submitted(s.row());
            case ISSUE -> issued(s.row());
            case COMPLETE -> completed(s.row());
            case EVENT -> event(s.row());
        };
    }

    // ---- names ----

    private String layerId(int row) {
        return t.layerId(row);
    }

    /** "guest#5 PREFLUSH|FUA write (sectors 1016+8, commit#1)". */
    String name(int row) {
        StringBuilder sb = new StringBuilder(t.names().label(row));
        boolean sectors = r.count(row) > 0;
        String tag = r.dataTag(row);
        if (sectors || tag != null) {
            sb.append(" (");
            if (sectors) {
                sb.append("sectors ").append(r.sector(row)).append('+').append(r.count(row));
            }
            if (tag != null) {
                sb.append(sectors ? ", " : "").append(tag);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private String shortName(int row) {
        String tag = r.dataTag(row);
        return t.names().id(row) + (tag == null ? "" : " " + tag);
    }

    private String device(int row) {
        return FlushDomains.device(t.lanes().get(r.lane(row)).name());
    }

    private StackRole.Durability rule(int row) {
        return StackRole.of(layerId(row))
                .durability(a.cacheModeOf(row, modes), a.deviceWriteCache());
    }

    private static String writes(int n) {
        return n == 1 ? "1 write" : n + " writes";
    }

    private String list(List<Integer> rows) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(NAMED, rows.size()); i++) {
            sb.append(i == 0 ? "" : ", ").append(shortName(rows.get(i)));
        }
        if (rows.size() > NAMED) {
            sb.append(" and ").append(rows.size() - NAMED).append(" more");
        }
        return sb.toString();
    }

    // ---- what a flush covers ----

    private boolean isWrite(int row) {
        return a.isWrite(row) && r.count(row) > 0;
    }

    /**
     * Writes of the flush's device and layer completed OK at or before {@code at} and not yet
     * durable by then.
     */
    private List<Integer> completedUncovered(int flush, long at) {
        List<Integer> out = new ArrayList<>();
        for (int w = 0; w < r.size(); w++) {
            if (w != flush
                    && isWrite(w)
                    && a.writes().domain(w) == a.writes().domain(flush)
                    && Time.isSet(r.complete(w))
                    && r.complete(w) <= at
                    && r.status(w) == Status.OK) {
                long durable = a.flushOrFuaDurableAt(w);
                if (!Time.isSet(durable) || durable > at) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    /**
     * Writes of the flush's device and layer in flight at {@code at}: submitted by then, not
     * completed.
     */
    private List<Integer> inFlight(int flush, long at) {
        List<Integer> out = new ArrayList<>();
        for (int w = 0; w < r.size(); w++) {
            if (w != flush
                    && isWrite(w)
                    && a.writes().domain(w) == a.writes().domain(flush)
                    && r.submit(w) <= at
                    && (!Time.isSet(r.complete(w)) || r.complete(w) > at)) {
                out.add(w);
            }
        }
        return out;
    }

    // ---- the lines ----

    private String submitted(int row) {
        String n = name(row);
        Op op = r.op(row);
        if (op == Op.FLUSH) {
            if (rule(row) == StackRole.Durability.NEVER) {
                return n
                        + " submitted; with cache=unsafe QEMU will ignore it: it makes nothing durable.";
            }
            List<Integer> covered = completedUncovered(row, r.submit(row));
            List<Integer> flying = inFlight(row, r.submit(row));
            String s =
                    n
                            + " submitted: when it completes, the "
                            + writes(covered.size())
                            + " of "
                            + device(row)
                            + " completed by now "
                            + (covered.size() == 1 ? "becomes" : "become")
                            + " durable";
            return s
                    + (flying.isEmpty()
                            ? "; nothing is in flight, so that is every write so far."
                            : "; the "
                                    + writes(flying.size())
                                    + " still in flight ("
                                    + list(flying)
                                    + ") "
                                    + (flying.size() == 1 ? "is" : "are")
                                    + " not covered, although submitted before it.");
        }
        if (!op.modifiesData()) {
            return n + " submitted: a " + op.jsonName() + "; it changes nothing on disk.";
        }
        StringBuilder sb =
                new StringBuilder(n)
                        .append(" submitted to the ")
                        .append(layerId(row))
                        .append(" layer: nothing is promised until it completes");
        boolean fua = r.has(row, Flags.FUA);
        if (r.has(row, Flags.PREFLUSH)) {
            List<Integer> covered = completedUncovered(row, r.submit(row));
            sb.append("; PREFLUSH: the ")
                    .append(writes(covered.size()))
                    .append(" of ")
                    .append(device(row))
                    .append(
                            " completed by now will be made durable first — not this write's own data")
                    .append(fua ? "" : ", which the preflush does not cover");
        }
        if (fua) {
            sb.append("; FUA: its own data will be durable when it completes");
        }
        return sb.append('.').toString();
    }

    private String issued(int row) {
        String where =
                switch (StackRole.of(layerId(row))) {
                    case GUEST -> "handed to the virtqueue (QEMU has it now)";
                    case VIRTIO -> "QEMU passed it to its block layer";
                    case HOST -> "QEMU called into the host kernel";
                    case DEVICE -> "dispatched to the device";
                };
        String rest =
                r.op(row) == Op.FLUSH
                        ? "the flush is on its way down."
                        : r.op(row).modifiesData()
                                ? "still not durable: it is in flight."
                                : "a read changes nothing on disk.";
        return name(row) + " issued: " + where + "; " + rest;
    }

    private String completed(int row) {
        String n = name(row);
        Op op = r.op(row);
        StackRole.Durability rule = rule(row);
        if (r.status(row) != Status.OK) {
            return op == Op.FLUSH
                    ? n + " failed: it made nothing durable."
                    : n
                            + " failed: its data may be anywhere or nowhere, and no flush will make it durable.";
        }
        if (op == Op.FLUSH) {
            return switch (rule) {
                case NEVER ->
                        n
                                + " completed, but cache=unsafe: QEMU ignored it — nothing became durable.";
                case ON_COMPLETE ->
                        n
                                + " completed: nothing to do, writes here are durable when they complete ("
                                + why(row)
                                + ").";
                case FLUSH_OR_FUA -> flushCompleted(row, n);
            };
        }
        if (!op.modifiesData()) {
            return n + " completed: a " + op.jsonName() + " changes nothing on disk.";
        }
        return switch (rule) {
            case NEVER ->
                    n
                            + " completed; with cache=unsafe QEMU ignores the guest's flushes and FUA, so nothing "
                            + "will ever promise this write is durable.";
            case ON_COMPLETE -> n + " completed: durable now — " + why(row) + ".";
            case FLUSH_OR_FUA -> writeCompleted(row, n);
        };
    }

    private String why(int row) {
        CacheMode mode = a.cacheModeOf(row, modes);
        return a.deviceWriteCache() || mode.writesThrough()
                ? "cache=" + mode.jsonName() + " writes through"
                : "the device has no volatile write cache";
    }

    private String flushCompleted(int row, String n) {
        long s = r.submit(row);
        List<Integer> covered = completedUncovered(row, s);
        List<Integer> flying = inFlight(row, s);
        String text =
                n
                        + " completed: the "
                        + writes(covered.size())
                        + " of "
                        + device(row)
                        + " completed before it was submitted at "
                        + Time.formatSeconds(s)
                        + " s "
                        + (covered.size() == 1 ? "is" : "are")
                        + " durable now";
        return text
                + (flying.isEmpty()
                        ? "."
                        : "; it promises nothing about the "
                                + writes(flying.size())
                                + " in flight then ("
                                + list(flying)
                                + ").");
    }

    private String writeCompleted(int row, String n) {
        boolean fua = r.has(row, Flags.FUA);
        StringBuilder sb = new StringBuilder(n).append(" completed");
        if (r.has(row, Flags.PREFLUSH)) {
            List<Integer> covered = completedUncovered(row, r.submit(row));
            sb.append(": its preflush made the ")
                    .append(writes(covered.size()))
                    .append(" completed before it was submitted durable");
            sb.append(
                    fua
                            ? "; FUA: its own data is durable too."
                            : "; its own data is not covered by its preflush: volatile until a later flush completes.");
            return sb.toString();
        }
        if (fua) {
            return sb.append(
                            " with FUA: its data is durable now. FUA says nothing about other writes still in a cache.")
                    .toString();
        }
        return sb.append(
                        ": acknowledged, but it may sit in a volatile cache — not durable until a flush submitted from now on completes.")
                .toString();
    }

    private String event(int ev) {
        Events e = t.events();
        EventKind k = e.kind(ev);
        String where =
                e.lane(ev) >= 0
                        ? FlushDomains.device(t.lanes().get(e.lane(ev)).name())
                        : e.layer(ev) >= 0 ? t.layers().get(e.layer(ev)).id() : "the host";
        String range = e.count(ev) > 0 ? " sectors " + e.sector(ev) + "+" + e.count(ev) : "";
        return switch (k) {
            case WRITEBACK_ERROR ->
                    "Writeback error on "
                            + where
                            + range
                            + ": the volatile writes it covers are lost — "
                            + "a later flush that succeeds will not bring them back.";
            case CRASH -> crash(e.text(ev) != null ? e.text(ev) : e.name(ev));
            case DRAIN -> "Drain on " + where + ": it promises that nothing is in flight there.";
            default ->
                    capitalise(k.jsonName())
                            + (e.text(ev) == null ? "" : ": " + e.text(ev))
                            + (range.isEmpty() ? "" : " (" + range.trim() + ")")
                            + ".";
        };
    }

    private static String crash(String kindText) {
        CrashKind k = CrashKind.parse(kindText);
        if (k == null) {
            return "Crash" + (kindText == null ? "" : " (" + kindText + ")") + ".";
        }
        return "Crash ("
                + k.jsonName()
                + "): "
                + switch (k) {
                    case POWER_LOSS ->
                            "only what reached stable media survives; every volatile cache is gone.";
                    case QEMU_KILL ->
                            "what reached the host kernel survives (page cache included); what was still inside QEMU is lost.";
                    case GUEST_CRASH ->
                            "what the guest handed to the virtqueue will still complete; what was still in the guest block layer is lost.";
                };
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
