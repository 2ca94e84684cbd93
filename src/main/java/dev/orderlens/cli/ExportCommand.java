package dev.orderlens.cli;

import dev.orderlens.analysis.CrashReport;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.export.AtomicFiles;
import dev.orderlens.export.ExportKind;
import dev.orderlens.export.Exports;
import dev.orderlens.export.Session;
import dev.orderlens.export.SessionBookmarks;
import dev.orderlens.export.SessionJson;
import dev.orderlens.export.TimelinePicture;
import dev.orderlens.layout.LaneLayout;
import dev.orderlens.layout.LaneView;
import dev.orderlens.layout.Metrics;
import dev.orderlens.layout.Palette;
import dev.orderlens.layout.RequestFilter;
import dev.orderlens.layout.TimelineModel;
import dev.orderlens.model.Bookmark;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.Version;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orderlens export FILE... [--crash-at S ...]
 * --png/--svg/--csv/--crash-csv/--json/--trace-json/--html OUT}: the app's exports without a
 * display. Pictures go through the same layout and renderer as the screen (Java2D for PNG), every
 * file is written atomically.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description =
                "Write the timeline (PNG, SVG), requests and crash outcomes (CSV), the analysis report and the"
                        + " trace (JSON) and an HTML bug report; runs without a display.")
final class ExportCommand implements Callable<Integer> {
    static final double MIN_WIDTH = 400;
    static final double MAX_WIDTH = 20_000;

    @Mixin TraceInputOptions input;

    @Mixin CrashPointOptions crashPoint;

    @Option(
            names = "--png",
            paramLabel = "OUT.png",
            description = "The timeline and its legend as a PNG image.")
    Path png;

    @Option(
            names = "--svg",
            paramLabel = "OUT.svg",
            description = "The same picture as SVG (vector, text as text).")
    Path svg;

    @Option(
            names = "--sector-png",
            paramLabel = "OUT.png",
            description =
                    "iowatcher's views as PNG: per lane sectors over time (reads, writes, flushes),"
                            + " throughput and IOPS.")
    Path sectorPng;

    @Option(names = "--sector-svg", paramLabel = "OUT.svg", description = "The sector plot as SVG.")
    Path sectorSvg;

    @Option(names = "--csv", paramLabel = "OUT.csv", description = "Every request as CSV.")
    Path csv;

    @Option(
            names = "--crash-csv",
            paramLabel = "OUT.csv",
            description =
                    "Every write's state and reason at the crash as CSV (as analyze --csv; needs --crash-at).")
    Path crashCsv;

    @Option(
            names = "--json",
            paramLabel = "OUT.json",
            description = "The analysis report (as analyze --json).")
    Path json;

    @Option(
            names = "--trace-json",
            paramLabel = "OUT.json",
            description = "The trace as trace JSON v1.")
    Path traceJson;

    @Option(
            names = "--perfetto",
            paramLabel = "OUT.json",
            description =
                    "Chrome/Perfetto trace-event JSON (ui.perfetto.dev, chrome://tracing): a process"
                            + " per layer, requests as slices, links as flow arrows.")
    Path perfetto;

    @Option(
            names = "--fio-iolog",
            paramLabel = "OUT.log",
            description =
                    "One layer's requests as a fio iolog v3 for replay (fio --read_iolog=OUT.log"
                            + " --replay_redirect=/dev/sdX), flushes as sync.")
    Path fioIolog;

    @Option(
            names = "--fio-layer",
            paramLabel = "L",
            description =
                    "The layer --fio-iolog writes: guest, virtio, host or device (default: the"
                            + " topmost layer with requests).")
    String fioLayer;

    @Option(
            names = "--html",
            paramLabel = "OUT.html",
            description =
                    "A self-contained HTML bug report: summary, timeline, crash tables, findings, the command to reproduce it.")
    Path html;

    @Option(
            names = "--width",
            paramLabel = "W",
            defaultValue = "1600",
            description =
                    "Picture width in pixels, lane labels included (default: ${DEFAULT-VALUE}).")
    double width;

    @Option(
            names = "--scale",
            paramLabel = "F",
            defaultValue = "1",
            description = "PNG pixel scale for HiDPI screens, e.g. 2 (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(
            names = "--from",
            paramLabel = "SECONDS",
            description = "Start of the pictures' time range (default: the trace's start).")
    Double from;

    @Option(
            names = "--to",
            paramLabel = "SECONDS",
            description = "End of the pictures' time range (default: the trace's end).")
    Double to;

    @Option(
            names = "--range",
            paramLabel = "A..B",
            description =
                    "Export only a time range (seconds, or with a unit: 120us..480us): the pictures"
                            + " show it, the requests CSV holds the requests submitted in it."
                            + " Only with --png, --svg, --html and --csv.")
    String range;

    @Option(
            names = "--session",
            paramLabel = "S.json",
            description =
                    "A session file saved by the app: its bookmarks go into the HTML report (listed,"
                            + " drawn on the live timeline); the cache modes it set apply to"
                            + " --crash-at unless --cache-mode is given.")
    Path session;

    @Option(names = "--dark", description = "Draw the pictures in the dark theme.")
    boolean dark;

    @Option(names = "--force", description = "Replace output files that are read-only.")
    boolean force;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        // pictures use Java2D: never look for a display, even when one is set
        System.setProperty("java.awt.headless", "true");
        Map<ExportKind, Path> outputs = outputs();
        if (outputs.isEmpty()) {
            throw new UserError(
                    "nothing to export: give at least one of --png, --svg, --sector-png, --sector-svg,"
                            + " --csv, --crash-csv, --json,"
                            + " --trace-json, --perfetto, --fio-iolog, --html");
        }
        crashPoint.validate(new String[][] {{"--crash-csv", crashCsv == null ? null : ""}});
        if (fioLayer != null && fioIolog == null) {
            throw new UserError("--fio-layer " + fioLayer + ": needs --fio-iolog");
        }
        if (!(width >= MIN_WIDTH && width <= MAX_WIDTH)) {
            throw new UserError(
                    "--width "
                            + num(width)
                            + ": expected "
                            + (int) MIN_WIDTH
                            + " to "
                            + (int) MAX_WIDTH
                            + " pixels");
        }
        if (!(scale >= 0.25 && scale <= 8)) {
            throw new UserError("--scale " + num(scale) + ": expected 0.25 to 8");
        }
        for (Double s : new Double[] {from, to}) {
            if (s != null && (s.isNaN() || s.isInfinite())) {
                throw new UserError((s == from ? "--from " : "--to ") + s + ": expected seconds");
            }
        }
        if (from != null && to != null && !(to > from)) {
            throw new UserError(
                    "--from "
                            + from
                            + " --to "
                            + to
                            + ": the range is empty (--to must be after --from)");
        }

        if (range != null) {
            if (from != null || to != null) {
                throw new UserError("--range and --from/--to cannot be combined");
            }
            for (ExportKind k : outputs.keySet()) {
                if (!k.picture() && k != ExportKind.REQUESTS_CSV) {
                    throw new UserError(
                            "--range "
                                    + range
                                    + ": "
                                    + k.option()
                                    + " always writes the whole trace (--range works with --png,"
                                    + " --svg, --html and --csv); export it without --range");
                }
            }
            StatsCommand.parseRange(range); // a bad range fails before the import
        }
        for (Map.Entry<ExportKind, Path> o : outputs.entrySet()) {
            try { // refuse before the (maybe long) import: missing directory, read-only file
                AtomicFiles.check(o.getValue(), force);
            } catch (IOException e) {
                throw new UserError(o.getKey().option() + " " + e.getMessage());
            }
        }

        Session saved = readSession();
        Trace trace = input.load();
        List<Bookmark> bookmarks =
                saved == null ? List.of() : SessionBookmarks.forFiles(saved, trace);
        OrderingFindings findings = OrderingAnalysis.analyze(trace);
        CrashResult crash =
                crashPoint.analyze(
                        trace,
                        String.valueOf(session),
                        saved == null || saved.crash() == null
                                ? Map.of()
                                : saved.crash().cacheModes());
        CrashReport report = crash == null ? null : CrashReport.of(crash, findings);
        TimelinePicture.View view = null;
        long[] given = range == null ? null : StatsCommand.parseRange(range);
        long fromNs = given != null ? given[0] : from == null ? Time.NONE : Time.ofSeconds(from);
        long toNs = given != null ? given[1] : to == null ? Time.NONE : Time.ofSeconds(to);
        if (outputs.keySet().stream().anyMatch(ExportKind::picture)) {
            long[] whole = TimelinePicture.wholeTrace(trace);
            long start = fromNs == Time.NONE ? whole[0] : fromNs;
            long end = toNs == Time.NONE ? whole[1] : toNs;
            if (end <= start) {
                throw new UserError(
                        "--from/--to: the range "
                                + Time.formatSeconds(start)
                                + " .. "
                                + Time.formatSeconds(end)
                                + " s is empty");
            }
            TimelineModel model = TimelineModel.build(trace, findings, RequestFilter.ALL);
            LaneLayout layout = new LaneLayout(model, LaneView.DEFAULT, Metrics.DEFAULT);
            view =
                    new TimelinePicture.View(
                            layout,
                            start,
                            end,
                            width,
                            dark ? Palette.DARK : Palette.LIGHT,
                            Time.NONE,
                            -1,
                            Exports.overlay(crash),
                            Exports.title(trace));
        }
        ExportKind.Context context =
                new ExportKind.Context(
                        trace,
                        findings,
                        report,
                        view,
                        scale,
                        fromNs,
                        toNs,
                        Version.display(),
                        fioLayer,
                        bookmarks,
                        given != null);

        PrintWriter out = spec.commandLine().getOut();
        for (Map.Entry<ExportKind, Path> o : outputs.entrySet()) {
            Path target = o.getValue();
            String option = o.getKey().option();
            String note = AtomicFiles.note(target);
            try {
                AtomicFiles.forcing(
                        force,
                        () -> {
                            o.getKey().write(context, target, Progress.NONE);
                            return null;
                        });
            } catch (IllegalArgumentException e) {
                throw new UserError(option + " " + target + ": " + e.getMessage());
            } catch (IOException e) {
                throw new UserError("cannot write " + target + ": " + describe(e));
            }
            if (note != null) {
                out.println(note);
            }
            out.printf("wrote %s (%s)%n", target, option.substring(2));
        }
        out.flush();
        return 0;
    }

    /** The session given with --session (read before the import: a bad one fails fast), or null. */
    private Session readSession() {
        if (session == null) {
            return null;
        }
        try {
            return SessionJson.read(session);
        } catch (IOException e) {
            throw new UserError("--session " + e.getMessage());
        }
    }

    /** The outputs asked for, in a fixed order; two options naming one file is a usage error. */
    private Map<ExportKind, Path> outputs() {
        Map<ExportKind, Path> given = new LinkedHashMap<>();
        given.put(ExportKind.PNG, png);
        given.put(ExportKind.SVG, svg);
        given.put(ExportKind.SECTOR_PNG, sectorPng);
        given.put(ExportKind.SECTOR_SVG, sectorSvg);
        given.put(ExportKind.REQUESTS_CSV, csv);
        given.put(ExportKind.CRASH_CSV, crashCsv);
        given.put(ExportKind.ANALYSIS_JSON, json);
        given.put(ExportKind.TRACE_JSON, traceJson);
        given.put(ExportKind.PERFETTO, perfetto);
        given.put(ExportKind.FIO_IOLOG, fioIolog);
        given.put(ExportKind.HTML, html);
        Map<ExportKind, Path> m = new LinkedHashMap<>();
        for (Map.Entry<ExportKind, Path> o : given.entrySet()) {
            Path p = o.getValue();
            if (p == null) {
                continue;
            }
            Path norm = p.toAbsolutePath().normalize();
            for (Map.Entry<ExportKind, Path> e : m.entrySet()) {
                if (e.getValue().toAbsolutePath().normalize().equals(norm)) {
                    throw new UserError(
                            e.getKey().option()
                                    + " and "
                                    + o.getKey().option()
                                    + " both write "
                                    + p);
                }
            }
            if (Files.isDirectory(p)) {
                throw new UserError(o.getKey().option() + " " + p + ": is a directory");
            }
            m.put(o.getKey(), p);
        }
        return m;
    }

    private static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        String msg = e.getMessage();
        return switch (type) {
            case "AccessDeniedException" -> "permission denied";
            case "NoSuchFileException" -> "no such directory";
            case "FileSystemException" -> msg;
            default -> msg == null ? type : msg;
        };
    }

    /** A number for a message, without a trailing ".0". */
    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : Double.toString(v);
    }
}
