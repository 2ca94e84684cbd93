package dev.orderlens.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orderlens.model.Trace;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestSearchTest {
    private final Trace t = TestTraces.sample();

    private List<Integer> ids(String q) {
        return Arrays.stream(RequestSearch.find(t, null, q, 100))
                .map(r -> t.requests().id(r))
                .sorted()
                .boxed()
                .toList();
    }

    @Test
    void findsByIdSectorProcessAndText() {
        assertEquals(List.of(12), ids("#12"));
        assertEquals(List.of(12), ids("id:12"));
        assertEquals(List.of(1, 6, 11, 17), ids("sector:1003"));
        assertEquals(List.of(3, 5), ids("pid:301"));
        assertEquals(List.of(3, 5), ids("JBD2"));
        assertEquals(List.of(5, 16), ids("journal-commit"));
        assertEquals(List.of(5, 16), ids("fua"));
        assertEquals(List.of(5, 7, 15, 18), ids("flush"), "op flush, or the preflush flag");
        assertEquals(List.of(3, 13), ids("5000"), "a bare number: id or covered sector");
        assertEquals(List.of(), ids("   "));
    }

    @Test
    void onlyShownRequestsAreFoundAndTheLimitHolds() {
        TimelineModel device =
                TimelineModel.build(
                        t,
                        null,
                        RequestFilter.ALL.with(
                                new RequestFilter.Criterion(RequestFilter.Kind.LAYER, "device")));
        assertEquals(
                List.of(11, 17),
                Arrays.stream(RequestSearch.find(t, device, "sector:1000", 100))
                        .map(r -> t.requests().id(r))
                        .boxed()
                        .toList());
        assertEquals(2, RequestSearch.find(t, null, "write", 2).length);
    }
}
