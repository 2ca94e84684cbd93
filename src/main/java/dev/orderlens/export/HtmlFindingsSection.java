package dev.orderlens.export;

import dev.orderlens.analysis.FindingGroups;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.analysis.PairList;
import dev.orderlens.model.Events;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;

/**
 * The HTML report's ordering findings: the totals, the crossing and overtaking writes grouped by
 * flush, and the pairs of each kind (the first {@link HtmlReport#MAX_ROWS} of each).
 */
final class HtmlFindingsSection {
    private final HtmlMarkup html;
    private final StringBuilder h;
    private final Trace t;
    private final Requests r;
    private final OrderingFindings f;

    /** {@code f} may be null: the section then says the trace was not analysed. */
    HtmlFindingsSection(HtmlMarkup html, Trace t, OrderingFindings f) {
        this.html = html;
        this.h = html.h;
        this.t = t;
        this.r = t.requests();
        this.f = f;
    }

    void append() {
        h.append("<h2 id=\"findings\">Ordering findings</h2>\n");
        if (f == null) {
            h.append("<p>Not analysed.</p>\n");
            return;
        }
        h.append("<table id=\"findings-counts\">\n");
        html.row(
                "crossing writes (in flight when a flush was submitted: not covered by it)",
                Long.toString(f.crossing().total()));
        html.row(
                "overtaking writes (submitted after a flush, completed before it)",
                Long.toString(f.overtaking().total()));
        html.row("concurrent overlapping writes", Long.toString(f.concurrentOverlaps().total()));
        html.row("requests in flight across a drain", Long.toString(f.drainViolations().total()));
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
            for (int i = 0; i < Math.min(d.size(), HtmlReport.MAX_ROWS); i++) {
                h.append("<tr>");
                html.cell(html.name(d.first(i)));
                html.cell(Time.formatSeconds(e.time(d.second(i))) + " s");
                h.append("</tr>\n");
            }
            h.append("</table>\n");
            html.more(d.total(), Math.min(d.total(), HtmlReport.MAX_ROWS), "requests");
        }
    }

    /**
     * The crossing and overtaking pairs per flush, those a later durable write depends on first.
     */
    private void groups(FindingGroups g) {
        if (g.groups().isEmpty()) {
            return;
        }
        h.append("<h3>Crossing and overtaking writes by flush</h3>\n<p>");
        html.text(g.text() + ".");
        h.append("</p>\n<table id=\"findings-groups\">\n<tr><th>group</th><th>depended on</th>")
                .append(
                        "<th>crossing</th><th>overtaking</th><th>writes</th><th>for example</th></tr>\n");
        int shown = Math.min(g.groups().size(), HtmlReport.MAX_ROWS);
        for (int i = 0; i < shown; i++) {
            FindingGroups.Group gr = g.groups().get(i);
            h.append("<tr>");
            html.cell(gr.key());
            html.num(gr.dependedOn());
            html.num(gr.crossing());
            html.num(gr.overtaking());
            html.num(gr.writes());
            html.cell(gr.examples().isEmpty() ? "" : FindingGroups.text(t, gr.examples().get(0)));
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        html.more(g.groups().size(), shown, "groups");
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
        for (int i = 0; i < Math.min(p.size(), HtmlReport.MAX_ROWS); i++) {
            int a = p.first(i);
            int b = p.second(i);
            h.append("<tr>");
            html.cell(html.name(a));
            html.cell(html.name(b));
            html.cell(Time.formatSeconds(r.submit(a)));
            html.cell(r.complete(a) == Time.NONE ? "never" : Time.formatSeconds(r.complete(a)));
            html.cell(Time.formatSeconds(r.submit(b)));
            html.cell(r.complete(b) == Time.NONE ? "never" : Time.formatSeconds(r.complete(b)));
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        html.more(p.total(), Math.min(p.total(), HtmlReport.MAX_ROWS), "pairs");
    }
}
