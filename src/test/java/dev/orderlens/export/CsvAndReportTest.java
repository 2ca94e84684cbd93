package dev.orderlens.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashReport;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.layout.Palette;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Time;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The CSV files and the HTML report, read back and checked against the trace and its analysis. */
class CsvAndReportTest {
    private final ExportFixtures f = new ExportFixtures();

    @TempDir Path dir;

    private static List<CSVRecord> parse(Path file, List<String> header) throws IOException {
        try (CSVParser p =
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .build()
                        .parse(new StringReader(Files.readString(file)))) {
            assertEquals(header, p.getHeaderNames());
            return p.getRecords();
        }
    }

    @Test
    void theRequestsCsvHasTheHeaderAndOneRowPerRequest() throws Exception {
        Path csv = dir.resolve("requests.csv");
        CsvExport.requests(f.trace, f.findings, csv, Progress.NONE);
        List<CSVRecord> rows = parse(csv, CsvExport.REQUEST_HEADER);
        assertEquals(f.trace.requests().size(), rows.size());
        Map<String, CSVRecord> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.get("id"), r));
        CSVRecord commit = byId.get("5");
        assertEquals("guest", commit.get("layer"));
        assertEquals("vda", commit.get("lane"));
        assertEquals("fua|preflush|sync|meta", commit.get("flags"));
        assertEquals("0.000210000", commit.get("submitSeconds"));
        assertEquals("0.000300000", commit.get("issueSeconds"));
        assertEquals("0.000400000", commit.get("completeSeconds"));
        assertEquals("301", commit.get("pid"));
        assertEquals("jbd2/vda1-8", commit.get("process"));
        assertEquals("journal-commit#1", commit.get("data"));
        assertEquals("5", byId.get("16").get("parent"), "parent by id");
        assertEquals("crossing", byId.get("4").get("findings"));
        assertEquals("", byId.get("7").get("completeSeconds"), "never completed");
        assertEquals("unknown", byId.get("7").get("status"));
        assertEquals("", byId.get("11").get("pid"), "no process recorded");
    }

    @Test
    void theCrashCsvHasOneRowPerWriteWithItsState() throws Exception {
        Path csv = dir.resolve("crash.csv");
        CsvExport.crashOutcomes(CrashReport.of(f.crash, f.findings), csv);
        List<CSVRecord> rows = parse(csv, CsvExport.CRASH_HEADER);
        int writes = 0;
        for (WriteState s : WriteState.values()) {
            writes += f.crash.count(s);
        }
        assertEquals(writes, rows.size());
        for (CSVRecord r : rows) {
            int row = f.trace.requests().rowOfId(0, Integer.parseInt(r.get("id")));
            assertEquals(f.crash.state(row).jsonName(), r.get("state"));
            String st = r.get("state");
            assertTrue(
                    r.get("reason").endsWith("→ " + st)
                            || r.get("reason").endsWith("→ " + st.replace('-', ' ')),
                    r.get("reason"));
        }
    }

    @Test
    void aCancelledExportLeavesTheOldFileAlone() throws Exception {
        Path csv = dir.resolve("requests.csv");
        Files.writeString(csv, "old\n");
        Progress cancelled =
                new Progress() {
                    @Override
                    public void update(long done, long total) {}

                    @Override
                    public boolean isCancelled() {
                        return true;
                    }
                };
        assertThrows(
                Progress.CancelledException.class,
                () -> CsvExport.requests(f.trace, f.findings, csv, cancelled));
        assertEquals("old\n", Files.readString(csv));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(csv), files.toList());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {300_000, 490_000})
    void theReportHoldsTheSummaryTheSvgTheCrashTablesTheFindingsAndTheCommand(long crashAt)
            throws Exception {
        CrashResult crash = CrashAnalysis.of(f.trace).at(CrashPoint.powerLoss(crashAt));
        Path html = dir.resolve("report.html");
        long[] w = TimelinePicture.wholeTrace(f.trace);
        TimelinePicture.View view =
                new TimelinePicture.View(
                        f.layout,
                        w[0],
                        w[1],
                        1200,
                        Palette.LIGHT,
                        Time.NONE,
                        -1,
                        Exports.overlay(crash),
                        "t");
        HtmlReport.write(
                Exports.report(
                        f.trace,
                        f.findings,
                        CrashReport.of(crash, f.findings),
                        view,
                        Time.NONE,
                        Time.NONE,
                        html,
                        "orderlens test"),
                html);
        String text = Files.readString(html);
        Document d = ExportFixtures.xml(text); // well-formed: the tables can be read back
        Map<String, Element> tables = new HashMap<>();
        for (Element t : ExportFixtures.elements(d, "table")) {
            tables.put(t.getAttribute("id"), t);
        }
        for (String id :
                new String[] {
                    "trace-summary",
                    "files",
                    "crash-point",
                    "crash-counts",
                    "at-risk",
                    "findings-counts",
                    "findings-crossing"
                }) {
            assertTrue(tables.containsKey(id), "table " + id + " in " + tables.keySet());
        }
        assertFalse(
                tables.containsKey("promise-violations"),
                "none in the sample: a sentence instead of an empty table");
        assertTrue(text.contains("None: no write was told durable"));
        assertEquals(!crash.lostPredecessors().isEmpty(), tables.containsKey("lost-predecessors"));
        assertEquals(
                crashAt == 490_000,
                tables.containsKey("lost-predecessors"),
                "the commit's data write may be lost at 490 µs");

        List<List<String>> counts = rows(tables.get("crash-counts"));
        for (WriteState s : WriteState.values()) {
            assertEquals(
                    Integer.toString(crash.count(s)),
                    cellsOf(counts, s.jsonName()).get(1),
                    s + " counted: " + counts);
        }
        List<List<String>> atRisk = rows(tables.get("at-risk"));
        int expected = 0;
        for (int row = 0; row < f.trace.requests().size(); row++) {
            WriteState s = crash.state(row);
            if (s != null && s.mayBeLost()) {
                expected++;
                String name = f.trace.names().id(row);
                List<String> r =
                        atRisk.stream()
                                .filter(x -> x.get(1).equals(name))
                                .findFirst()
                                .orElseThrow();
                assertEquals(s.jsonName(), r.get(0));
                CrashReport report = CrashReport.of(crash, f.findings);
                assertTrue(r.get(8).startsWith(report.reasonLine(row)), "the deciding step first");
                assertTrue(r.get(8).endsWith(crash.reasonText(row)), "then the chain, in full");
            }
        }
        assertEquals(expected, atRisk.size());
        assertEquals(f.findings.crossing().size(), rows(tables.get("findings-crossing")).size());
        if (crashAt == 490_000) { // present, as asserted above: every lost predecessor listed
            assertEquals(
                    crash.lostPredecessors().size(), rows(tables.get("lost-predecessors")).size());
            assertFalse(crash.lostPredecessors().isEmpty());
        }

        // the block map (issue 12 item 10): one row per run, and every at-risk write's first
        // sector in a run of its device that is not safe
        dev.orderlens.analysis.BlockMap map = dev.orderlens.analysis.BlockMap.of(crash);
        List<List<String>> runs = rows(tables.get("block-map"));
        assertEquals(map.ranges().size(), runs.size());
        for (int row = 0; row < f.trace.requests().size(); row++) {
            WriteState s = crash.state(row);
            if (s == null || !s.mayBeLost() || f.trace.requests().count(row) == 0) {
                continue;
            }
            long first = f.trace.requests().sector(row);
            String device = map.heading(map.domainOf(row));
            assertTrue(
                    runs.stream()
                            .anyMatch(
                                    x ->
                                            x.get(0).equals(device)
                                                    && from(x.get(1)) <= first
                                                    && first <= to(x.get(1))
                                                    && !x.get(3).equals("durable new")
                                                    && !x.get(3).equals("unchanged")),
                    f.trace.names().id(row) + " " + s + " in " + runs);
        }

        List<Element> svgs = ExportFixtures.elements(d, "svg");
        assertEquals(2, svgs.size(), "the timeline and the block map, inline");
        assertEquals("http://www.w3.org/2000/svg", svgs.get(0).getNamespaceURI());
        assertTrue(
                svgs.get(0).getTextContent().contains(Exports.crashLabel(crash.point())),
                "with its crash marker");

        String commands = ExportFixtures.elements(d, "pre").get(0).getTextContent();
        String at = Time.formatSeconds(crashAt);
        assertTrue(
                commands.startsWith(
                        "orderlens analyze sample-traces/journal-commit.json --crash-at "
                                + at
                                + " --crash-kind power-loss --cache-mode writeback --tearing sector\n"),
                commands);
        assertTrue(
                commands.contains(
                        "orderlens export sample-traces/journal-commit.json --crash-at " + at),
                commands);
        assertTrue(commands.contains("--width 1200 --html report.html"), commands);
        assertSelfContained(d);
    }

    @Test
    void aReportWithoutACrashHasTheFindingsAndNoCrashTables() throws Exception {
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
                                null));
        Document d = ExportFixtures.xml(text);
        List<String> ids =
                ExportFixtures.elements(d, "table").stream()
                        .map(e -> e.getAttribute("id"))
                        .toList();
        assertTrue(ids.contains("findings-crossing"), ids.toString());
        assertFalse(ids.contains("crash-counts"), ids.toString());
        assertTrue(ExportFixtures.elements(d, "svg").isEmpty());
        assertTrue(
                text.contains("orderlens analyze sample-traces/journal-commit.json\n"),
                "no crash options");
    }

    /**
     * Nothing is fetched from elsewhere: no external scripts, links, images, imports or URLs but
     * the SVG namespace (inline scripts are checked for anything that loads).
     */
    private static void assertSelfContained(Document d) {
        List<String> offenders = new ArrayList<>();
        walk(d.getDocumentElement(), offenders);
        assertEquals(List.of(), offenders);
    }

    private static void walk(Node n, List<String> offenders) {
        if (n instanceof Element e) {
            String name = e.getLocalName();
            if (List.of("link", "img", "iframe", "object", "embed", "image", "use")
                    .contains(name)) {
                offenders.add("<" + name + ">");
            }
            // the live report's own inline script and data are fine; anything that loads is not
            if (name.equals("script")
                    && List.of("http:", "https:", "fetch(", "XMLHttpRequest", "import(", "//cdn")
                            .stream()
                            .anyMatch(e.getTextContent()::contains)) {
                offenders.add("<script> that loads from elsewhere");
            }
            for (int i = 0; i < e.getAttributes().getLength(); i++) {
                Node a = e.getAttributes().item(i);
                boolean namespace = a.getNodeName().startsWith("xmlns");
                if (!namespace
                        && (a.getNodeValue().contains("http")
                                || a.getNodeName().endsWith("href")
                                || a.getNodeName().equals("src"))) {
                    offenders.add(name + "@" + a.getNodeName() + "=" + a.getNodeValue());
                }
            }
            if (name.equals("style")
                    && (e.getTextContent().contains("url(")
                            || e.getTextContent().contains("@import"))) {
                offenders.add("style with url/import");
            }
        }
        NodeList kids = n.getChildNodes();
        for (int i = 0; i < kids.getLength(); i++) {
            walk(kids.item(i), offenders);
        }
    }

    /** A table's data rows as cell texts (the header row has th cells only and is skipped). */
    private static List<List<String>> rows(Element table) {
        List<List<String>> out = new ArrayList<>();
        NodeList trs = table.getElementsByTagName("tr");
        for (int i = 0; i < trs.getLength(); i++) {
            NodeList tds = ((Element) trs.item(i)).getElementsByTagName("td");
            if (tds.getLength() == 0) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (int k = 0; k < tds.getLength(); k++) {
                cells.add(tds.item(k).getTextContent());
            }
            out.add(cells);
        }
        return out;
    }

    private static List<String> cellsOf(List<List<String>> rows, String first) {
        return rows.stream().filter(r -> r.get(0).equals(first)).findFirst().orElseThrow();
    }

    @Test
    void atomicWritesKeepTheOldFileOnFailureAndItsPermissionsOnSuccess() throws Exception {
        Path target = dir.resolve("out.txt");
        Files.writeString(target, "old content");
        IOException boom =
                assertThrows(
                        IOException.class,
                        () ->
                                AtomicFiles.write(
                                        target,
                                        out -> {
                                            out.write("half of the new".getBytes());
                                            out.flush();
                                            throw new IOException("disk full");
                                        }));
        assertEquals("disk full", boom.getMessage());
        assertEquals("old content", Files.readString(target), "a failure never half-overwrites");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList(), "the temporary file is removed");
        }

        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        if (posix) {
            Files.setPosixFilePermissions(
                    target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        }
        AtomicFiles.write(target, out -> out.write("new".getBytes()));
        assertEquals("new", Files.readString(target));
        if (posix) {
            assertEquals(
                    "rw-r-----",
                    java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(target)),
                    "the replaced file's permissions are kept");
            Path fresh = dir.resolve("fresh.txt"); // (a missing directory is refused)
            AtomicFiles.write(fresh, out -> out.write("x".getBytes()));
            assertEquals(
                    "rw-r--r--",
                    java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(fresh)),
                    "a new export is an ordinary file, not owner-only like a temporary file");
        }
        assertArrayEquals("new".getBytes(), Files.readAllBytes(target));
    }

    /** The first sector of a block-map cell "1,016 – 1,023". */
    private static long from(String cell) {
        return Long.parseLong(cell.split(" – ")[0].replace(",", ""));
    }

    private static long to(String cell) {
        return Long.parseLong(cell.split(" – ")[1].replace(",", ""));
    }
}
