package dev.orderlens.export;

import dev.orderlens.analysis.BlockMap;
import dev.orderlens.analysis.CacheModeInference;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashReport;
import dev.orderlens.analysis.FindingGroups;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.analysis.PairList;
import dev.orderlens.analysis.SectorContents;
import dev.orderlens.analysis.TraceSummary;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.layout.BlockMapLayout;
import dev.orderlens.layout.Palette;
import dev.orderlens.model.Bookmark;
import dev.orderlens.model.Events;
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
 * tests) can read it with an XML parser.
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
     * @param svg the timeline's {@code <svg>} element ({@link TimelinePicture#svgElement}), or null
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
            String svg,
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
                String svg,
                List<String> commands,
                String generatedBy) {
            this(trace, findings, report, title, svg, commands, generatedBy, List.of());
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

        Builder(Content c) {
            this.c = c;
            this.t = c.trace();
            this.r = t.requests();
        }

        String build() {
            h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                    .append(
                            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>");
            text(c.title());
            h.append("</title>\n<style>\n")
                    .append(CSS)
                    .append(stateCss())
                    .append("</style>\n</head>\n<body>\n<h1>");
            text(c.title());
            h.append("</h1>\n<p class=\"sub\">");
            text(subtitle());
            h.append("</p>\n");
            summary();
            reproduce();
            bookmarks();
            // with the live lanes below, the static picture is the view for readers without
            // scripts: inside <noscript> a browser running scripts reads it as text, not as
            // (for 10^6 requests) a few hundred thousand SVG elements
            boolean live = c.report() != null;
            if (c.svg() != null) {
                h.append(live ? "<noscript>" : "")
                        .append("<h2 id=\"timeline\">Timeline</h2>\n<div class=\"timeline\">\n")
                        .append(c.svg())
                        .append("</div>\n")
                        .append(live ? "</noscript>\n" : "");
            }
            if (live) {
                h.append(LiveReport.section(t, c.report().result(), c.bookmarks()));
            }
            h.append("<div class=\"later\">\n"); // see .later in the style
            if (live) {
                crash();
            }
            findings();
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
                row("title", t.meta().title());
            }
            if (t.meta().source() != null) {
                row("source", t.meta().source());
            }
            if (t.meta().scenario() != null) {
                row("scenario", t.meta().scenario());
            }
            row("requests", String.format(Locale.ROOT, "%,d", s.requests()));
            for (Map.Entry<String, Map<String, Integer>> e : s.byLayerAndOp().entrySet()) {
                row(
                        "layer " + e.getKey(),
                        String.format(
                                Locale.ROOT,
                                "%,d requests (%s), %d lane%s",
                                s.byLayer().get(e.getKey()),
                                counts(e.getValue()),
                                s.lanesByLayer().get(e.getKey()),
                                s.lanesByLayer().get(e.getKey()) == 1 ? "" : "s"));
            }
            row(
                    "events",
                    s.events() == 0
                            ? "none"
                            : String.format(
                                    Locale.ROOT, "%,d (%s)", s.events(), counts(s.eventsByKind())));
            row(
                    "time span",
                    Time.formatSeconds(s.startNs())
                            + " – "
                            + Time.formatSeconds(s.endNs())
                            + " s ("
                            + Time.formatDuration(s.endNs() - s.startNs())
                            + ")");
            if (t.meta().cacheMode() != null) {
                row("cache mode (trace)", t.meta().cacheMode());
            }
            java.util.List<CacheModeInference.DiskMode> disks = CacheModeInference.of(t);
            for (CacheModeInference.DiskMode d : disks) {
                row(
                        "cache mode of " + d.disk() + " (" + t.sources().get(d.file()).path() + ")",
                        d.text());
            }
            if (CacheModeInference.differNote(disks) != null) {
                row("cache modes", CacheModeInference.differNote(disks));
            }
            row("skipped input lines", String.format(Locale.ROOT, "%,d", s.skippedLines()));
            h.append(
                    "</table>\n<table id=\"files\">\n<tr><th>file</th><th>format</th><th>lines</th><th>skipped</th>"
                            + "<th>clock offset</th></tr>\n");
            for (SourceFile f : t.sources()) {
                h.append("<tr>");
                cell(f.path());
                cell(f.format());
                num(f.lines());
                num(f.skippedLines());
                cell(
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
                text(cmd);
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
                text(Time.formatSeconds(b.atNs()) + " s");
                if (live) {
                    h.append("</a>");
                }
                h.append("</td>");
                cell(
                        b.request() == null
                                ? ""
                                : row >= 0
                                        ? name(row)
                                        : "file "
                                                + (b.request().file() + 1)
                                                + " #"
                                                + b.request().id()
                                                + " (not in this trace)");
                cell(b.note());
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }

        private void crash() {
            CrashReport cr = c.report();
            CrashPoint p = cr.point();
            h.append("<h2 id=\"crash\">Crash at ")
                    .append(Time.formatSeconds(p.atNs()))
                    .append(" s</h2>\n<table id=\"crash-point\">\n");
            row("time", Time.formatSeconds(p.atNs()) + " s");
            row("crash kind", p.kind().jsonName());
            row("cache mode", p.cacheModes().label());
            p.cacheModes()
                    .resolved(cr.result().analysis().diskKeys())
                    .forEach((disk, choice) -> row("cache mode of " + disk, choice.text()));
            row("tearing", p.tearing().jsonName());
            row(
                    "media contents from",
                    cr.contentLayer() == null ? "(no writes)" : cr.contentLayer() + " layer");
            row(
                    "uncertain writes",
                    String.format(Locale.ROOT, "%,d", cr.result().uncertainWrites()));
            row("crash states", cr.statesText());
            h.append(
                    "</table>\n<h3>Writes by state</h3>\n<table id=\"crash-counts\">\n<tr><th>state</th><th>writes</th>"
                            + "<th>meaning</th></tr>\n");
            for (WriteState s : CrashReport.STATES) {
                h.append("<tr><td>");
                badge(s);
                h.append("</td>");
                num(cr.count(s));
                cell(CrashReport.meaning(s));
                h.append("</tr>\n");
            }
            h.append("</table>\n");

            int atRisk = cr.atRiskCount();
            h.append("<h3>Writes at risk (").append(atRisk).append(")</h3>\n");
            if (atRisk == 0) {
                h.append("<p>").append(CrashReport.NO_AT_RISK).append("</p>\n");
            } else {
                h.append(
                        "<table id=\"at-risk\">\n<tr><th>state</th><th>write</th><th>op</th><th>lane</th><th>sectors</th>"
                                + "<th>source</th><th>submitted</th><th>completed</th><th>why</th></tr>\n");
                List<CrashReport.Write> shown = cr.atRisk(CrashReport.HTML_ROWS);
                for (CrashReport.Write w : shown) {
                    h.append("<tr><td>");
                    badge(w.state());
                    h.append("</td>");
                    cell(w.name());
                    cell((w.flags().isEmpty() ? "" : w.flags() + " ") + w.op());
                    cell(w.lane());
                    cell(w.sectors());
                    cell(w.source() == null ? "" : w.source());
                    cell(w.submitted());
                    cell(w.completed());
                    // the deciding step in the row, the whole chain one click away
                    h.append("<td class=\"reason\"><details><summary>");
                    text(cr.reasonLine(w.row()));
                    h.append("</summary>");
                    text(cr.chainText(w.row()));
                    h.append("</details></td></tr>\n");
                }
                h.append("</table>\n");
                more(atRisk, shown.size(), "writes at risk");
            }

            int nv = cr.violationCount();
            h.append("<h3>Promise violations (").append(nv).append(")</h3>\n");
            if (nv == 0) {
                h.append("<p>").append(CrashReport.NO_VIOLATIONS).append("</p>\n");
            } else {
                h.append(
                        "<table id=\"promise-violations\">\n<tr><th>write</th><th>told durable at</th>"
                                + "<th>broken below, at</th><th>why</th></tr>\n");
                List<CrashReport.Violation> pv = cr.violations(CrashReport.HTML_ROWS);
                for (CrashReport.Violation v : pv) {
                    h.append("<tr>");
                    cell(v.write().name());
                    cell(v.toldLayer());
                    cell(v.belowLayer());
                    h.append("<td class=\"reason\">");
                    text(cr.violationReason(v.write().row()));
                    h.append("</td></tr>\n");
                }
                h.append("</table>\n");
                more(nv, pv.size(), "promise violations");
            }

            int nl = cr.lostPredecessorCount();
            h.append("<h3>Lost predecessors (").append(nl).append(")</h3>\n");
            if (nl == 0) {
                h.append("<p>").append(CrashReport.NO_LOST_PREDECESSORS).append("</p>\n");
            } else {
                h.append(
                        "<table id=\"lost-predecessors\">\n<tr><th>write that may survive</th><th>state</th>"
                                + "<th>latest earlier write that may not</th><th>its state</th><th>such earlier writes</th></tr>\n");
                List<CrashReport.LostPredecessor> lp = cr.lostPredecessors(CrashReport.HTML_ROWS);
                for (CrashReport.LostPredecessor l : lp) {
                    h.append("<tr>");
                    cell(l.write().name());
                    h.append("<td>");
                    badge(l.write().state());
                    h.append("</td>");
                    cell(l.predecessor().name());
                    h.append("<td>");
                    badge(l.predecessor().state());
                    h.append("</td>");
                    num(l.predecessors());
                    h.append("</tr>\n");
                }
                h.append("</table>\n");
                more(nl, lp.size(), "lost predecessors");
            }
            blockMap(BlockMap.of(cr.result()));
        }

        /**
         * The crash pane's block map: the picture (through the pane's own layout) when it is small
         * enough to inline, and its runs as a table.
         */
        private void blockMap(BlockMap m) {
            h.append("<h3>Block map (")
                    .append(BlockMapLayout.sectorsText(m.sectors()))
                    .append(" touched)</h3>\n<p>Every sector a write issued by the crash touched,")
                    .append(" on every device of every layer, classed by the worst state of the")
                    .append(" writes that touched it. Devices of several layers that number their")
                    .append(" sectors alike share one heading; each run lists the layers whose")
                    .append(" writes touched it.</p>\n");
            if (m.ranges().isEmpty()) {
                return;
            }
            if (m.ranges().size() <= MAX_MAP_RUNS) {
                double width = 1000;
                BlockMapLayout layout =
                        new BlockMapLayout(
                                m,
                                width,
                                BlockMapLayout.fitZoom(m, width, 400),
                                new SvgPainter(1, 1));
                double height = layout.height();
                SvgPainter p = new SvgPainter(width, height);
                layout.paint(p, Palette.LIGHT, 0, width, height, -1);
                h.append("<div class=\"timeline\" id=\"block-map-picture\">\n")
                        .append(p.element("Block map"))
                        .append("</div>\n");
            }
            h.append(
                    "<table id=\"block-map\">\n<tr><th>device</th><th>sectors</th><th>count</th>"
                            + "<th>class</th><th>worst write</th><th>holds / written by</th>"
                            + "<th>layers</th></tr>\n");
            int shown = Math.min(m.ranges().size(), MAX_ROWS);
            for (int i = 0; i < shown; i++) {
                BlockMap.Range run = m.ranges().get(i);
                h.append("<tr>");
                cell(m.heading(run.domain()));
                cell(String.format(Locale.ROOT, "%,d – %,d", run.from(), run.to() - 1));
                num(run.sectors());
                cell(run.sectorClass().label());
                h.append("<td>");
                badge(run.worst());
                h.append("</td>");
                cell((run.contents() ? "may hold " : "written by ") + who(run));
                cell(m.layerNames(run));
                h.append("</tr>\n");
            }
            h.append("</table>\n");
            more(m.ranges().size(), shown, "runs");
        }

        private String who(BlockMap.Range run) {
            StringBuilder sb = new StringBuilder();
            for (int x : run.candidates()) {
                sb.append(sb.length() == 0 ? "" : ", ")
                        .append(
                                x == SectorContents.INITIAL
                                        ? "the old content"
                                        : x == SectorContents.GARBAGE
                                                ? "garbage"
                                                : t.names().id(x));
            }
            if (run.writers() > run.candidates().length) {
                sb.append(
                        String.format(
                                Locale.ROOT,
                                " and %,d more",
                                run.writers() - run.candidates().length));
            }
            return sb.toString();
        }

        private void findings() {
            OrderingFindings f = c.findings();
            h.append("<h2 id=\"findings\">Ordering findings</h2>\n");
            if (f == null) {
                h.append("<p>Not analysed.</p>\n");
                return;
            }
            h.append("<table id=\"findings-counts\">\n");
            row(
                    "crossing writes (in flight when a flush was submitted: not covered by it)",
                    Long.toString(f.crossing().total()));
            row(
                    "overtaking writes (submitted after a flush, completed before it)",
                    Long.toString(f.overtaking().total()));
            row("concurrent overlapping writes", Long.toString(f.concurrentOverlaps().total()));
            row("requests in flight across a drain", Long.toString(f.drainViolations().total()));
            h.append("</table>\n");
            groups(FindingGroups.of(t, f, FindingGroups.By.FLUSH));
            pairs("crossing", "Crossing writes", f.crossing(), "write", "flush");
            pairs("overtaking", "Overtaking writes", f.overtaking(), "write", "flush");
            pairs(
                    "concurrent",
                    "Concurrent overlapping writes",
                    f.concurrentOverlaps(),
                    "write",
                    "overlapping write");
            PairList d = f.drainViolations();
            if (d.size() > 0) {
                Events e = t.events();
                h.append(
                        "<h3>In flight across a drain</h3>\n<table id=\"findings-drain\">\n<tr><th>request</th><th>drain at</th></tr>\n");
                for (int i = 0; i < Math.min(d.size(), MAX_ROWS); i++) {
                    h.append("<tr>");
                    cell(name(d.first(i)));
                    cell(Time.formatSeconds(e.time(d.second(i))) + " s");
                    h.append("</tr>\n");
                }
                h.append("</table>\n");
                more(d.total(), Math.min(d.total(), MAX_ROWS), "requests");
            }
        }

        /**
         * The crossing and overtaking pairs per flush, those a later durable write depends on
         * first.
         */
        private void groups(FindingGroups g) {
            if (g.groups().isEmpty()) {
                return;
            }
            h.append("<h3>Crossing and overtaking writes by flush</h3>\n<p>");
            text(g.text() + ".");
            h.append("</p>\n<table id=\"findings-groups\">\n<tr><th>group</th><th>depended on</th>")
                    .append(
                            "<th>crossing</th><th>overtaking</th><th>writes</th><th>for example</th></tr>\n");
            int shown = Math.min(g.groups().size(), MAX_ROWS);
            for (int i = 0; i < shown; i++) {
                FindingGroups.Group gr = g.groups().get(i);
                h.append("<tr>");
                cell(gr.key());
                num(gr.dependedOn());
                num(gr.crossing());
                num(gr.overtaking());
                num(gr.writes());
                cell(gr.examples().isEmpty() ? "" : FindingGroups.text(t, gr.examples().get(0)));
                h.append("</tr>\n");
            }
            h.append("</table>\n");
            more(g.groups().size(), shown, "groups");
        }

        private void pairs(String id, String heading, PairList p, String first, String second) {
            if (p.size() == 0) {
                return;
            }
            h.append("<h3>")
                    .append(heading)
                    .append("</h3>\n<table id=\"findings-")
                    .append(id)
                    .append("\">\n<tr><th>")
                    .append(first)
                    .append("</th><th>")
                    .append(second)
                    .append("</th><th>submitted</th><th>completed</th>" + "<th>")
                    .append(second)
                    .append(" submitted</th><th>")
                    .append(second)
                    .append(" completed</th></tr>\n");
            for (int i = 0; i < Math.min(p.size(), MAX_ROWS); i++) {
                int a = p.first(i);
                int b = p.second(i);
                h.append("<tr>");
                cell(name(a));
                cell(name(b));
                cell(Time.formatSeconds(r.submit(a)));
                cell(r.complete(a) == Time.NONE ? "never" : Time.formatSeconds(r.complete(a)));
                cell(Time.formatSeconds(r.submit(b)));
                cell(r.complete(b) == Time.NONE ? "never" : Time.formatSeconds(r.complete(b)));
                h.append("</tr>\n");
            }
            h.append("</table>\n");
            more(p.total(), Math.min(p.total(), MAX_ROWS), "pairs");
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
                    text(p.toString());
                    h.append("</li>\n");
                }
                for (String w : f.warnings()) {
                    h.append("<li>");
                    text(f.path() + ": " + w);
                    h.append("</li>\n");
                }
            }
            h.append("</ul>\n");
        }

        /** "guest#4 FUA|PREFLUSH write". */
        private String name(int row) {
            return t.names().label(row);
        }

        private void more(long total, long shown, String what) {
            String more = CrashReport.more(total, shown, what);
            if (more != null) {
                h.append("<p class=\"more\">");
                text(more + " (all of them are in the CSV and JSON exports)");
                h.append("</p>\n");
            }
        }

        private void badge(WriteState s) {
            if (s == null) {
                return;
            }
            h.append("<span class=\"state s-")
                    .append(s.jsonName())
                    .append("\">")
                    .append(s.jsonName())
                    .append("</span>");
        }

        private void row(String key, String value) {
            h.append("<tr><th>");
            text(key);
            h.append("</th><td>");
            text(value);
            h.append("</td></tr>\n");
        }

        private void cell(String s) {
            h.append("<td>");
            text(s);
            h.append("</td>");
        }

        private void num(long n) {
            h.append("<td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%,d", n))
                    .append("</td>");
        }

        private void text(String s) {
            SvgPainter.escape(s == null ? "" : s, h);
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
