package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Trace;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** {@code orderlens export} on real captures, headless: every output opened and checked. */
class ExportCommandTest {
    static final String GUEST = "sample-traces/writeback.guest.blkparse.txt";
    static final String QEMU = "sample-traces/writeback.qemu.log";

    /** Mid-workload in the writeback capture: durable, volatile, lost and not-yet-issued writes. */
    static final String CRASH = "0.17";

    @TempDir Path dir;

    private static Document xml(Path p) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(p)));
    }

    @Test
    void aRealCapturePairExportsEveryOutputWithoutADisplay() throws Exception {
        assertTrue(GraphicsEnvironment.isHeadless());
        Path png = dir.resolve("t.png");
        Path svg = dir.resolve("t.svg");
        Path csv = dir.resolve("requests.csv");
        Path crashCsv = dir.resolve("crash.csv");
        Path json = dir.resolve("report.json");
        Path traceJson = dir.resolve("trace.json");
        Path html = dir.resolve("report.html");
        CliRunner r =
                CliRunner.run(
                        "export",
                        GUEST,
                        QEMU,
                        "--crash-at",
                        CRASH,
                        "--png",
                        png.toString(),
                        "--svg",
                        svg.toString(),
                        "--csv",
                        csv.toString(),
                        "--crash-csv",
                        crashCsv.toString(),
                        "--json",
                        json.toString(),
                        "--trace-json",
                        traceJson.toString(),
                        "--html",
                        html.toString(),
                        "--width",
                        "1500",
                        "--scale",
                        "2",
                        "--from",
                        "0",
                        "--to",
                        "0.2");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertEquals(7, r.out().lines().count(), "one line per output: " + r.out());

        Trace trace =
                TraceLoader.load(
                        List.of(
                                TraceLoader.FileSpec.of(Path.of(GUEST)),
                                TraceLoader.FileSpec.of(Path.of(QEMU))),
                        dev.orderlens.model.Progress.NONE);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(3000, img.getWidth(), "--width × --scale");
        assertTrue(img.getHeight() > 600, "every lane and the legend: " + img.getHeight());

        Document s = xml(svg);
        NodeList texts = s.getElementsByTagNameNS("*", "text");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            labels.add(texts.item(i).getTextContent());
        }
        // the guest lane is 254,0 in the events, named vda by blkparse's summary ("Total (vda):")
        for (String lane :
                new String[] {
                    "Guest block layer", "Virtio queue", "vda", "virtio-blk/vq0", "blk0"
                }) {
            assertTrue(labels.stream().anyMatch(t -> t.startsWith(lane)), lane + " in " + labels);
        }
        assertTrue(
                labels.contains("crash 0.170000000 s · power-loss · writeback"), labels.toString());

        try (CSVParser p =
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .build()
                        .parse(new StringReader(Files.readString(csv)))) {
            assertEquals(dev.orderlens.export.CsvExport.REQUEST_HEADER, p.getHeaderNames());
            assertEquals(trace.requests().size(), p.getRecords().size());
        }

        // the crash CSV and the JSON report are analyze's output, byte for byte
        CliRunner analyzeCsv = CliRunner.run("analyze", GUEST, QEMU, "--crash-at", CRASH, "--csv");
        assertEquals(analyzeCsv.out(), Files.readString(crashCsv));
        CliRunner analyzeJson =
                CliRunner.run("analyze", GUEST, QEMU, "--crash-at", CRASH, "--json");
        assertEquals(analyzeJson.out(), Files.readString(json));
        assertTrue(analyzeJson.out().contains("\"lost\" : 1"), "a crash point with a lost write");

        Trace reread = TraceLoader.load(traceJson);
        assertEquals(
                trace.requests().size(), reread.requests().size(), "the trace JSON reads back");
        assertEquals(trace.layers().size(), reread.layers().size());

        Document h = xml(html);
        List<String> tables = new ArrayList<>();
        NodeList ts = h.getElementsByTagName("table");
        for (int i = 0; i < ts.getLength(); i++) {
            tables.add(((org.w3c.dom.Element) ts.item(i)).getAttribute("id"));
        }
        assertTrue(
                tables.containsAll(
                        List.of(
                                "trace-summary",
                                "files",
                                "crash-point",
                                "crash-counts",
                                "at-risk",
                                "block-map")),
                tables.toString());
        assertEquals(
                2,
                h.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength(),
                "the timeline and the block map inline");
    }

    @Test
    void theReportsCommandReproducesItsAnalysis() throws Exception {
        Path html = dir.resolve("r.html");
        assertEquals(
                0,
                CliRunner.run(
                                "export",
                                GUEST,
                                QEMU,
                                "--crash-at",
                                CRASH,
                                "--crash-kind",
                                "qemu-kill",
                                "--html",
                                html.toString(),
                                "--json",
                                dir.resolve("r.json").toString())
                        .exit());
        String pre = xml(html).getElementsByTagName("pre").item(0).getTextContent();
        String[] analyze = pre.lines().findFirst().orElseThrow().split(" ");
        assertEquals("orderlens", analyze[0]);
        assertTrue(
                Arrays.asList(analyze)
                        .containsAll(List.of("--offset", "--layer", "--crash-kind", "qemu-kill")),
                pre);
        List<String> args = new ArrayList<>(Arrays.asList(analyze).subList(1, analyze.length));
        args.add("--json");
        CliRunner again = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, again.exit(), again.err());
        assertEquals(
                Files.readString(dir.resolve("r.json")),
                again.out(),
                "the same analysis from the report's command");

        Matcher m = Pattern.compile("orderlens export (.*) --html r\\.html").matcher(pre);
        assertTrue(m.find(), pre);
        Path again2 = dir.resolve("again");
        Files.createDirectories(again2);
        List<String> exportArgs = new ArrayList<>(List.of("export"));
        exportArgs.addAll(Arrays.asList(m.group(1).split(" ")));
        exportArgs.addAll(List.of("--html", again2.resolve("r.html").toString()));
        assertEquals(0, CliRunner.run(exportArgs.toArray(String[]::new)).exit());
        // the same report; only the offset is now given rather than estimated
        assertEquals(
                Files.readString(html).replace(" s (estimated)</td>", " s</td>"),
                Files.readString(again2.resolve("r.html")),
                "the report's command makes the same report");
    }

    @Test
    void badArgumentsExitWithTwoAndOneLine() throws Exception {
        Path out = dir.resolve("o.png");
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        String[][] cases = {
            {},
            {"--crash-csv", dir.resolve("c.csv").toString()},
            {"--png", out.toString(), "--crash-kind", "power-loss"},
            {"--png", out.toString(), "--tearing", "sector"},
            {"--png", out.toString(), "--crash-at", "0.1", "--crash-kind", "meteor"},
            {"--png", out.toString(), "--crash-at", "soon"},
            {"--png", out.toString(), "--crash-at", "0.1", "--crash-at", "0.2"},
            {"--png", out.toString(), "--width", "10"},
            {"--png", out.toString(), "--scale", "100"},
            {"--png", out.toString(), "--from", "2", "--to", "1"},
            {"--png", out.toString(), "--svg", out.toString()},
            {"--png", dir.toString()},
            {"--png", file.resolve("sub.png").toString()},
            {"--png", out.toString(), "--width", "20000", "--scale", "8"},
        };
        for (String[] extra : cases) {
            List<String> args =
                    new ArrayList<>(List.of("export", "sample-traces/journal-commit.json"));
            args.addAll(List.of(extra));
            CliRunner r = CliRunner.run(args.toArray(String[]::new));
            assertEquals(2, r.exit(), String.join(" ", extra) + ": " + r.err() + r.out());
            assertTrue(r.err().startsWith("orderlens: "), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertTrue(!Files.exists(out), "nothing written by a refused export");
    }

    @Test
    void aFailedExportLeavesTheUsersFileAsItWas() throws Exception {
        Path png = dir.resolve("keep.png");
        byte[] old = "an older picture".getBytes(StandardCharsets.UTF_8);
        Files.write(png, old);
        CliRunner r =
                CliRunner.run(
                        "export",
                        "sample-traces/journal-commit.json",
                        "--png",
                        png.toString(),
                        "--width",
                        "20000",
                        "--scale",
                        "8");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("too large"), r.err());
        assertArrayEquals(old, Files.readAllBytes(png));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void perfettoAndFioIologFromTheCommandLine() throws Exception {
        Path perfetto = dir.resolve("t.perfetto.json");
        Path fio = dir.resolve("replay.log");
        CliRunner r =
                CliRunner.run(
                        "export",
                        GUEST,
                        QEMU,
                        "--crash-at",
                        CRASH,
                        "--perfetto",
                        perfetto.toString(),
                        "--fio-iolog",
                        fio.toString(),
                        "--fio-layer",
                        "host");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("(perfetto)") && r.out().contains("(fio-iolog)"), r.out());
        var events =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(perfetto.toFile())
                        .get("traceEvents");
        assertTrue(events.size() > 100, "slices, flows and instants: " + events.size());
        List<String> lines = Files.readAllLines(fio);
        assertEquals("fio version 3 iolog", lines.get(0));
        // the host layer's lanes are QEMU's block backends ("blk0"), one file per flush domain
        assertTrue(
                lines.stream().skip(1).allMatch(l -> l.split(" ")[1].startsWith("blk")),
                lines.toString());

        CliRunner bad = CliRunner.run("export", GUEST, "--fio-layer", "guest", "--csv", "x.csv");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--fio-layer guest: needs --fio-iolog"), bad.err());
    }

    /**
     * A session saved with the files in the other order (QEMU log first) names the guest write of
     * writeback.guest.blkparse.txt line 158 ({@code Q WFS 0 + 8 [mount]} at 0.079591080 s: a FUA
     * write, id = its first line) as file 1; the command line gives the guest file first, so the
     * bookmark must be renumbered to find it. A time bookmark and a bookmark on a file not given
     * (file 2) come through as times.
     */
    @Test
    void aSessionsBookmarksReachTheHtmlReport() throws Exception {
        Path session = dir.resolve("s.json");
        Files.writeString(
                session,
                """
                {"format": "orderlens-session", "version": 1,
                 "source": {"files": [{"path": "%s"}, {"path": "%s"}, {"path": "/gone/x.log"}]},
                 "bookmarks": [
                   {"at": 79591080, "request": {"file": 1, "id": 158}, "note": "mount's <b>superblock</b>"},
                   {"at": 170000000, "note": "the crash"},
                   {"at": 1000, "request": {"file": 2, "id": 7}, "note": "elsewhere"}]}
                """
                        .formatted(
                                Path.of(QEMU).toAbsolutePath(), Path.of(GUEST).toAbsolutePath()));
        Path html = dir.resolve("r.html");
        CliRunner r =
                CliRunner.run(
                        "export",
                        GUEST,
                        QEMU,
                        "--crash-at",
                        CRASH,
                        "--session",
                        session.toString(),
                        "--html",
                        html.toString());
        assertEquals(0, r.exit(), r.err());
        String text = Files.readString(html);
        xml(html); // well-formed
        assertTrue(
                text.contains(
                        "<td><a href=\"#live\" data-bookmark=\"0\">0.000001000 s</a></td><td></td>"
                                + "<td>elsewhere</td>"),
                "a request of a file not given: a time bookmark");
        assertTrue(
                text.contains(
                        "0.079591080 s</a></td><td>guest#158 FUA write</td>"
                                + "<td>mount&#39;s &lt;b&gt;superblock&lt;/b&gt;</td>"),
                text.substring(text.indexOf("id=\"bookmarks\"")));
        assertTrue(text.contains("0.170000000 s</a></td><td></td><td>the crash</td>"));

        CliRunner missing =
                CliRunner.run(
                        "export",
                        GUEST,
                        "--session",
                        dir.resolve("nope.json").toString(),
                        "--html",
                        html.toString());
        assertEquals(2, missing.exit());
        assertTrue(
                missing.err().startsWith("orderlens: --session ")
                        && missing.err().contains("nope.json: no such file"),
                missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
    }
}
