package dev.orderlens.analysis;

import dev.orderlens.model.Flags;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.Set;

/**
 * What every crash output says, built once from a {@link CrashResult}: the point, the counts, the
 * crash-state count in words, the writes at risk (each with a one-line reason, the full chain on
 * demand), promise violations, lost predecessors, the findings' totals, and the wording of the
 * empty cases and of "… and N more". {@code analyze}'s text, the HTML report, the analysis JSON,
 * the crash CSV and the app's crash pane render it; none of them scans the rows or words a case
 * itself.
 *
 * <p>Cheap to build (the counts are the result's); reasons are computed per write when asked for.
 */
public final class CrashReport {
    /** The states in the order every output lists them. */
    public static final List<WriteState> STATES =
            List.of(
                    WriteState.DURABLE,
                    WriteState.VOLATILE,
                    WriteState.IN_FLIGHT,
                    WriteState.LOST,
                    WriteState.NOT_ISSUED);

    /** Every write, whatever its state. */
    public static final Set<WriteState> ALL = EnumSet.allOf(WriteState.class);

    /** In flight, volatile or lost: issued and not certain to survive. */
    public static final Set<WriteState> AT_RISK =
            EnumSet.of(WriteState.IN_FLIGHT, WriteState.VOLATILE, WriteState.LOST);

    /** Rows a terminal shows per list before "… and N more". */
    public static final int TEXT_ROWS = 50;

    /** Rows a report's table shows (the CSV and JSON hold them all). */
    public static final int HTML_ROWS = 1000;

    /** Violations and lost predecessors the app's pane lists. */
    public static final int PANE_ROWS = 200;

    public static final String NO_AT_RISK = "None: every issued write is durable at this crash.";
    public static final String NO_VIOLATIONS =
            "None: no write was told durable that is not durable at this crash.";
    public static final String NO_LOST_PREDECESSORS =
            "None: no write may survive while a write that completed before it may not.";

    /** One write as the lists show it. */
    public record Write(
            int row,
            String name,
            String source,
            String layer,
            String lane,
            String op,
            String flags,
            long sector,
            int count,
            long submitNs,
            long completeNs,
            WriteState state,
            String dataTag) {
        /** "81920+8", or "" for a write of no sectors. */
        public String sectors() {
            return count == 0 ? "" : sector + "+" + count;
        }

        /** Submit time in seconds. */
        public String submitted() {
            return Time.formatSeconds(submitNs);
        }

        /** Completion time in seconds, or "never". */
        public String completed() {
            return completeNs == Time.NONE ? "never" : Time.formatSeconds(completeNs);
        }
    }

    /** A write told durable by {@code toldLayer} that is not durable; broken at {@code below}. */
    public record Violation(Write write, String toldLayer, String belowLayer) {}

    /** A write that may survive while {@code predecessors} earlier ones may not. */
    public record LostPredecessor(Write write, Write predecessor, int predecessors) {}

    /** The ordering findings' totals. */
    public record Findings(long crossing, long overtaking, long concurrent, long drain) {
        public static Findings of(OrderingFindings f) {
            return f == null
                    ? null
                    : new Findings(
                            f.crossing().total(),
                            f.overtaking().total(),
                            f.concurrentOverlaps().total(),
                            f.drainViolations().total());
        }

        /** "0 crossing, 2 overtaking, 0 concurrent overlapping, 0 drain violations". */
        public String text() {
            return String.format(
                    Locale.ROOT,
                    "%,d crossing, %,d overtaking, %,d concurrent overlapping, %,d drain violations",
                    crossing,
                    overtaking,
                    concurrent,
                    drain);
        }
    }

    private final CrashResult result;
    private final Trace trace;
    private final Requests r;
    private final Findings findings;

    private CrashReport(CrashResult result, OrderingFindings findings) {
        this.result = result;
        this.trace = result.analysis().trace();
        this.r = trace.requests();
        this.findings = Findings.of(findings);
    }

    /**
     * @param findings the trace's ordering findings, or null when not analysed
     */
    public static CrashReport of(CrashResult result, OrderingFindings findings) {
        return new CrashReport(result, findings);
    }

    public CrashResult result() {
        return result;
    }

    public Trace trace() {
        return trace;
    }

    public CrashPoint point() {
        return result.point();
    }

    /** The findings' totals, or null when they were not analysed. */
    public Findings findings() {
        return findings;
    }

    /** "power-loss at 0.500000000 s, cache=writeback, tearing=sector". */
    public String pointText() {
        return pointText(point());
    }

    /** A crash point in words, as every output names it. */
    public static String pointText(CrashPoint p) {
        return p.kind().jsonName()
                + " at "
                + Time.formatSeconds(p.atNs())
                + " s, cache="
                + cacheText(p.cacheModes())
                + ", tearing="
                + p.tearing().jsonName();
    }

    /**
     * The cache modes in words: "unsafe" when every disk has one mode, else each disk's, "blk0
     * unsafe, blk1 none".
     */
    public static String cacheText(CacheModes m) {
        return m.label();
    }

    /** The id of the layer whose writes make up the media contents, or null without writes. */
    public String contentLayer() {
        return result.contentLayer() < 0 ? null : trace.layers().get(result.contentLayer()).id();
    }

    public int count(WriteState s) {
        return result.count(s);
    }

    /** Writes in flight, volatile or lost. */
    public int atRiskCount() {
        int n = 0;
        for (WriteState s : AT_RISK) {
            n += result.count(s);
        }
        return n;
    }

    /** Writes in any of {@code states}. */
    public long count(Set<WriteState> states) {
        long n = 0;
        for (WriteState s : states) {
            n += result.count(s);
        }
        return n;
    }

    /** "durable 132, volatile 0, in flight 0, lost 0, not issued 0". */
    public String countsText() {
        StringBuilder sb = new StringBuilder();
        for (WriteState s : STATES) {
            sb.append(sb.length() == 0 ? "" : ", ")
                    .append(s.jsonName().replace('-', ' '))
                    .append(' ')
                    .append(String.format(Locale.ROOT, "%,d", result.count(s)));
        }
        return sb.toString();
    }

    /**
     * The crash-state count in words. A state is one combination of which tearing units of the
     * uncertain writes landed (docs/analysis.md §7), so the count is exact as a count of
     * combinations; distinct media contents may be fewer where uncertain writes overlap. "2^624
     * crash states: 624 sectors of 44 uncertain writes may each land or not".
     */
    public String statesText() {
        int k = result.uncertainWrites();
        if (k == 0) {
            return "1 crash state: 0 uncertain writes";
        }
        long u = result.uncertainUnits();
        String writes = String.format(Locale.ROOT, "%,d uncertain write%s", k, k == 1 ? "" : "s");
        String units = String.format(Locale.ROOT, "%,d", u);
        return switch (point().tearing()) {
            case SECTOR ->
                    "2^"
                            + units
                            + " crash states: "
                            + units
                            + " sectors of "
                            + writes
                            + " may each land or not";
            case GARBAGE ->
                    "3^"
                            + units
                            + " crash states: "
                            + units
                            + " sectors of "
                            + writes
                            + " may each keep their old data, land, or hold garbage";
            case ATOMIC_4K ->
                    "2^"
                            + units
                            + " crash states: "
                            + units
                            + " 4 KiB pieces of "
                            + writes
                            + " may each land or not";
            case ATOMIC_WRITE ->
                    "2^" + units + " crash states: " + writes + " may each land or not";
        };
    }

    /** The rows of the writes in {@code states}, in row (submit) order; no list is built. */
    public PrimitiveIterator.OfInt rows(Set<WriteState> states) {
        return new PrimitiveIterator.OfInt() {
            private int next = advance(0);

            private int advance(int from) {
                for (int row = from; row < r.size(); row++) {
                    WriteState s = result.state(row);
                    if (s != null && states.contains(s)) {
                        return row;
                    }
                }
                return r.size();
            }

            @Override
            public boolean hasNext() {
                return next < r.size();
            }

            @Override
            public int nextInt() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int row = next;
                next = advance(row + 1);
                return row;
            }
        };
    }

    /** Up to {@code limit} writes at risk, in row order. */
    public List<Write> atRisk(int limit) {
        List<Write> out = new ArrayList<>();
        PrimitiveIterator.OfInt it = rows(AT_RISK);
        while (it.hasNext() && out.size() < limit) {
            out.add(write(it.nextInt()));
        }
        return out;
    }

    /** A request row as the lists show it (state null for rows that are not writes). */
    public Write write(int row) {
        int f = r.flags(row) & (Flags.PREFLUSH | Flags.FUA);
        return new Write(
                row,
                trace.names().id(row),
                trace.names().source(row),
                trace.layerId(row),
                trace.lanes().get(r.lane(row)).name(),
                r.op(row).jsonName(),
                f == 0 ? "" : Flags.display(f),
                r.sector(row),
                r.count(row),
                r.submit(row),
                r.complete(row),
                result.state(row),
                r.dataTag(row));
    }

    /** Why a write is in its state, step by step. */
    public List<ReasonStep> chain(int row) {
        return result.reason(row);
    }

    /** {@link #chain} as one line, steps joined by arrows. */
    public String chainText(int row) {
        return result.reasonText(row);
    }

    /** Steps joined by arrows, as {@link #chainText}. */
    public static String join(List<ReasonStep> steps) {
        return CrashReasons.join(steps);
    }

    /**
     * The step that decides, in one line: the last step before the verdict (the layer where the
     * data was not yet durable, the error, the crash boundary), named by its request.
     */
    public String reasonLine(int row) {
        List<ReasonStep> steps = result.reason(row);
        if (steps.size() <= 2) {
            return steps.isEmpty() ? "" : steps.get(0).text();
        }
        ReasonStep decisive = steps.get(steps.size() - 2);
        String text = decisive.text();
        // the request the step is about: its own, else the nearest one named before it
        int about = -1;
        for (int i = steps.size() - 2; i >= 0 && about < 0; i--) {
            about = steps.get(i).request();
        }
        if (about >= 0) {
            String who = trace.names().id(about);
            if (!text.startsWith(who)) {
                text = who + ": " + text;
            }
        }
        // the verdict's "where its data may be", without the boundary and the state the row shows
        String verdict = steps.get(steps.size() - 1).text();
        int semi = verdict.indexOf("; ");
        int arrow = verdict.lastIndexOf(" → ");
        return semi < 0 || arrow < semi ? text : text + "; " + verdict.substring(semi + 2, arrow);
    }

    public int violationCount() {
        return result.promiseViolations().size();
    }

    /** Up to {@code limit} promise violations, in row order. */
    public List<Violation> violations(int limit) {
        List<Violation> out = new ArrayList<>();
        for (CrashResult.PromiseViolation v : result.promiseViolations()) {
            if (out.size() == limit) {
                break;
            }
            out.add(
                    new Violation(
                            write(v.row()), trace.layers().get(v.layer()).id(), v.belowLayer()));
        }
        return out;
    }

    /** How a violation's write was told durable and what below keeps it from being so. */
    public String violationReason(int row) {
        return result.violationReasonText(row);
    }

    public int lostPredecessorCount() {
        return result.lostPredecessors().size();
    }

    /** Up to {@code limit} lost predecessors, in row order. */
    public List<LostPredecessor> lostPredecessors(int limit) {
        List<LostPredecessor> out = new ArrayList<>();
        for (CrashResult.LostPredecessor lp : result.lostPredecessors()) {
            if (out.size() == limit) {
                break;
            }
            out.add(
                    new LostPredecessor(
                            write(lp.row()), write(lp.predecessor()), lp.predecessors()));
        }
        return out;
    }

    /** "… and 1,234 more writes at risk", or null when nothing was left out. */
    public static String more(long total, long shown, String what) {
        return total > shown
                ? String.format(Locale.ROOT, "… and %,d more %s", total - shown, what)
                : null;
    }

    /** What a state means, for legends and tables. */
    public static String meaning(WriteState s) {
        return switch (s) {
            case DURABLE -> "certain to survive";
            case VOLATILE ->
                    "completed, not yet durable: may or may not survive, in any order, possibly torn";
            case IN_FLIGHT ->
                    "issued, not completed: may be on media, partly (torn), or not at all";
            case LOST -> "issued, certain not to survive";
            case NOT_ISSUED -> "submitted after the crash";
        };
    }
}
