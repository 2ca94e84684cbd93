package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SamplesTest {
    @Test
    void valuesAndRowsSurviveSummarizingWhetherTheyFitAnIntOrNot() {
        // 0.5 ms .. 2.5 s: the last two do not fit an int of nanoseconds
        long[] values = {500_000, 3_000_000, 7, 2_147_483_647L, 2_147_483_648L, 2_500_000_000L};
        for (int keep = values.length - 2; keep <= values.length; keep += 2) {
            Samples s = new Samples(2);
            for (int i = 0; i < keep; i++) {
                s.add(values[i], 100 + i);
            }
            LatencySummary sum = s.summarize();
            assertEquals(keep, sum.n());
            assertEquals(7, sum.min());
            assertEquals(values[keep - 1], sum.max());
            // summarizing reorders the samples, value and row together
            for (int i = 0; i < s.size(); i++) {
                assertEquals(values[s.row(i) - 100], s.value(i), "sample " + i);
            }
            s.add(42, 99); // more samples after a summary (narrowed or not) are kept too
            assertEquals(keep + 1, s.summarize().n());
            assertEquals(7, s.summarize().min());
        }
    }
}
