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
    void findsTheNamesTheAppShows() {
        // journal-commit.json: id 5 is the guest's PREFLUSH|FUA commit, id 16 the device's FUA
        // write
        // of the same sectors, id 1 a guest write and id 11 the device write below it
        assertEquals(List.of(5), ids("guest#5"));
        assertEquals(List.of(5), ids("GUEST:5"));
        assertEquals(List.of(16), ids("device#16"));
        assertEquals(List.of(), ids("device#5"), "5 is a guest request");
        assertEquals(List.of(), ids("nolayer#5"), "not a layer: searched as text, found nowhere");
        for (int row : RequestSearch.find(t, null, "guest#5", 10)) {
            assertEquals("guest#5", t.names().id(row), "what it finds is named as it was asked");
        }
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
