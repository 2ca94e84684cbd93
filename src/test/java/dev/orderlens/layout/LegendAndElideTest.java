package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LegendAndElideTest {
    private final RecordingPainter p = new RecordingPainter();

    @Test
    void elidingKeepsTheLongestPrefixThatFitsWithAnEllipsis() {
        assertEquals("journal-commit", Elide.fit("journal-commit", 14 * 7, Painter.Font.SMALL, p));
        assertEquals("journal…", Elide.fit("journal-commit", 8 * 7, Painter.Font.SMALL, p));
        assertEquals("…", Elide.fit("journal-commit", 7, Painter.Font.SMALL, p));
        assertEquals("", Elide.fit("journal-commit", 6, Painter.Font.SMALL, p));
        assertEquals("", Elide.fit(null, 100, Painter.Font.SMALL, p));
    }

    @Test
    void theLegendExplainsEveryMarkWithoutOverlappingAndWrapsWhenNarrow() {
        double wide = Legend.paint(p, 0, 0, 2400, Palette.LIGHT);
        List<String> texts = List.copyOf(p.texts);
        for (String must :
                new String[] {
                    "read",
                    "write",
                    "flush",
                    "discard",
                    "write-zeroes",
                    "PREFLUSH",
                    "FUA",
                    "crossing write",
                    "overtaking write",
                    "concurrent overlapping writes",
                    "never completed",
                    "error",
                    "many requests in a pixel",
                    "crash"
                }) {
            assertTrue(
                    texts.stream().anyMatch(t -> t.contains(must)),
                    "legend explains " + must + ": " + texts);
        }
        for (int i = 0; i < p.textBoxes.size(); i++) {
            for (int j = i + 1; j < p.textBoxes.size(); j++) {
                double[] a = p.textBoxes.get(i);
                double[] b = p.textBoxes.get(j);
                assertFalse(
                        a[0] < b[0] + b[2]
                                && b[0] < a[0] + a[2]
                                && a[1] < b[1] + b[3]
                                && b[1] < a[1] + a[3],
                        texts.get(i) + " overlaps " + texts.get(j));
            }
        }
        RecordingPainter narrow = new RecordingPainter();
        double tall = Legend.paint(narrow, 0, 0, 500, Palette.LIGHT);
        assertTrue(tall > wide * 3, "wraps into more lines: " + tall + " vs " + wide);
        assertTrue(
                narrow.textBoxes.stream().allMatch(b -> b[0] + b[2] <= 500),
                "stays within its width");
        assertTrue(
                p.calls.stream()
                        .anyMatch(
                                c ->
                                        c.startsWith("stroke")
                                                && c.contains(
                                                        String.format("%08x", Palette.CROSSING))),
                "the crossing swatch is drawn like the lanes draw it");
    }
}
