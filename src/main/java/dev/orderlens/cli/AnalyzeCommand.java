package dev.orderlens.cli;

import dev.orderlens.analysis.CacheModeInference;
import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashReport;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.FindingGroups;
import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.analysis.PairList;
import dev.orderlens.analysis.ReasonStep;
import dev.orderlens.analysis.TraceSummary;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.export.AnalysisJson;
import dev.orderlens.export.CrashCsv;
import dev.orderlens.export.CsvExport;
import dev.orderlens.model.Errno;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orderlens analyze FILE... [--crash-at S ...] [--why NAME] [--json | --csv]}: ordering
 * findings over the whole trace and, at a crash point, what survives. The text is for people: the
 * counts first, then a compact table of the writes at risk with a one-line reason; {@code --why}
 * gives one write's whole chain. The JSON and CSV keep everything and are a contract (docs/cli.md).
 * All of it renders one {@link CrashReport}.
 */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description =
                "Find crossing and overtaking writes, concurrent overlapping writes and drain violations;"
                        + " with --crash-at, say which writes survive a crash there and why.")
final class AnalyzeCommand implements Callable<Integer> {
    /** Most crash states --crash-states may ask for. */
    static final int MAX_STATES = 1_000_000;

    /**
     * Most runs {@code --sectors} lists (a run: consecutive sectors with the same candidates, so a
     * 2^31-sector discard is one); about 100 MB of JSON.
     */
    static final int MAX_SECTOR_RUNS = 1_000_000;

    @Mixin TraceInputOptions input;

    @Mixin CrashPointOptions crashPoint;

    @Option(
            names = "--crash-states",
            paramLabel = "N",
            description = "List up to N crash states (needs --crash-at).")
    Integer crashStates;

    @Option(
            names = "--states",
            paramLabel = "STATE,...",
            split = ",",
            description =
                    "List only writes in these states: durable, volatile, in-flight, lost, not-issued"
                            + " (default: text: those at risk; JSON, CSV: all). Needs --crash-at.")
    List<String> states;

    @Option(
            names = "--limit",
            paramLabel = "N|all",
            description =
                    "List at most N writes (text: "
                            + CrashReport.TEXT_ROWS
                            + ", JSON: "
                            + AnalysisJson.DEFAULT_LIMIT
                            + ", CSV: all); the counts stay complete.")
    String limit;

    @Option(
            names = "--skip",
            paramLabel = "N",
            defaultValue = "0",
            description = "Skip the first N listed writes (a page: --skip 10000 --limit 10000).")
    long offset;

    @Option(
            names = "--why",
            paramLabel = "NAME",
            description =
                    "Print one write's whole reason chain: guest#722, virtio#722, or 722 when only"
                            + " one request has that id (needs --crash-at).")
    String why;

    @Option(
            names = "--sectors",
            description =
                    "List each written sector's possible contents (--json; needs --crash-at).")
    boolean sectors;

    @Option(
            names = "--group-by",
            paramLabel = "flush|process|range",
            defaultValue = "flush",
            description =
                    "Group the crossing and overtaking writes in the text by their flush, their"
                            + " process or their 1 MiB sector range, those a later durable write"
                            + " depends on first (default: flush; JSON has all three).")
    String groupBy;

    @Option(names = "--json", description = "Print one JSON object (see docs/cli.md).")
    boolean json;

    @Option(
            names = "--csv",
            description =
                    "Print the per-write outcomes as CSV with a header row (needs --crash-at).")
    boolean csv;

    @Option(
            names = "--columns",
            paramLabel = "COLUMN,...",
            split = ",",
            description =
                    "The --csv columns, in this order: crashSeconds, id, layer, lane, op, flags,"
                            + " sector, count, line, submitSeconds, completeSeconds, state, reason,"
                            + " name (default: all; crashSeconds only with several --crash-at).")
    List<String> columns;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (json && csv) {
            throw new UserError("--json and --csv cannot be combined");
        }
        if (why != null && (json || csv)) {
            throw new UserError("--why prints one write's chain: not with --json or --csv");
        }
        if (crashStates != null && (crashStates < 0 || crashStates > MAX_STATES)) {
            throw new UserError(
                    "--crash-states " + crashStates + ": expected a count from 0 to " + MAX_STATES);
        }
        if (offset < 0) {
            throw new UserError("--skip " + offset + ": expected a count of writes, 0 or more");
        }
        boolean several = crashPoint.times() > 1;
        if (several && !json && !csv) {
            throw new UserError(
                    "--crash-at is given "
                            + crashPoint.times()
                            + " times: several crash times need --json or --csv");
        }
        if (several && why != null) {
            throw new UserError(
                    "--why prints one write's chain at one crash time: give one --crash-at");
        }
        if (columns != null && !csv) {
            throw new UserError("--columns picks the --csv columns: add --csv");
        }
        List<CrashCsv.Column> csvColumns = parseColumns(several);
        crashPoint.validateSeveral(
                new String[][] {
                    {"--crash-states", crashStates == null ? null : ""},
                    {"--states", states == null ? null : ""},
                    {"--limit", limit},
                    {"--why", why},
                    {"--sectors", sectors ? "" : null},
                    {"--csv", csv ? "" : null}
                });
        FindingGroups.By by = FindingGroups.By.parse(groupBy);
        if (by == null) {
            throw new UserError("--group-by " + groupBy + ": expected flush, process or range");
        }
        Set<WriteState> stateFilter = parseStates();
        long max = parseLimit();

        Trace trace = input.load();
        if (several) {
            printSeveral(trace, stateFilter, max, csvColumns);
            return 0;
        }
        OrderingFindings findings = OrderingAnalysis.analyze(trace);
        CrashResult crash = crashPoint.analyze(trace);
        CrashReport report = crash == null ? null : CrashReport.of(crash, findings);
        if (json && sectors && crash != null) {
            long runs = crash.sectors().runCount();
            if (runs > MAX_SECTOR_RUNS) {
                throw new UserError(
                        String.format(
                                Locale.ROOT,
                                "--sectors: %,d runs of sectors with different contents, more than"
                                        + " the %,d listed at most; pick a smaller trace or leave"
                                        + " out --sectors",
                                runs,
                                MAX_SECTOR_RUNS));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (why != null) {
            printWhy(out, report, why);
        } else if (json) {
            new AnalysisJson(
                            trace,
                            findings,
                            report,
                            new AnalysisJson.Options(
                                    sectors,
                                    crashStates,
                                    stateFilter == null ? CrashReport.ALL : stateFilter,
                                    offset,
                                    max < 0 ? AnalysisJson.DEFAULT_LIMIT : max))
                    .write(out);
        } else if (csv) {
            new CrashCsv(csvColumns, out)
                    .rows(
                            report,
                            stateFilter == null ? CrashReport.ALL : stateFilter,
                            offset,
                            max < 0 ? Long.MAX_VALUE : max);
        } else {
            printText(
                    out,
                    trace,
                    findings,
                    by,
                    report,
                    stateFilter == null ? CrashReport.AT_RISK : stateFilter,
                    max < 0 ? CrashReport.TEXT_ROWS : max);
        }
        out.flush();
        return 0;
    }

    /**
     * Several --crash-at: the trace is read and prepared once, then each crash point is analysed
     * and printed in turn (one crash result held at a time): a {@code crashes} array in the JSON,
     * the rows of each time one after the other in the CSV.
     */
    private void printSeveral(
            Trace trace, Set<WriteState> stateFilter, long max, List<CrashCsv.Column> csvColumns)
            throws IOException {
        CrashAnalysis analysis = CrashAnalysis.of(trace);
        List<CrashPoint> points = crashPoint.points(analysis, null, java.util.Map.of());
        Set<WriteState> listed = stateFilter == null ? CrashReport.ALL : stateFilter;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            OrderingFindings findings = OrderingAnalysis.analyze(trace);
            Iterable<CrashReport> reports =
                    () ->
                            points.stream()
                                    .map(p -> CrashReport.of(analysis.at(p), findings))
                                    .iterator();
            AnalysisJson.ofSeveral(
                            trace,
                            findings,
                            reports,
                            new AnalysisJson.Options(
                                    sectors,
                                    crashStates,
                                    listed,
                                    offset,
                                    max < 0 ? AnalysisJson.DEFAULT_LIMIT : max))
                    .write(out);
        } else {
            // the CSV has no findings column: its reports are made without them (null)
            CrashCsv rows = new CrashCsv(csvColumns, out);
            for (CrashPoint p : points) {
                rows.rows(
                        CrashReport.of(analysis.at(p), null),
                        listed,
                        offset,
                        max < 0 ? Long.MAX_VALUE : max);
            }
        }
        out.flush();
    }

    /** The --columns asked for, or the default for one or several crash times. */
    private List<CrashCsv.Column> parseColumns(boolean several) {
        if (columns == null) {
            return several ? CrashCsv.SEVERAL_CRASHES : CrashCsv.ONE_CRASH;
        }
        List<CrashCsv.Column> out = new ArrayList<>();
        for (String name : columns) {
            CrashCsv.Column c = CrashCsv.Column.parse(name);
            if (c == null) {
                throw new UserError(
                        "--columns "
                                + name.trim()
                                + ": expected one of "
                                + CrashCsv.Column.names());
            }
            out.add(c);
        }
        return out;
    }

    /** The {@code --csv} header (written by {@link CsvExport#crashOutcomes}). */
    static final String[] CSV_HEADER = CsvExport.CRASH_HEADER.toArray(String[]::new);

    private Set<WriteState> parseStates() {
        if (states == null) {
            return null;
        }
        Set<WriteState> out = EnumSet.noneOf(WriteState.class);
        for (String s : states) {
            WriteState found = null;
            for (WriteState w : WriteState.values()) {
                if (w.jsonName().equalsIgnoreCase(s.trim())) {
                    found = w;
                }
            }
            if (found == null) {
                throw new UserError(
                        "--states "
                                + s
                                + ": expected durable, volatile, in-flight, lost or not-issued"
                                + (s.trim().matches("\\d+")
                                        ? " (to list crash states: --crash-states " + s.trim() + ")"
                                        : ""));
            }
            out.add(found);
        }
        return out;
    }

    /** The --limit given, Long.MAX_VALUE for "all", -1 when not given. */
    private long parseLimit() {
        if (limit == null) {
            return -1;
        }
        if (limit.equalsIgnoreCase("all")) {
            return Long.MAX_VALUE;
        }
        try {
            long n = Long.parseLong(limit.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new UserError("--limit " + limit + ": expected a count of writes or 'all'");
    }

    private static void printWhy(PrintWriter out, CrashReport report, String name) {
        Trace trace = report.trace();
        int[] rows = trace.names().find(name);
        if (rows.length == 0) {
            throw new UserError("--why " + name + ": no request of that name (e.g. guest#722)");
        }
        if (rows.length > 1) {
            List<String> names = new ArrayList<>();
            for (int row : rows) {
                names.add(trace.names().id(row));
            }
            throw new UserError(
                    "--why "
                            + name
                            + ": names "
                            + rows.length
                            + " requests: "
                            + String.join(", ", names));
        }
        int row = rows[0];
        CrashReport.Write w = report.write(row);
        out.printf(
                "%s %s%s%s (%s), sectors %s, submitted %s s, completed %s%n",
                w.name(),
                w.flags().isEmpty() ? "" : w.flags() + " ",
                w.op(),
                w.dataTag() == null ? "" : " " + w.dataTag(),
                w.source() == null ? "no source line" : w.source(),
                w.count() == 0 ? "none" : w.sectors(),
                w.submitted(),
                w.completeNs() == Time.NONE
                        ? "never"
                        : w.completed()
                                + " s"
                                + (trace.requests().status(row) == Status.ERROR
                                        ? " with "
                                                + Errno.statusText(
                                                        Status.ERROR,
                                                        trace.requests().errorCode(row))
                                        : ""));
        out.printf("crash     %s%n", report.pointText());
        out.printf("state     %s%n", w.state() == null ? "not a write" : w.state().jsonName());
        int i = 0;
        for (ReasonStep step : report.chain(row)) {
            out.printf("%3d. %s%n", ++i, step.text());
        }
        for (CrashReport.Violation v : report.violations(Integer.MAX_VALUE)) {
            if (v.write().row() == row) {
                out.printf("promise violation: %s%n", report.violationReason(row));
            }
        }
    }

    private static void printText(
            PrintWriter out,
            Trace trace,
            OrderingFindings f,
            FindingGroups.By by,
            CrashReport report,
            Set<WriteState> listed,
            long max) {
        TraceSummary s = TraceSummary.of(trace);
        StringBuilder layers = new StringBuilder();
        for (Layer l : trace.layers()) {
            layers.append(layers.length() == 0 ? "" : ", ")
                    .append(l.id())
                    .append(' ')
                    .append(s.byLayer().get(l.id()));
        }
        out.printf(
                "trace     %d requests (%s), %s s .. %s s, %d skipped lines%n",
                s.requests(),
                layers,
                Time.formatSeconds(s.startNs()),
                Time.formatSeconds(s.endNs()),
                s.skippedLines());
        List<CacheModeInference.DiskMode> disks = CacheModeInference.of(trace);
        for (CacheModeInference.DiskMode d : disks) {
            out.printf("cache     %s%n", d.describe(trace));
        }
        String note = CacheModeInference.differNote(disks);
        if (note != null) {
            out.printf("  note: %s%n", note);
        }
        out.printf("findings  %s%n", CrashReport.Findings.of(f).text());
        if (report != null) {
            out.printf(
                    "crash     %s; contents from the %s layer%n",
                    report.pointText(),
                    report.contentLayer() == null ? "(none)" : report.contentLayer());
            report.point()
                    .cacheModes()
                    .resolved(report.result().analysis().diskKeys())
                    .forEach((disk, c) -> out.printf("disk      %s: cache=%s%n", disk, c.text()));
            out.printf("counts    %s%n", report.countsText());
            out.printf("states    %s%n", report.statesText());
            out.printf(
                    "promises  %,d promise violations, %,d lost predecessors%n",
                    report.violationCount(), report.lostPredecessorCount());
            writesTable(out, report, listed, max);
            violations(out, report);
        }
        findingGroups(out, trace, FindingGroups.of(trace, f, by));
        findingPairs(out, trace, f);
    }

    /** The ranked groups: the first {@link #TEXT_GROUPS}, each with its first example. */
    private static void findingGroups(PrintWriter out, Trace trace, FindingGroups g) {
        if (g.groups().isEmpty()) {
            return;
        }
        out.printf("%ngroups    %s%n", g.text());
        int shown = Math.min(TEXT_GROUPS, g.groups().size());
        for (int i = 0; i < shown; i++) {
            FindingGroups.Group gr = g.groups().get(i);
            out.printf("  %2d. %s%n", i + 1, FindingGroups.line(gr));
            if (!gr.examples().isEmpty()) {
                out.printf("      e.g. %s%n", FindingGroups.text(trace, gr.examples().get(0)));
            }
        }
        if (g.groups().size() > shown) {
            out.printf(
                    "  ... and %,d more groups (--json lists them; --group-by flush|process|range)%n",
                    g.groups().size() - shown);
        }
    }

    /** Groups the text lists. */
    static final int TEXT_GROUPS = 10;

    private static void writesTable(
            PrintWriter out, CrashReport report, Set<WriteState> listed, long max) {
        long total = report.count(listed);
        String what =
                listed.equals(CrashReport.AT_RISK)
                        ? "writes at risk"
                        : "writes "
                                + String.join(
                                        "/", listed.stream().map(WriteState::jsonName).toList());
        out.printf("%n%s (%,d)%n", what, total);
        if (total == 0) {
            out.println(
                    listed.equals(CrashReport.AT_RISK) ? "  " + CrashReport.NO_AT_RISK : "  none");
            return;
        }
        List<CrashReport.Write> rows = new ArrayList<>();
        PrimitiveIterator.OfInt it = report.rows(listed);
        int width = 5;
        while (it.hasNext() && rows.size() < max) {
            CrashReport.Write w = report.write(it.nextInt());
            rows.add(w);
            width = Math.max(width, w.name().length());
        }
        String format = "  %-10s %-" + width + "s %-22s %-14s %-13s %-13s %s%n";
        out.printf(
                Locale.ROOT,
                format,
                "STATE",
                "WRITE",
                "OP",
                "SECTORS",
                "SUBMIT",
                "COMPLETE",
                "REASON");
        for (CrashReport.Write w : rows) {
            out.printf(
                    Locale.ROOT,
                    format,
                    w.state().jsonName(),
                    w.name(),
                    (w.flags().isEmpty() ? "" : w.flags() + " ") + w.op(),
                    w.sectors(),
                    w.submitted(),
                    w.completed(),
                    report.reasonLine(w.row()));
        }
        String more = CrashReport.more(total, rows.size(), what);
        if (more != null) {
            out.printf("  %s (--limit N, --json, --csv; --why NAME for one chain)%n", more);
        }
    }

    private static void violations(PrintWriter out, CrashReport report) {
        for (CrashReport.Violation v : report.violations(CrashReport.TEXT_ROWS)) {
            out.printf(
                    "promise violation: %s (told durable at the %s layer, broken at the %s layer)%n",
                    v.write().name(), v.toldLayer(), v.belowLayer());
        }
        String more =
                CrashReport.more(
                        report.violationCount(), CrashReport.TEXT_ROWS, "promise violations");
        if (more != null) {
            out.printf("  %s%n", more);
        }
        for (CrashReport.LostPredecessor lp : report.lostPredecessors(CrashReport.TEXT_ROWS)) {
            out.printf(
                    "lost predecessor: %s may survive while %s%s may not%n",
                    lp.write().name(),
                    lp.predecessor().name(),
                    lp.predecessors() > 1 ? " (and " + (lp.predecessors() - 1) + " more)" : "");
        }
        more =
                CrashReport.more(
                        report.lostPredecessorCount(), CrashReport.TEXT_ROWS, "lost predecessors");
        if (more != null) {
            out.printf("  %s%n", more);
        }
    }

    private static void findingPairs(PrintWriter out, Trace trace, OrderingFindings f) {
        Requests r = trace.requests();
        if (f.crossing().total()
                        + f.overtaking().total()
                        + f.concurrentOverlaps().total()
                        + f.drainViolations().total()
                > 0) {
            out.printf("%nfindings%n");
        }
        pairs(
                out,
                "crossing",
                f.crossing(),
                (a, b) ->
                        name(trace, a)
                                + " in flight when "
                                + name(trace, b)
                                + " was submitted at "
                                + Time.formatSeconds(r.submit(b))
                                + " s");
        pairs(
                out,
                "overtaking",
                f.overtaking(),
                (a, b) ->
                        name(trace, a) + " submitted after and completed before " + name(trace, b));
        pairs(
                out,
                "concurrent",
                f.concurrentOverlaps(),
                (a, b) ->
                        name(trace, a)
                                + " and "
                                + name(trace, b)
                                + " overlap and neither completed before the other was submitted");
        pairs(
                out,
                "drain",
                f.drainViolations(),
                (a, b) ->
                        name(trace, a)
                                + " in flight at the drain at "
                                + Time.formatSeconds(trace.events().time(b))
                                + " s");
    }

    private interface PairText {
        String of(int a, int b);
    }

    private static void pairs(PrintWriter out, String label, PairList p, PairText text) {
        for (int i = 0; i < Math.min(p.size(), 10); i++) {
            out.printf("  %-10s %s%n", label, text.of(p.first(i), p.second(i)));
        }
        if (p.total() > 10) {
            out.printf("  %-10s ... and %d more%n", label, p.total() - 10);
        }
    }

    static String name(Trace trace, int row) {
        return trace.names().label(row);
    }
}
