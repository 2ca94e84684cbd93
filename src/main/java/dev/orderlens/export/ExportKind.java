package dev.orderlens.export;

import dev.orderlens.analysis.CrashReport;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.model.Bookmark;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Every export, once: its {@code orderlens export} option, its file type, its menu item, and the
 * call that writes it. {@code cli/ExportCommand} and {@code ui/ExportMenu} both go through {@link
 * #write}; neither has a switch of its own. A new export is one constant here (a writer class in
 * this package, its option, its file type) — the command and the menu pick it up.
 */
public enum ExportKind {
    PNG(
            "--png",
            "png",
            "PNG image",
            "PNG Image…",
            "",
            Needs.PICTURE,
            (c, target, progress) -> TimelinePicture.writePng(c.view(), c.scale(), target)),
    SVG(
            "--svg",
            "svg",
            "SVG image",
            "SVG Image…",
            "",
            Needs.PICTURE,
            (c, target, progress) -> TimelinePicture.writeSvg(c.view(), target)),
    SECTOR_PNG(
            "--sector-png",
            "png",
            "PNG image",
            "Sector Plot as PNG…",
            "-sectors",
            Needs.PICTURE,
            (c, target, progress) ->
                    SectorPlotPicture.writePng(c.trace(), c.view(), c.scale(), target)),
    SECTOR_SVG(
            "--sector-svg",
            "svg",
            "SVG image",
            "Sector Plot as SVG…",
            "-sectors",
            Needs.PICTURE,
            (c, target, progress) -> SectorPlotPicture.writeSvg(c.trace(), c.view(), target)),
    REQUESTS_CSV(
            "--csv",
            "csv",
            "CSV",
            "Requests as CSV…",
            "-requests",
            Needs.TRACE,
            (c, target, progress) -> CsvExport.requests(c.trace(), c.findings(), target, progress)),
    CRASH_CSV(
            "--crash-csv",
            "csv",
            "CSV",
            "Crash Outcomes as CSV…",
            "-crash",
            Needs.CRASH,
            (c, target, progress) -> CsvExport.crashOutcomes(c.report(), target)),
    TRACE_JSON(
            "--trace-json",
            "json",
            "Trace JSON",
            "Trace as JSON…",
            "-trace",
            Needs.TRACE,
            (c, target, progress) -> JsonTraceWriter.write(c.trace(), target)),
    ANALYSIS_JSON(
            "--json",
            "json",
            "JSON",
            "Analysis Report as JSON…",
            "-analysis",
            Needs.TRACE,
            (c, target, progress) ->
                    new AnalysisJson(
                                    c.trace(),
                                    c.findings(),
                                    c.report(),
                                    AnalysisJson.Options.DEFAULT)
                            .write(target)),
    PERFETTO(
            "--perfetto",
            "json",
            "Perfetto trace JSON",
            "Perfetto Trace (JSON)…",
            "-perfetto",
            Needs.TRACE,
            (c, target, progress) ->
                    PerfettoExport.write(
                            c.trace(),
                            c.findings(),
                            c.report() == null ? null : c.report().result(),
                            target)),
    FIO_IOLOG(
            "--fio-iolog",
            "log",
            "fio iolog",
            "fio iolog (Replay)…",
            "-iolog",
            Needs.TRACE,
            (c, target, progress) ->
                    FioIologExport.write(
                            c.trace(),
                            c.layer() != null ? c.layer() : FioIologExport.defaultLayer(c.trace()),
                            target)),
    HTML(
            "--html",
            "html",
            "HTML",
            "HTML Bug Report…",
            "-report",
            Needs.PICTURE,
            (c, target, progress) ->
                    HtmlReport.write(
                            Exports.report(
                                    c.trace(),
                                    c.findings(),
                                    c.report(),
                                    c.view(),
                                    c.fromNs(),
                                    c.toNs(),
                                    target,
                                    c.generatedBy(),
                                    c.bookmarks()),
                            target));

    /** What an export needs beyond the trace. */
    public enum Needs {
        /** The trace (and its findings). */
        TRACE,
        /** A crash point's report. */
        CRASH,
        /** A picture of the timeline ({@link Context#view}). */
        PICTURE
    }

    /**
     * What an export is made from.
     *
     * @param findings the ordering findings (may be null for the requests CSV)
     * @param report the crash point's report, or null without one
     * @param view the picture (for {@link Needs#PICTURE}), or null
     * @param scale the PNG's pixel scale
     * @param fromNs the range asked for ({@link Time#NONE}: the whole trace), for the report's
     *     commands
     * @param generatedBy "OrderLens 0.1.0", for the report
     * @param layer the layer a one-layer export (fio iolog) writes, or null for its default
     * @param bookmarks the user's bookmarks, for the report
     */
    public record Context(
            Trace trace,
            OrderingFindings findings,
            CrashReport report,
            TimelinePicture.View view,
            double scale,
            long fromNs,
            long toNs,
            String generatedBy,
            String layer,
            List<Bookmark> bookmarks) {
        public Context {
            bookmarks = bookmarks == null ? List.of() : List.copyOf(bookmarks);
        }

        /** A context without bookmarks. */
        public Context(
                Trace trace,
                OrderingFindings findings,
                CrashReport report,
                TimelinePicture.View view,
                double scale,
                long fromNs,
                long toNs,
                String generatedBy,
                String layer) {
            this(trace, findings, report, view, scale, fromNs, toNs, generatedBy, layer, List.of());
        }
    }

    /** The call that writes one export. */
    @FunctionalInterface
    public interface Writer {
        void write(Context c, Path target, Progress progress) throws IOException;
    }

    private final String option;
    private final String extension;
    private final String fileType;
    private final String menuLabel;
    private final String fileSuffix;
    private final Needs needs;
    private final Writer writer;

    ExportKind(
            String option,
            String extension,
            String fileType,
            String menuLabel,
            String fileSuffix,
            Needs needs,
            Writer writer) {
        this.option = option;
        this.extension = extension;
        this.fileType = fileType;
        this.menuLabel = menuLabel;
        this.fileSuffix = fileSuffix;
        this.needs = needs;
        this.writer = writer;
    }

    /** The {@code orderlens export} option: "--png". */
    public String option() {
        return option;
    }

    /** The file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** The file type a save dialog names ("PNG image"). */
    public String fileType() {
        return fileType;
    }

    /** The File → Export item ("PNG Image…"). */
    public String menuLabel() {
        return menuLabel;
    }

    /** What a suggested file name ends with before the extension ("-report"). */
    public String fileSuffix() {
        return fileSuffix;
    }

    public Needs needs() {
        return needs;
    }

    /** Whether it uses a crash point when there is one (and so the app computes it). */
    public boolean usesCrash() {
        return needs != Needs.TRACE || this == ANALYSIS_JSON || this == PERFETTO;
    }

    /** Whether it draws the timeline (and so needs a {@link Context#view}). */
    public boolean picture() {
        return needs == Needs.PICTURE;
    }

    /** The kind of an option ("--png"), or null. */
    public static ExportKind ofOption(String option) {
        for (ExportKind k : values()) {
            if (k.option.equals(option)) {
                return k;
            }
        }
        return null;
    }

    /**
     * Writes this export of {@code c} to {@code target} (atomically, as every writer here does).
     *
     * @throws IllegalArgumentException when the context lacks what it needs (no crash point, no
     *     picture)
     */
    public void write(Context c, Path target, Progress progress) throws IOException {
        if (needs == Needs.CRASH && c.report() == null) {
            throw new IllegalArgumentException(
                    "there is no crash point to export the outcomes of: give one (the trace records"
                            + " no crash)");
        }
        if (needs == Needs.PICTURE && c.view() == null) {
            throw new IllegalArgumentException("no picture of the timeline was set up");
        }
        writer.write(c, target, progress);
    }
}
