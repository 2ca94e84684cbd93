package dev.orderlens.export;

import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashReport;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.layout.CrashOverlay;
import dev.orderlens.model.Bookmark;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the CLI and the app share when they export: titles, the crash overlay, the report's parts.
 */
public final class Exports {
    private Exports() {}

    /** The marker's label: "crash 0.000490000 s · power-loss · writeback". */
    public static String crashLabel(CrashPoint p) {
        return "crash "
                + Time.formatSeconds(p.atNs())
                + " s · "
                + p.kind().jsonName()
                + " · "
                + p.cacheModes().label();
    }

    /** The overlay of a crash result (marker and write states), or null without one. */
    public static CrashOverlay overlay(CrashResult crash) {
        return crash == null ? null : CrashOverlay.of(crash, crashLabel(crash.point()));
    }

    /**
     * The trace's own crash point: its first {@code crash} event, with the trace's crash kind and
     * cache mode; null when the trace records no crash.
     */
    public static CrashPoint traceCrashPoint(CrashAnalysis a) {
        Events e = a.trace().events();
        for (int i = 0; i < e.size(); i++) {
            if (e.kind(i) == EventKind.CRASH) {
                return a.defaultPoint(e.time(i));
            }
        }
        return null;
    }

    /** The trace's title, else its files' names. */
    public static String title(Trace t) {
        if (t.meta().title() != null && !t.meta().title().isBlank()) {
            return t.meta().title();
        }
        List<String> names = new ArrayList<>();
        for (SourceFile f : t.sources()) {
            String p = f.path();
            int slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
            names.add(p.substring(slash + 1));
        }
        return String.join(" + ", names);
    }

    /**
     * Largest SVG timeline (in characters) a report with a live timeline carries for readers
     * without scripts; a larger one becomes a PNG. At 10^6 requests the SVG was 8.2 MB, a third of
     * the file, which the browser must read through (as text, inside {@code <noscript>}) before it
     * runs the live timeline's script.
     */
    static final int MAX_NO_SCRIPT_SVG = 1 << 20;

    /**
     * A report's content: the timeline of {@code view} as SVG (as PNG when the report has a live
     * timeline and the SVG would be over {@link #MAX_NO_SCRIPT_SVG}), and the commands that
     * reproduce the analysis and this report ({@code fromNs}/{@code toNs}: the time range asked
     * for, or {@link Time#NONE} for the whole trace).
     */
    public static HtmlReport.Content report(
            Trace t,
            OrderingFindings findings,
            CrashReport report,
            TimelinePicture.View view,
            long fromNs,
            long toNs,
            Path html,
            String generatedBy) {
        return report(t, findings, report, view, fromNs, toNs, html, generatedBy, List.of());
    }

    /** {@link #report} with the user's bookmarks, listed and drawn on the live timeline. */
    public static HtmlReport.Content report(
            Trace t,
            OrderingFindings findings,
            CrashReport report,
            TimelinePicture.View view,
            long fromNs,
            long toNs,
            Path html,
            String generatedBy,
            List<Bookmark> bookmarks) {
        return report(
                t,
                findings,
                report,
                view,
                fromNs,
                toNs,
                html,
                generatedBy,
                bookmarks,
                MAX_NO_SCRIPT_SVG);
    }

    /** {@link #report} with the largest no-script SVG given (the tests' small one). */
    static HtmlReport.Content report(
            Trace t,
            OrderingFindings findings,
            CrashReport report,
            TimelinePicture.View view,
            long fromNs,
            long toNs,
            Path html,
            String generatedBy,
            List<Bookmark> bookmarks,
            int maxNoScriptSvg) {
        CrashPoint p = report == null ? null : report.point();
        List<String> commands = new ArrayList<>();
        commands.add(ReproCommand.shell(ReproCommand.analyze(t, p)));
        if (view != null) {
            List<String> outputs = new ArrayList<>();
            if (view.palette().dark()) {
                outputs.add("--dark");
            }
            outputs.add("--html");
            outputs.add(html.getFileName().toString());
            commands.add(
                    ReproCommand.shell(
                            ReproCommand.export(t, p, fromNs, toNs, view.width(), outputs)));
        }
        String title = "OrderLens report: " + title(t);
        String picture = view == null ? null : TimelinePicture.svgElement(view);
        if (picture != null && report != null && picture.length() > maxNoScriptSvg) {
            picture = TimelinePicture.imgElement(view);
        }
        return new HtmlReport.Content(
                t, findings, report, title, picture, commands, generatedBy, bookmarks);
    }
}
