package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestFilterTest {
    private final Trace sample = TestTraces.sample();
    private final RequestColumns columns =
            new RequestColumns(sample, OrderingAnalysis.analyze(sample));

    private List<Integer> ids(RequestFilter f) {
        RequestFilter.Compiled c = f.compile(sample, columns);
        List<Integer> out = new ArrayList<>();
        for (int r = 0; r < sample.requests().size(); r++) {
            if (c.test(r)) {
                out.add(sample.requests().id(r));
            }
        }
        out.sort(null);
        return out;
    }

    private static RequestFilter.Criterion c(RequestFilter.Kind k, String v) {
        return new RequestFilter.Criterion(k, v);
    }

    @Test
    void sameKindCriteriaAreAlternativesOtherKindsMustAllHold() {
        RequestFilter flushesOrFua =
                RequestFilter.ALL
                        .with(c(RequestFilter.Kind.OP, "flush"))
                        .with(c(RequestFilter.Kind.FLAG, "fua"));
        assertEquals(
                List.of(7, 15, 18), ids(flushesOrFua.without(c(RequestFilter.Kind.FLAG, "fua"))));
        assertEquals(List.of(), ids(flushesOrFua), "no flush carries FUA here");
        assertEquals(
                List.of(5, 16), ids(RequestFilter.ALL.with(c(RequestFilter.Kind.FLAG, "fua"))));
        assertEquals(
                List.of(5, 7, 15, 16, 18),
                ids(
                        RequestFilter.ALL
                                .with(c(RequestFilter.Kind.OP, "flush"))
                                .with(c(RequestFilter.Kind.OP, "write"))
                                .with(c(RequestFilter.Kind.SECTOR, "0-0"))
                                .with(c(RequestFilter.Kind.SECTOR, "5008-5015"))
                                .without(c(RequestFilter.Kind.OP, "write"))
                                .with(c(RequestFilter.Kind.OP, "write"))));
    }

    @Test
    void processDeviceLayerAndFindingCriteria() {
        assertEquals(
                List.of(3, 5),
                ids(RequestFilter.ALL.with(c(RequestFilter.Kind.PROCESS, "jbd2/vda1-8"))));
        assertEquals(
                List.of(11, 12, 13, 14, 15, 16, 17, 18),
                ids(RequestFilter.ALL.with(c(RequestFilter.Kind.DEVICE, "sda"))));
        assertEquals(
                List.of(1, 2, 3, 4, 5, 6, 7),
                ids(RequestFilter.ALL.with(c(RequestFilter.Kind.LAYER, "guest"))));
        assertEquals(
                List.of(4, 14),
                ids(RequestFilter.ALL.with(c(RequestFilter.Kind.FINDING, "crossing"))));
        // journal-commit.json: device 14 (data#3, 206000 → 258000 ns) crossed device flush 15
        // (the commit's preflush, 211000 → 295000); device 16, the commit's FUA data, was submitted
        // at 300000 after both and done at 398000, while the only later flush (18) never completes:
        // the commit depends on data#3 (docs/analysis.md §12). Guest 4 crossed guest 5 itself, and
        // no FUA write follows 5's completion at 400000: not depended on.
        assertEquals(
                List.of(14),
                ids(RequestFilter.ALL.with(c(RequestFilter.Kind.FINDING, "depended-on"))));
        assertEquals(
                List.of(1, 6, 11, 17),
                ids(RequestFilter.ALL.with(c(RequestFilter.Kind.SECTOR, "1000"))));
    }

    @Test
    void badCriteriaAreRejectedWithAClearMessage() {
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> c(RequestFilter.Kind.OP, "wirte"))
                        .getMessage()
                        .contains("unknown op 'wirte'"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> c(RequestFilter.Kind.SECTOR, "9-3"))
                        .getMessage()
                        .contains("lo-hi"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> c(RequestFilter.Kind.SECTOR, "abc"))
                        .getMessage()
                        .contains("expected a sector or lo-hi"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> c(RequestFilter.Kind.FLAG, "fast"))
                        .getMessage()
                        .contains("known: fua"));
    }
}
