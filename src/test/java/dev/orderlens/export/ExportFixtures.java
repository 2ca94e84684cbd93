package dev.orderlens.export;

import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.layout.LaneLayout;
import dev.orderlens.layout.LaneView;
import dev.orderlens.layout.Metrics;
import dev.orderlens.layout.Palette;
import dev.orderlens.layout.RequestFilter;
import dev.orderlens.layout.TimelineModel;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The bundled sample prepared for exports: findings, a crash point, a layout without JavaFX. */
final class ExportFixtures {
    static final Path SAMPLE = Path.of("sample-traces/journal-commit.json");

    /** At 300 µs the sample has durable, volatile, in-flight and not-issued writes. */
    static final long CRASH_AT = 300_000;

    final Trace trace;
    final OrderingFindings findings;
    final CrashResult crash;
    final LaneLayout layout;

    ExportFixtures() {
        try {
            trace = TraceLoader.load(SAMPLE);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        findings = OrderingAnalysis.analyze(trace);
        crash = CrashAnalysis.of(trace).at(CrashPoint.powerLoss(CRASH_AT));
        layout =
                new LaneLayout(
                        TimelineModel.build(trace, findings, RequestFilter.ALL),
                        LaneView.DEFAULT,
                        Metrics.DEFAULT);
    }

    TimelinePicture.View view(double width, Palette pal, String title) {
        long[] w = TimelinePicture.wholeTrace(trace);
        return new TimelinePicture.View(
                layout, w[0], w[1], width, pal, Time.NONE, -1, Exports.overlay(crash), title);
    }

    static Document xml(String text) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder()
                .parse(
                        new ByteArrayInputStream(
                                text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Every element with this local name, in document order. */
    static List<Element> elements(Document d, String localName) {
        NodeList nodes = d.getElementsByTagNameNS("*", localName);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }
}
