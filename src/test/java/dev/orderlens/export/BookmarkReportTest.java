package dev.orderlens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlens.analysis.CrashReport;
import dev.orderlens.layout.Palette;
import dev.orderlens.model.Bookmark;
import dev.orderlens.model.Time;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Bookmarks in the HTML report: listed in time order, linked to the live timeline, escaped. */
class BookmarkReportTest {
    /** Markup, a script end, an entity and quotes: must all come back as the same text. */
    static final String HOSTILE = "</script><b id=\"evil\" onclick='x()'>bold</b> &amp; \"q\"";

    private final ExportFixtures f = new ExportFixtures();

    /**
     * journal-commit.json, line 10: request id 5 (guest, the PREFLUSH+FUA journal commit) is
     * submitted at 210000 ns; the time bookmark is at 300000 ns (the fixture's crash point). Given
     * in the wrong order: the report lists them by time.
     */
    private final List<Bookmark> marks =
            List.of(
                    Bookmark.atTime(300_000, HOSTILE),
                    new Bookmark(210_000, new Bookmark.RequestRef(0, 5), "the commit block"));

    private String render(CrashReport report) {
        return HtmlReport.render(
                Exports.report(
                        f.trace,
                        f.findings,
                        report,
                        f.view(1200, Palette.LIGHT, "t"),
                        Time.NONE,
                        Time.NONE,
                        Path.of("r.html"),
                        null,
                        marks));
    }

    @Test
    void theReportListsTheBookmarksInTimeOrderWithTheirRequestAndEscapedNote() throws Exception {
        String text = render(CrashReport.of(f.crash, f.findings));
        Document d = ExportFixtures.xml(text); // still well-formed with the hostile note
        Element table =
                ExportFixtures.elements(d, "table").stream()
                        .filter(t -> t.getAttribute("id").equals("bookmarks"))
                        .findFirst()
                        .orElseThrow();
        List<Element> rows =
                ExportFixtures.elements(d, "tr").stream()
                        .filter(r -> r.getParentNode() == table && r.hasAttribute("data-bookmark"))
                        .toList();
        assertEquals(2, rows.size());
        List<Element> first =
                ExportFixtures.elements(d, "td").stream()
                        .filter(c -> c.getParentNode() == rows.get(0))
                        .toList();
        assertEquals("0.000210000 s", first.get(0).getTextContent());
        assertEquals("guest#5 FUA|PREFLUSH write", first.get(1).getTextContent());
        assertEquals("the commit block", first.get(2).getTextContent());
        List<Element> second =
                ExportFixtures.elements(d, "td").stream()
                        .filter(c -> c.getParentNode() == rows.get(1))
                        .toList();
        assertEquals("0.000300000 s", second.get(0).getTextContent());
        assertEquals("", second.get(1).getTextContent(), "a time bookmark names no request");
        assertEquals(HOSTILE, second.get(2).getTextContent(), "the note comes back as text");
        for (Element b : ExportFixtures.elements(d, "b")) {
            assertFalse("evil".equals(b.getAttribute("id")), "the note became markup");
        }
        // each time links to the live timeline, which reads the index
        List<Element> links =
                ExportFixtures.elements(d, "a").stream()
                        .filter(a -> a.hasAttribute("data-bookmark"))
                        .toList();
        assertEquals(2, links.size());
        assertEquals("#live", links.get(0).getAttribute("href"));
        assertEquals("1", links.get(1).getAttribute("data-bookmark"));

        // the live header carries the same list, resolved to rows, with < > & ' escaped
        String header =
                ExportFixtures.elements(d, "script").stream()
                        .filter(s -> s.getAttribute("id").equals("ol-live-header"))
                        .findFirst()
                        .orElseThrow()
                        .getTextContent();
        assertFalse(header.contains("<"), "no markup character in the header");
        JsonNode live = new ObjectMapper().readTree(header).get("bookmarks");
        assertEquals(2, live.size());
        assertEquals(210_000, live.get(0).get("atNs").asLong());
        assertEquals(f.trace.requests().rowOfId(0, 5), live.get(0).get("row").asInt());
        assertEquals("guest#5", live.get(0).get("name").asText());
        assertEquals(-1, live.get(1).get("row").asInt());
        assertEquals(HOSTILE, live.get(1).get("note").asText());
    }

    @Test
    void withoutACrashPointTheBookmarksAreListedWithoutLinks() throws Exception {
        Document d = ExportFixtures.xml(render(null));
        assertEquals(
                1,
                ExportFixtures.elements(d, "table").stream()
                        .filter(t -> t.getAttribute("id").equals("bookmarks"))
                        .count());
        assertTrue(
                ExportFixtures.elements(d, "a").stream()
                        .noneMatch(a -> a.hasAttribute("data-bookmark")),
                "no live timeline to link to");
    }

    @Test
    void aBookmarkOnARequestTheTraceLacksSaysSo() throws Exception {
        String text =
                HtmlReport.render(
                        Exports.report(
                                f.trace,
                                f.findings,
                                null,
                                null,
                                Time.NONE,
                                Time.NONE,
                                Path.of("r.html"),
                                null,
                                List.of(new Bookmark(5, new Bookmark.RequestRef(3, 99), "gone"))));
        assertTrue(text.contains("<td>file 4 #99 (not in this trace)</td>"), text);
    }
}
