package dev.orderlens.cli;

import dev.orderlens.analysis.CacheModeInference;
import dev.orderlens.analysis.TraceSummary;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.ClockSegment;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Problem;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orderlens info FILE... [--json]}: what a trace holds. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description =
                "Print the format, layers, requests by layer and op, events, time span and skipped lines.")
final class InfoCommand implements Callable<Integer> {
    @Mixin TraceInputOptions input;

    @Option(names = "--json", description = "Print one JSON object (see docs/cli.md).")
    boolean json;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Trace trace = input.load();
        TraceSummary s = TraceSummary.of(trace);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, toJson(trace, s));
        } else {
            printText(out, trace, s);
        }
        out.flush();
        return 0;
    }

    static Map<String, Object> toJson(Trace trace, TraceSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> files = new ArrayList<>();
        for (SourceFile f : s.files()) {
            files.add(fileJson(f));
        }
        m.put("files", files);
        m.put("title", trace.meta().title());
        m.put("source", trace.meta().source());
        List<Map<String, Object>> layers = new ArrayList<>();
        for (Layer l : trace.layers()) {
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("id", l.id());
            lm.put("name", l.name());
            lm.put("requests", s.byLayer().get(l.id()));
            lm.put(
                    "lanes",
                    trace.lanes().stream()
                            .filter(x -> x.layer() == l.index())
                            .map(x -> x.name())
                            .toList());
            lm.put("byOp", s.byLayerAndOp().get(l.id()));
            layers.add(lm);
        }
        m.put("layers", layers);
        m.put("requests", s.requests());
        m.put("byLayer", s.byLayer());
        m.put("byOp", s.byOp());
        m.put("events", s.events());
        m.put("eventsByKind", s.eventsByKind());
        m.put("startSeconds", Time.toSeconds(s.startNs()));
        m.put("endSeconds", Time.toSeconds(s.endNs()));
        m.put("durationSeconds", Time.toSeconds(s.endNs() - s.startNs()));
        m.put("skippedLines", s.skippedLines());
        if (trace.meta().cacheMode() != null) {
            m.put("cacheMode", trace.meta().cacheMode());
        }
        List<Map<String, Object>> disks = new ArrayList<>();
        for (CacheModeInference.DiskMode d : CacheModeInference.of(trace)) {
            disks.add(d.fields(trace));
        }
        if (!disks.isEmpty()) {
            m.put("cacheModes", disks);
        }
        m.put("hasTruth", trace.truth() != null);
        return m;
    }

    static Map<String, Object> fileJson(SourceFile f) {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("path", f.path());
        fm.put("format", f.format());
        fm.put("lines", f.lines());
        fm.put("skippedLines", f.skippedLines());
        fm.put("offsetSeconds", Time.toSeconds(f.offsetNs()));
        fm.put("offsetEstimated", f.offsetEstimated());
        if (f.offsetEstimated()) {
            fm.put(
                    "offsetMatches",
                    Integer.parseInt(f.metadata().getOrDefault(TraceLoader.OFFSET_MATCHES, "0")));
            fm.put(
                    "offsetAgreeing",
                    Integer.parseInt(f.metadata().getOrDefault(TraceLoader.OFFSET_AGREEING, "0")));
        }
        if (!f.clockSegments().isEmpty()) {
            List<Map<String, Object>> segs = new ArrayList<>();
            for (ClockSegment c : f.clockSegments()) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put(
                        "fromSeconds",
                        c.fromNs() == Long.MIN_VALUE ? null : Time.toSeconds(c.fromNs()));
                sm.put("offsetSeconds", Time.toSeconds(c.offsetNs()));
                sm.put("afterPauseSeconds", Time.toSeconds(c.pauseNs()));
                sm.put("estimated", c.estimated());
                segs.add(sm);
            }
            fm.put("offsetSegments", segs);
        }
        fm.put("problems", f.problems().stream().map(Problem::toString).toList());
        fm.put("warnings", f.warnings());
        if (!f.metadata().isEmpty()) {
            fm.put("metadata", f.metadata());
        }
        return fm;
    }

    private static void printText(PrintWriter out, Trace trace, TraceSummary s) {
        for (SourceFile f : s.files()) {
            out.printf(
                    "file      %s (%s, %d lines, %d skipped%s)%n",
                    f.path(),
                    f.format(),
                    f.lines(),
                    f.skippedLines(),
                    f.offsetNs() == 0 && !f.offsetEstimated()
                            ? ""
                            : String.format(
                                    ", offset %s s%s",
                                    Time.formatSeconds(f.offsetNs()),
                                    f.offsetEstimated()
                                            ? String.format(
                                                    " estimated from %s matched writes, %s agree",
                                                    f.metadata().get(TraceLoader.OFFSET_MATCHES),
                                                    f.metadata().get(TraceLoader.OFFSET_AGREEING))
                                            : ""));
            for (ClockSegment c : f.clockSegments()) {
                if (c.fromNs() != Long.MIN_VALUE) {
                    out.printf(
                            "  after a %s s VM pause%s, from %s s of this file: offset %s s (%s)%n",
                            Time.formatSeconds(c.pauseNs()),
                            f.metadata().containsKey(TraceLoader.OFFSET_PAUSES_FOUND)
                                    ? " (found from a jump in the matched offsets; the log"
                                            + " records none)"
                                    : "",
                            Time.formatSeconds(c.fromNs()),
                            Time.formatSeconds(c.offsetNs()),
                            c.estimated()
                                    ? "estimated from its own writes"
                                    : "the previous offset moved by the pause");
                }
            }
            for (String w : f.warnings()) {
                out.println("  warning: " + w);
            }
            for (Problem p : f.problems()) {
                out.println("  skipped: " + p);
            }
            if (f.skippedLines() > f.problems().size()) {
                out.printf(
                        "  ... and %d more skipped lines%n",
                        f.skippedLines() - f.problems().size());
            }
        }
        if (trace.meta().title() != null) {
            out.println("title     " + trace.meta().title());
        }
        out.printf(
                "span      %s s .. %s s (%s)%n",
                Time.formatSeconds(s.startNs()),
                Time.formatSeconds(s.endNs()),
                Time.formatDuration(s.endNs() - s.startNs()));
        out.printf("requests  %d%n", s.requests());
        for (Layer l : trace.layers()) {
            StringBuilder ops = new StringBuilder();
            s.byLayerAndOp()
                    .get(l.id())
                    .forEach(
                            (op, c) ->
                                    ops.append(ops.length() == 0 ? "" : ", ")
                                            .append(op)
                                            .append(' ')
                                            .append(c));
            out.printf(
                    "  %-8s %8d  (%s) in %d lane(s)%n",
                    l.id(), s.byLayer().get(l.id()), ops, s.lanesByLayer().get(l.id()));
        }
        out.printf("events    %d%n", s.events());
        s.eventsByKind().forEach((k, c) -> out.printf("  %-16s %d%n", k, c));
        out.printf("skipped   %d lines%n", s.skippedLines());
        List<CacheModeInference.DiskMode> disks = CacheModeInference.of(trace);
        for (CacheModeInference.DiskMode d : disks) {
            out.printf("cache     %s%n", d.describe(trace));
        }
        String note = CacheModeInference.differNote(disks);
        if (note != null) {
            out.printf("  note: %s%n", note);
        }
    }
}
