package dev.orderlens.cli;

import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.analysis.PairList;
import dev.orderlens.analysis.TraceSummary;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.export.AnalysisJson;
import dev.orderlens.export.CsvExport;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orderlens analyze FILE... [--crash-at S ...] [--json | --csv]}: ordering findings over the
 * whole trace and, at a crash point, what survives. The JSON and CSV are a contract (docs/cli.md).
 */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description =
                "Find crossing and overtaking writes, concurrent overlapping writes and drain violations;"
                        + " with --crash-at, say which writes survive a crash there and why.")
final class AnalyzeCommand implements Callable<Integer> {
    /** Most crash states --states may ask for. */
    static final int MAX_STATES = 1_000_000;

    /** Writes listed in the text output before "... and N more". */
    private static final int TEXT_LIMIT = 50;

    /**
     * Most runs {@code --sectors} lists (a run: consecutive sectors with the same candidates, so a
     * 2^31-sector discard is one); about 100 MB of JSON.
     */
    static final int MAX_SECTOR_RUNS = 1_000_000;

    @Mixin TraceInputOptions input;

    @Mixin CrashPointOptions crashPoint;

    @Option(
            names = "--states",
            paramLabel = "N",
            description = "List up to N crash states (needs --crash-at).")
    Integer states;

    @Option(
            names = "--sectors",
            description = "List each written sector's possible contents (needs --crash-at).")
    boolean sectors;

    @Option(names = "--json", description = "Print one JSON object (see docs/cli.md).")
    boolean json;

    @Option(
            names = "--csv",
            description =
                    "Print the per-write outcomes as CSV with a header row (needs --crash-at).")
    boolean csv;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (json && csv) {
            throw new UserError("--json and --csv cannot be combined");
        }
        if (states != null && (states < 0 || states > MAX_STATES)) {
            throw new UserError(
                    "--states " + states + ": expected a count from 0 to " + MAX_STATES);
        }
        crashPoint.validate(
                new String[][] {
                    {"--states", states == null ? null : ""},
                    {"--sectors", sectors ? "" : null},
                    {"--csv", csv ? "" : null}
                });

        Trace trace = input.load();
        OrderingFindings findings = OrderingAnalysis.analyze(trace);
        CrashResult crash = crashPoint.analyze(trace);
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
        if (json) {
            new AnalysisJson(trace, findings, crash, sectors, states).write(out);
        } else if (csv) {
            CsvExport.crashOutcomes(trace, crash, out);
        } else {
            printText(out, trace, findings, crash);
        }
        out.flush();
        return 0;
    }

    /** The {@code --csv} header (written by {@link CsvExport#crashOutcomes}). */
    static final String[] CSV_HEADER = CsvExport.CRASH_HEADER.toArray(String[]::new);

    static String layerId(Trace trace, int row) {
        return trace.layerId(row);
    }

    private static void printText(
            PrintWriter out, Trace trace, OrderingFindings f, CrashResult crash) {
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
        out.printf(
                "findings  %d crossing, %d overtaking, %d concurrent overlapping, %d drain violations%n",
                f.crossing().total(),
                f.overtaking().total(),
                f.concurrentOverlaps().total(),
                f.drainViolations().total());
        Requests r = trace.requests();
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
        if (crash == null) {
            return;
        }
        CrashPoint p = crash.point();
        out.printf(
                "crash     %s at %s s, cache=%s, tearing=%s; contents from the %s layer%n",
                p.kind().jsonName(),
                Time.formatSeconds(p.atNs()),
                p.cacheMode().jsonName(),
                p.tearing().jsonName(),
                crash.contentLayer() < 0
                        ? "(none)"
                        : trace.layers().get(crash.contentLayer()).id());
        out.printf(
                "  durable %d, volatile %d, in flight %d, lost %d, not issued %d%n",
                crash.count(WriteState.DURABLE),
                crash.count(WriteState.VOLATILE),
                crash.count(WriteState.IN_FLIGHT),
                crash.count(WriteState.LOST),
                crash.count(WriteState.NOT_ISSUED));
        out.printf(
                "  uncertain writes %d, crash states 2^%.1f%n",
                crash.uncertainWrites(), crash.log2States());
        int shown = 0;
        int atRisk = 0;
        for (int row = 0; row < r.size(); row++) {
            WriteState ws = crash.state(row);
            if (ws != null && ws.mayBeLost()) {
                if (shown++ == 0) {
                    out.println("at risk");
                }
                if (shown <= TEXT_LIMIT) {
                    out.printf(
                            "  %-9s %s: %s%n",
                            ws.jsonName(), name(trace, row), crash.reasonText(row));
                }
                atRisk++;
            }
        }
        if (atRisk > TEXT_LIMIT) {
            out.printf("  ... and %d more (see --json or --csv)%n", atRisk - TEXT_LIMIT);
        }
        for (CrashResult.PromiseViolation v : crash.promiseViolations()) {
            out.printf(
                    "promise violation: %s (below: %s): %s%n",
                    name(trace, v.row()), v.belowLayer(), crash.violationReasonText(v.row()));
        }
        for (CrashResult.LostPredecessor lp : crash.lostPredecessors()) {
            out.printf(
                    "lost predecessor: %s may survive while %s%s may not%n",
                    name(trace, lp.row()),
                    name(trace, lp.predecessor()),
                    lp.predecessors() > 1 ? " (and " + (lp.predecessors() - 1) + " more)" : "");
        }
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
