package dev.orderlens.export;

import dev.orderlens.analysis.CacheModeInference;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashReport;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.analysis.TraceSummary;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.layout.Palette;
import dev.orderlens.model.Bookmark;
import dev.orderlens.model.Problem;
import dev.orderlens.model.Requests;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML bug report: title, trace summary, the timeline as inline SVG, the crash
 * analysis (parameters, counts, at-risk writes with their reasons, promise violations, lost
 * predecessors), the ordering findings, what the import skipped, and the {@code orderlens} commands
 * that reproduce it. CSS is inline and nothing is loaded from elsewhere, so it opens offline and
 * can be attached to a bug as one file. The markup is also well-formed XML, so tools (and the
 * tests) can read it with an XML parser. This class lays out the page and its head sections; the
 * crash and findings sections are {@link HtmlCrashSection} and {@link HtmlFindingsSection}, the
 * live timeline {@link LiveReport}, all writing through one {@link HtmlMarkup}.
 */
public final class HtmlReport {
    /** Rows per table; the rest are counted (the CSV and JSON exports hold them all). */
    public static final int MAX_ROWS = CrashReport.HTML_ROWS;

    /** Runs up to which the block map is drawn inline (the table lists them either way). */
    static final int MAX_MAP_RUNS = 5000;

    private static final String CSS =
            """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1f2328;\
            margin:24px auto;max-width:1400px;padding:0 16px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d5dae0;\
            padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
            .sub{color:#57606a;margin:0 0 16px}
            table{border-collapse:collapse;margin:6px 0 10px;font-size:13px}
            th,td{border:1px solid #d5dae0;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#eef1f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
            td.reason{max-width:760px}
            pre{background:#f5f6f8;border:1px solid #d5dae0;padding:8px 10px;overflow-x:auto;white-space:pre-wrap;\
            word-break:break-all}
            .timeline{overflow-x:auto;border:1px solid #d5dae0}.timeline svg{display:block;max-width:100%;height:auto}
            .state{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;white-space:nowrap}
            .more{color:#57606a;font-style:italic}
            /* the sections after the lanes: laid out only when scrolled near, and not at all while
               the live part opens (live-report.js sets ol-opening): their thousands of table rows
               cost a 10^6-request report a second */
            .later{content-visibility:auto;contain-intrinsic-size:auto 3000px}
            .ol-opening .later{content-visibility:hidden}
            """;

    private HtmlReport() {}

    /**
     * What goes into a report.
     *
     * @param report the crash point's report, or null for a report of the findings alone
     * @param picture the timeline: its {@code <svg>} element ({@link TimelinePicture#svgElement}),
     *     or an {@code <img>} of it as PNG ({@link TimelinePicture#imgElement}), or null
     * @param commands shell command lines that reproduce the report
     * @param generatedBy who made it ("orderlens 0.1.0"), or null
     * @param bookmarks the user's bookmarks (from the app or a session file), listed and, with a
     *     crash point, drawn on the live timeline
     */
    public record Content(
            Trace trace,
            OrderingFindings findings,
            CrashReport report,
            String title,
            String picture,
            List<String> commands,
            String generatedBy,
            List<Bookmark> bookmarks) {
        public Content {
            bookmarks = bookmarks == null ? List.of() : Bookmark.sorted(bookmarks);
        }

        /** A report without bookmarks. */
        public Content(
                Trace trace,
                OrderingFindings findings,
                CrashReport report,
                String title,
                String picture,
                List<String> commands,
                String generatedBy) {
            this(trace, findings, report, title, picture, commands, generatedBy, List.of());
        }
    }

    public static void write(Content c, Path target) throws IOException {
        byte[] bytes = render(c).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(target, out -> out.write(bytes));
    }

    public static String render(Content c) {
        return new Builder(c).build();
    }

    private static final class Builder {
        private final Content c;
        private final Trace t;
        private final Requests r;
        private final StringBuilder h = new StringBuilder(1 << 16);
        private final HtmlMarkup html;

        Builder(Content c) {
            this.c = c;
            this.t = c.trace();
            this.r = t.requests();
            this.html = new HtmlMarkup(t, h);
        }

        String build() {
            h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                    .append(
                            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>");
            html.text(c.title());
            h.append("</title>\n<style>\n")
                    .append(CSS)
                    .append(stateCss())
                    .append("</style>\n</head>\n<body>\n<h1>");
            html.text(c.title());
            h.append("</h1>\n<p class=\"sub\">");
            html.text(subtitle());
            h.append("</p>\n");
            summary();
            reproduce();
            bookmarks();
            // with the live lanes below, the static picture is the view for readers without
            // scripts: inside <noscript> a browser running scripts reads it as text, not as
            // (for 10^6 requests) a few hundred thousand SVG elements
            boolean live = c.report() != null;
            if (c.picture() != null) {
                h.append(live ? "<noscript>" : "")
                        .append("<h2 id=\"timeline\">Timeline</h2>\n<div class=\"timeline\">\n")
                        .append(c.picture())
                        .append("</div>\n")
                        .append(live ? "</noscript>\n" : "");
            }
            if (live) {
                h.append(LiveReport.section(t, c.report().result(), c.bookmarks()));
            }
            h.append("<div class=\"later\">\n"); // see .later in the style
            if (live) {
                new HtmlCrashSection(html, t, c.report()).append();
            }
            new HtmlFindingsSection(html, t, c.findings()).append();
            importReport();
            h.append("</div>\n</body>\n</html>\n");
            return h.toString();
        }

        private String subtitle() {
            StringBuilder s = new StringBuilder();
            if (c.report() != null) {
                CrashPoint p = c.report().point();
                s.append(p.kind().jsonName())
                        .append(" crash at ")
                        .append(Time.formatSeconds(p.atNs()))
                        .append(" s, cache=")
                        .append(p.cacheModes().label())
                        .append(", tearing=")
                        .append(p.tearing().jsonName())
                        .append(" · ");
            }
            s.append(
                    String.format(
                            Locale.ROOT,
                            "%,d requests in %d file%s",
                            r.size(),
                            t.sources().size(),
                            t.sources().size() == 1 ? "" : "s"));
            if (c.generatedBy() != null) {
                s.append(" · report by ").append(c.generatedBy());
            }
            return s.toString();
        }

        private void summary() {
            TraceSummary s = TraceSummary.of(t);
            h.append("<h2 id=\"summary\">Trace</h2>\n<table id=\"trace-summary\">\n");
            if (t.meta().title() != null) {
                html.row("title", t.meta().title());
            }
            if (t.meta().source() != null) {
                html.row("source", t.meta().source());
            }
            if (t.meta().scenario() != null) {
                html.row("scenario", t.meta().scenario());
            }
            html.row("requests", String.format(Locale.ROOT, "%,d", s.requests()));
            for (Map.Entry<String, Map<String, Integer>> e : s.byLayerAndOp().entrySet()) {
                html.row(
                        "layer " + e.getKey(),
                        String.format(
                                Locale.ROOT,
                                "%,d requests (%s), %d lane%s",
                                s.byLayer().get(e.getKey()),
                                counts(e.getValue()),
                                s.lanesByLayer().get(e.getKey()),
                                s.lanesByLayer().get(e.getKey()) == 1 ? "" : "s"));
            }
            html.row(
                    "events",
                    s.events() == 0
                            ? "none"
                            : String.format(
                                    Locale.ROOT, "%,d (%s)", s.events(), counts(s.eventsByKind())));
            html.row(
                    "time span",
                    Time.formatSeconds(s.startNs())
                            + " – "
                            + Time.formatSeconds(s.endNs())
                            + " s ("
                            + Time.formatDuration(s.endNs() - s.startNs())
                            + ")");
            if (t.meta().cacheMode() != null) {
                html.row("cache mode (trace)", t.meta().cacheMode());
            }
            java.util.List<CacheModeInference.DiskMode> disks = CacheModeInference.of(t);
            for (CacheModeInference.DiskMode d : disks) {
                html.row(
                        "cache mode of " + d.disk() + " (" + t.sources().get(d.file()).path() + ")",
                        d.text());
            }
            if (CacheModeInference.differNote(disks) != null) {
                html.row("cache modes", CacheModeInference.differNote(disks));
            }
            html.row("skipped input lines", String.format(Locale.ROOT, "%,d", s.skippedLines()));
            h.append(
                    "</table>\n<table id=\"files\">\n<tr><th>file</th><th>format</th><th>lines</th><th>skipped</th>"
                            + "<th>clock offset</th></tr>\n");
            for (SourceFile f : t.sources()) {
                h.append("<tr>");
                html.cell(f.path());
                html.cell(f.format());
                html.num(f.lines());
                html.num(f.skippedLines());
                html.cell(
                        f.offsetNs() == 0 && !f.offsetEstimated()
                                ? "0"
                                : Time.formatSeconds(f.offsetNs())
                                        + " s"
                                        + (f.offsetEstimated() ? " (estimated)" : ""));
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }

        private void reproduce() {
            if (c.commands() == null || c.commands().isEmpty()) {
                return;
            }
            h.append(
                    "<h2 id=\"reproduce\">Reproduce</h2>\n<p>With the same input files, these commands give the same"
                            + " analysis and this report:</p>\n<pre id=\"commands\">");
            for (String cmd : c.commands()) {
                html.text(cmd);
                h.append('\n');
            }
            h.append("</pre>\n");
        }

        /**
         * The user's bookmarks in time order: time, request, note. With a live timeline each row
         * links to it ({@code data-bookmark} = the index in the live header's list, which has the
         * same order); the script moves the view there and selects the request.
         */
        private void bookmarks() {
            List<Bookmark> marks = c.bookmarks();
            if (marks.isEmpty()) {
                return;
            }
            boolean live = c.report() != null;
            h.append("<h2 id=\"bookmarks-heading\">Bookmarks (")
                    .append(marks.size())
                    .append(")</h2>\n<table id=\"bookmarks\">\n<tr><th>time</th><th>request</th>")
                    .append("<th>note</th></tr>\n");
            for (int i = 0; i < marks.size(); i++) {
                Bookmark b = marks.get(i);
                int row = b.row(t);
                h.append("<tr data-bookmark=\"").append(i).append("\"><td>");
                if (live) {
                    h.append("<a href=\"#live\" data-bookmark=\"").append(i).append("\">");
                }
                html.text(Time.formatSeconds(b.atNs()) + " s");
                if (live) {
                    h.append("</a>");
                }
                h.append("</td>");
                html.cell(
                        b.request() == null
                                ? ""
                                : row >= 0
                                        ? html.name(row)
                                        : "file "
                                                + (b.request().file() + 1)
                                                + " #"
                                                + b.request().id()
                                                + " (not in this trace)");
                html.cell(b.note());
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }

        private void importReport() {
            boolean any =
                    t.sources().stream()
                            .anyMatch(f -> !f.problems().isEmpty() || !f.warnings().isEmpty());
            if (!any) {
                return;
            }
            h.append("<h2 id=\"import\">Import problems and warnings</h2>\n<ul>\n");
            for (SourceFile f : t.sources()) {
                for (Problem p : f.problems()) {
                    h.append("<li>");
                    html.text(p.toString());
                    h.append("</li>\n");
                }
                for (String w : f.warnings()) {
                    h.append("<li>");
                    html.text(f.path() + ": " + w);
                    h.append("</li>\n");
                }
            }
            h.append("</ul>\n");
        }
    }

    /** The state badges in the timeline's colours, so the tables and the picture agree. */
    private static String stateCss() {
        StringBuilder sb = new StringBuilder();
        for (WriteState s : CrashReport.STATES) {
            sb.append(".s-")
                    .append(s.jsonName())
                    .append("{background:")
                    .append(SvgPainter.Colours.hex(Palette.LIGHT.state(s)))
                    .append(s == WriteState.NOT_ISSUED ? ";color:#1f2328" : "")
                    .append("}\n");
        }
        return sb.toString();
    }

    private static String counts(Map<String, Integer> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach(
                (k, v) ->
                        sb.append(sb.length() == 0 ? "" : ", ")
                                .append(k)
                                .append(' ')
                                .append(String.format(Locale.ROOT, "%,d", v)));
        return sb.toString();
    }
}
