package dev.orderlens.export;

import dev.orderlens.analysis.CrashReport;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.model.Trace;
import java.util.Locale;

/**
 * The HTML report's small pieces, appended to one buffer: escaped text, table rows and cells, state
 * badges, request names and the "and N more" notes. The report and its sections write through it,
 * so every piece of input text is escaped the same way.
 */
final class HtmlMarkup {
    /** The report being built. */
    final StringBuilder h;

    private final Trace t;

    HtmlMarkup(Trace t, StringBuilder h) {
        this.t = t;
        this.h = h;
    }

    /** "guest#4 FUA|PREFLUSH write". */
    String name(int row) {
        return t.names().label(row);
    }

    void more(long total, long shown, String what) {
        String more = CrashReport.more(total, shown, what);
        if (more != null) {
            h.append("<p class=\"more\">");
            text(more + " (all of them are in the CSV and JSON exports)");
            h.append("</p>\n");
        }
    }

    void badge(WriteState s) {
        if (s == null) {
            return;
        }
        h.append("<span class=\"state s-")
                .append(s.jsonName())
                .append("\">")
                .append(s.jsonName())
                .append("</span>");
    }

    void row(String key, String value) {
        h.append("<tr><th>");
        text(key);
        h.append("</th><td>");
        text(value);
        h.append("</td></tr>\n");
    }

    void cell(String s) {
        h.append("<td>");
        text(s);
        h.append("</td>");
    }

    void num(long n) {
        h.append("<td class=\"n\">").append(String.format(Locale.ROOT, "%,d", n)).append("</td>");
    }

    void text(String s) {
        SvgPainter.escape(s == null ? "" : s, h);
    }
}
