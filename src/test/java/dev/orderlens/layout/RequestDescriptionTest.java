package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.model.Trace;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestDescriptionTest {
    private final Trace t = TestTraces.sample();
    private final OrderingFindings f = OrderingAnalysis.analyze(t);

    private Map<String, String> fields(int id) {
        Map<String, String> m = new LinkedHashMap<>();
        RequestDescription.fields(t, f, t.requests().rowOfId(0, id))
                .forEach(x -> m.put(x.label(), x.value()));
        return m;
    }

    @Test
    void everyFieldOfACrossingWrite() {
        Map<String, String> m = fields(4);
        assertEquals("guest#4", m.get("id"));
        assertEquals("write", m.get("op"));
        assertEquals("Guest block layer (guest)", m.get("layer"));
        assertEquals("1,016 – 1,023 (8 sectors, 4 KiB)", m.get("sectors"));
        assertEquals("0.000205000 s", m.get("submit"));
        assertEquals("0.000260000 s", m.get("complete"));
        assertEquals("55.0 µs", m.get("latency"));
        assertEquals("app (pid 812)", m.get("process"));
        assertEquals("data#3", m.get("data"));
        assertEquals("crossing write", m.get("findings"));
        assertEquals(
                "guest#5 FUA|PREFLUSH write",
                m.get("not covered by"),
                "the PREFLUSH commit it crossed");
        assertTrue(m.get("source").matches(".*journal-commit.json:\\d+"), m.get("source"));
    }

    @Test
    void aRequestThatNeverCompletedSaysSo() {
        Map<String, String> m = fields(7);
        assertEquals("never (not in the trace)", m.get("complete"));
        assertEquals(null, m.get("latency"));
        assertTrue(
                RequestDescription.tooltip(t, f, t.requests().rowOfId(0, 7), 3)
                        .contains("never completed"));
        assertTrue(
                RequestDescription.tooltip(t, f, t.requests().rowOfId(0, 7), 3)
                        .contains("3 requests in this pixel"));
    }
}
