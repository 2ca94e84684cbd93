package dev.orderlens.export;

import dev.orderlens.analysis.BlockMap;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashReport;
import dev.orderlens.analysis.SectorContents;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.layout.BlockMapLayout;
import dev.orderlens.layout.Palette;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.List;
import java.util.Locale;

/**
 * The HTML report's crash section: the crash point, the writes by state, the writes at risk with
 * their reasons, promise violations, lost predecessors and the block map.
 */
final class HtmlCrashSection {
    private final HtmlMarkup html;
    private final StringBuilder h;
    private final Trace t;
    private final CrashReport cr;

    HtmlCrashSection(HtmlMarkup html, Trace t, CrashReport cr) {
        this.html = html;
        this.h = html.h;
        this.t = t;
        this.cr = cr;
    }

    void append() {
        CrashPoint p = cr.point();
        h.append("<h2 id=\"crash\">Crash at ")
                .append(Time.formatSeconds(p.atNs()))
                .append(" s</h2>\n<table id=\"crash-point\">\n");
        html.row("time", Time.formatSeconds(p.atNs()) + " s");
        html.row("crash kind", p.kind().jsonName());
        html.row("cache mode", p.cacheModes().label());
        p.cacheModes()
                .resolved(cr.result().analysis().diskKeys())
                .forEach((disk, choice) -> html.row("cache mode of " + disk, choice.text()));
        html.row("tearing", p.tearing().jsonName());
        html.row(
                "media contents from",
                cr.contentLayer() == null ? "(no writes)" : cr.contentLayer() + " layer");
        html.row(
                "uncertain writes",
                String.format(Locale.ROOT, "%,d", cr.result().uncertainWrites()));
        html.row("crash states", cr.statesText());
        h.append(
                "</table>\n<h3>Writes by state</h3>\n<table id=\"crash-counts\">\n<tr><th>state</th><th>writes</th>"
                        + "<th>meaning</th></tr>\n");
        for (WriteState s : CrashReport.STATES) {
            h.append("<tr><td>");
            html.badge(s);
            h.append("</td>");
            html.num(cr.count(s));
            html.cell(CrashReport.meaning(s));
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
                html.badge(w.state());
                h.append("</td>");
                html.cell(w.name());
                html.cell((w.flags().isEmpty() ? "" : w.flags() + " ") + w.op());
                html.cell(w.lane());
                html.cell(w.sectors());
                html.cell(w.source() == null ? "" : w.source());
                html.cell(w.submitted());
                html.cell(w.completed());
                // the deciding step in the row, the whole chain one click away
                h.append("<td class=\"reason\"><details><summary>");
                html.text(cr.reasonLine(w.row()));
                h.append("</summary>");
                html.text(cr.chainText(w.row()));
                h.append("</details></td></tr>\n");
            }
            h.append("</table>\n");
            html.more(atRisk, shown.size(), "writes at risk");
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
                html.cell(v.write().name());
                html.cell(v.toldLayer());
                html.cell(v.belowLayer());
                h.append("<td class=\"reason\">");
                html.text(cr.violationReason(v.write().row()));
                h.append("</td></tr>\n");
            }
            h.append("</table>\n");
            html.more(nv, pv.size(), "promise violations");
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
                html.cell(l.write().name());
                h.append("<td>");
                html.badge(l.write().state());
                h.append("</td>");
                html.cell(l.predecessor().name());
                h.append("<td>");
                html.badge(l.predecessor().state());
                h.append("</td>");
                html.num(l.predecessors());
                h.append("</tr>\n");
            }
            h.append("</table>\n");
            html.more(nl, lp.size(), "lost predecessors");
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
        if (m.ranges().size() <= HtmlReport.MAX_MAP_RUNS) {
            double width = 1000;
            BlockMapLayout layout =
                    new BlockMapLayout(
                            m, width, BlockMapLayout.fitZoom(m, width, 400), new SvgPainter(1, 1));
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
        int shown = Math.min(m.ranges().size(), HtmlReport.MAX_ROWS);
        for (int i = 0; i < shown; i++) {
            BlockMap.Range run = m.ranges().get(i);
            h.append("<tr>");
            html.cell(m.heading(run.domain()));
            html.cell(String.format(Locale.ROOT, "%,d – %,d", run.from(), run.to() - 1));
            html.num(run.sectors());
            html.cell(run.sectorClass().label());
            h.append("<td>");
            html.badge(run.worst());
            h.append("</td>");
            html.cell((run.contents() ? "may hold " : "written by ") + who(run));
            html.cell(m.layerNames(run));
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        html.more(m.ranges().size(), shown, "runs");
    }

    private String who(BlockMap.Range run) {
        StringBuilder sb = new StringBuilder();
        for (int x : run.candidates()) {
            sb.append(sb.length() == 0 ? "" : ", ")
                    .append(
                            x == SectorContents.INITIAL
                                    ? "the old content"
                                    : x == SectorContents.GARBAGE ? "garbage" : t.names().id(x));
        }
        if (run.writers() > run.candidates().length) {
            sb.append(
                    String.format(
                            Locale.ROOT, " and %,d more", run.writers() - run.candidates().length));
        }
        return sb.toString();
    }
}
