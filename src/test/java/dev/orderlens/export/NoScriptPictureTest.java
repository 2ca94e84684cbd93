package dev.orderlens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.CrashReport;
import dev.orderlens.layout.Palette;
import dev.orderlens.model.Time;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The timeline for readers without scripts: an SVG, unless the report has the live timeline and the
 * SVG would be larger than the limit, then a PNG in an {@code <img>} (the file stays one file).
 */
class NoScriptPictureTest {
    private final ExportFixtures f = new ExportFixtures();
    private final TimelinePicture.View view = f.view(1200, Palette.LIGHT, "journal <commit>");

    private Document report(CrashReport crash, int maxSvg) throws Exception {
        String html =
                HtmlReport.render(
                        Exports.report(
                                f.trace,
                                f.findings,
                                crash,
                                view,
                                Time.NONE,
                                Time.NONE,
                                Path.of("r.html"),
                                null,
                                List.of(),
                                maxSvg));
        return ExportFixtures.xml(html); // still well-formed XML with the image
    }

    private static Element noScript(Document d) {
        List<Element> n = ExportFixtures.elements(d, "noscript");
        assertEquals(1, n.size(), "one no-script view");
        return n.get(0);
    }

    @Test
    void aLargeTimelineUnderTheLiveOneIsAPngOfTheSameSize() throws Exception {
        CrashReport crash = CrashReport.of(f.crash, f.findings);
        // the sample's SVG timeline is about 20 kB: over a 1,000-character limit, under the default
        Element svgView = noScript(report(crash, Exports.MAX_NO_SCRIPT_SVG));
        Element svg = (Element) svgView.getElementsByTagNameNS("*", "svg").item(0);
        assertEquals(0, svgView.getElementsByTagNameNS("*", "img").getLength());

        Element pngView = noScript(report(crash, 1000));
        assertEquals(0, pngView.getElementsByTagNameNS("*", "svg").getLength(), "no SVG left");
        Element img = (Element) pngView.getElementsByTagNameNS("*", "img").item(0);
        assertEquals("journal <commit>", img.getAttribute("alt"), "the title, escaped and back");
        String src = img.getAttribute("src");
        String prefix = "data:image/png;base64,";
        assertTrue(src.startsWith(prefix), src.substring(0, Math.min(40, src.length())));
        BufferedImage png =
                ImageIO.read(
                        new ByteArrayInputStream(
                                Base64.getDecoder().decode(src.substring(prefix.length()))));
        // the PNG (Java2D) and the SVG are laid out from the same view: same size in pixels
        assertEquals(Double.parseDouble(svg.getAttribute("width")), png.getWidth(), 0.5);
        assertEquals(Math.ceil(Double.parseDouble(svg.getAttribute("height"))), png.getHeight());
        assertEquals(String.valueOf(png.getWidth()), img.getAttribute("width"));
        assertEquals(String.valueOf(png.getHeight()), img.getAttribute("height"));
        assertFalse(isBlank(png), "something is drawn");
        // the rest of the report is unchanged: the block map is still an inline SVG
        assertEquals(
                1,
                ExportFixtures.elements(report(crash, 1000), "svg").size(),
                "the block map's SVG");
    }

    @Test
    void withoutTheLiveTimelineTheSvgStaysWhateverItsSize() throws Exception {
        Document d = report(null, 1000);
        assertTrue(ExportFixtures.elements(d, "noscript").isEmpty(), "the picture is the view");
        assertEquals(1, ExportFixtures.elements(d, "svg").size());
        assertTrue(ExportFixtures.elements(d, "img").isEmpty());
    }

    private static boolean isBlank(BufferedImage img) {
        int first = img.getRGB(0, 0);
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                if (img.getRGB(x, y) != first) {
                    return false;
                }
            }
        }
        return true;
    }
}
