package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteLinesTest {
    @Test
    void newlineSearchAgreesWithAPlainLoop() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[rnd.nextInt(64)];
            for (int i = 0; i < b.length; i++) {
                int k = rnd.nextInt(6);
                b[i] =
                        (byte)
                                (k == 0
                                        ? '\n'
                                        : k == 1
                                                ? 0x8a
                                                : k == 2 ? 0x0b : k == 3 ? 0x09 : rnd.nextInt(256));
            }
            int from = b.length == 0 ? 0 : rnd.nextInt(b.length);
            int expected = -1;
            for (int i = from; i < b.length; i++) {
                if (b[i] == '\n') {
                    expected = i;
                    break;
                }
            }
            assertEquals(
                    expected,
                    ByteLines.indexOfNewline(b, from, b.length),
                    "seed " + seed + " round " + round);
        }
    }

    @Test
    void splitsLinesLikeAReaderDoes() throws Exception {
        String longLine = "x".repeat(200_000);
        String text = "a\r\nbb\n\n" + longLine + "\nlast without newline";
        ByteLines ls =
                new ByteLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        List<String> lines = new ArrayList<>();
        while (ls.next()) {
            lines.add(ls.text());
            assertEquals(lines.size(), ls.lineNo);
        }
        assertEquals(List.of("a", "bb", "", longLine, "last without newline"), lines);
    }
}
