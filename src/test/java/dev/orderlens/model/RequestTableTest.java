package dev.orderlens.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestTableTest {
    @Test
    void buildSortsBySubmitAndKeepsLinksAndLines() {
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("t.txt", "test"));
        int guest = b.layer("guest");
        int device = b.layer("device");
        int gl = b.lane(guest, f, "vda");
        int dl = b.lane(device, f, "sda");
        RequestTableBuilder rt = b.requests();
        int late = rt.add(dl, Op.WRITE, Flags.FUA, 100, 8, 500, 510, 900, Status.OK);
        rt.addSourceLine(late, 40);
        rt.addSourceLine(late, 44);
        int early = rt.add(gl, Op.WRITE, 0, 100, 8, 100, 200, 950, Status.OK);
        rt.addSourceLine(early, 10);
        rt.addSourceLine(early, 12);
        rt.addSourceLine(early, 50);
        rt.setParent(late, early);
        rt.setTask(early, 77, "dd");
        int flush =
                rt.add(
                        gl,
                        Op.FLUSH,
                        Flags.PREFLUSH,
                        0,
                        0,
                        300,
                        Time.NONE,
                        Time.NONE,
                        Status.UNKNOWN);
        rt.setSourceLine(flush, 30);
        int ev = b.events().add(600, EventKind.MERGE, device, dl, f, 100, 8);
        b.events().setRequest(ev, late);
        Trace t = b.build();

        Requests r = t.requests();
        assertEquals(3, r.size());
        assertEquals(100, r.submit(0));
        assertEquals(300, r.submit(1));
        assertEquals(500, r.submit(2));
        assertEquals(
                0, r.parent(2), "the device write still points at the guest write after sorting");
        assertEquals(-1, r.parent(0));
        assertArrayEquals(new int[] {10, 12, 50}, r.sourceLines(0));
        assertArrayEquals(new int[] {30}, r.sourceLines(1));
        assertArrayEquals(new int[] {40, 44}, r.sourceLines(2));
        assertEquals(10, r.id(0), "text-format ids are first line numbers");
        assertEquals(77, r.pid(0));
        assertEquals("dd", r.process(0));
        assertEquals(-1, r.pid(1));
        assertNull(r.process(1));
        assertEquals(Flags.FUA, r.flags(2));
        assertTrue(r.has(1, Flags.PREFLUSH));
        assertEquals(Time.NONE, r.complete(1));
        assertEquals("guest", t.layerId(0));
        assertEquals("device", t.layerId(2));
        assertEquals(2, t.events().request(0), "event links follow the request to its new row");
        assertEquals(100, t.startNs());
        assertEquals(950, t.endNs());
    }

    @Test
    void layersAreOrderedTopToBottomWhateverTheInputOrder() {
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("x", "test"));
        int dev = b.layer("device");
        int host = b.layer("host");
        int guest = b.layer("guest");
        b.requests().add(b.lane(dev, f, "sda"), Op.READ, 0, 0, 8, 1, 2, 3, Status.OK);
        b.requests().add(b.lane(guest, f, "vda"), Op.READ, 0, 0, 8, 2, 3, 4, Status.OK);
        b.events().add(5, EventKind.DRAIN, host, -1, f, -1, 0);
        Trace t = b.build();
        assertEquals(
                java.util.List.of("guest", "host", "device"),
                t.layers().stream().map(Layer::id).toList());
        assertEquals("device", t.layerId(0));
        assertEquals("guest", t.layerId(1));
        assertEquals("host", t.layers().get(t.events().layer(0)).id());
    }

    @Test
    void growsPastTheInitialCapacityAndSortsStably() {
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("x", "test"));
        int lane = b.lane(b.layer("device"), f, "sda");
        Random rnd = new Random(7);
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            int r =
                    b.requests()
                            .add(
                                    lane,
                                    Op.WRITE,
                                    0,
                                    i,
                                    1,
                                    rnd.nextInt(1000),
                                    Time.NONE,
                                    Time.NONE,
                                    Status.UNKNOWN);
            b.requests().setSourceLine(r, i + 1);
        }
        Trace t = b.build();
        Requests r = t.requests();
        assertEquals(n, r.size());
        for (int i = 1; i < n; i++) {
            assertTrue(r.submit(i - 1) <= r.submit(i), "sorted at " + i);
            if (r.submit(i - 1) == r.submit(i)) {
                assertTrue(r.sourceLine(i - 1) < r.sourceLine(i), "stable at " + i);
            }
            assertEquals(r.sector(i) + 1, r.sourceLine(i), "columns moved together at " + i);
        }
    }

    @Test
    void optionalColumnsCostNothingUntilUsed() {
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("x", "test"));
        int lane = b.lane(b.layer("device"), f, "sda");
        for (int i = 0; i < 1000; i++) {
            b.requests().add(lane, Op.WRITE, 0, i, 1, i, i, i + 1, Status.OK);
        }
        Trace plain = b.build();
        long plainBytes = plain.requestTable().retainedBytes();

        TraceBuilder b2 = new TraceBuilder();
        int f2 = b2.addSource(new SourceFile("x", "test"));
        int lane2 = b2.lane(b2.layer("device"), f2, "sda");
        for (int i = 0; i < 1000; i++) {
            int r = b2.requests().add(lane2, Op.WRITE, 0, i, 1, i, i, i + 1, Status.OK);
            b2.requests().setDataTag(r, "d" + (i % 10));
            b2.requests().setId(r, 5000 + i);
        }
        Trace tagged = b2.build();
        assertEquals(plainBytes + 2 * 4 * 1000, tagged.requestTable().retainedBytes());
        assertEquals(5003, tagged.requests().id(3));
        assertEquals("d3", tagged.requests().dataTag(3));
        assertEquals(3, tagged.requests().rowOfId(f2, 5003));
        assertEquals(-1, tagged.requests().rowOfId(f2, 3));
        assertNull(plain.requests().dataTag(3));
    }

    @Test
    void flagsRoundTripThroughNames() {
        int all = 0;
        for (String n : Flags.allNames()) {
            int bit = Flags.parse(n);
            assertTrue(bit != 0, n);
            all |= bit;
        }
        assertEquals(Flags.allNames(), Flags.names(all));
        assertEquals(0, Flags.parse("no-such-flag"));
        assertEquals("FUA|PREFLUSH", Flags.display(Flags.FUA | Flags.PREFLUSH));
    }

    @Test
    void longRequestsWidenTheRelativeTimeColumnWithoutLosingValues() {
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("x", "test"));
        int lane = b.lane(b.layer("device"), f, "sda");
        RequestTableBuilder rt = b.requests();
        int a = rt.add(lane, Op.WRITE, 0, 0, 8, 1_000, 2_000, 3_000, Status.OK);
        int slow = rt.add(lane, Op.FLUSH, 0, 0, 0, 10, 20, 10 + 5_000_000_000L, Status.OK);
        int pending = rt.add(lane, Op.WRITE, 0, 0, 8, 5, Time.NONE, Time.NONE, Status.UNKNOWN);
        assertEquals(3_000, rt.complete(a));
        assertEquals(10 + 5_000_000_000L, rt.complete(slow));
        assertEquals(Time.NONE, rt.complete(pending));
        assertEquals(2_000, rt.issue(a), "values written before the column widened are kept");
        Trace t = b.build();
        Requests r = t.requests();
        // sorted by submit: pending (5), slow (10), a (1000)
        assertEquals(3_000, r.complete(2));
        assertEquals(2_000, r.issue(2));
        assertEquals(20, r.issue(1));
        assertEquals(10 + 5_000_000_000L, r.complete(1));
        assertEquals(Time.NONE, r.issue(0));
    }

    @Test
    void sourceLinesSurviveTheCompactEncodingInAnyOrderAndDistance() {
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("x", "test"));
        int lane = b.lane(b.layer("device"), f, "sda");
        RequestTableBuilder rt = b.requests();
        int[][] expected = {
            {5, 6, 7, 900_000_000, 8, 2_000_000_000},
            {
                1_500_000, 3, 1_499_999, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84,
                85, 86, 87
            },
            {42},
        };
        for (int i = 0; i < expected.length; i++) {
            int r =
                    rt.add(
                            lane,
                            Op.WRITE,
                            0,
                            i,
                            1,
                            100 - i,
                            Time.NONE,
                            Time.NONE,
                            Status.UNKNOWN); // reversed by the sort
            for (int line : expected[i]) {
                rt.addSourceLine(r, line);
            }
        }
        Trace t = b.build();
        for (int i = 0; i < expected.length; i++) {
            int row = expected.length - 1 - i;
            assertArrayEquals(expected[i], t.requests().sourceLines(row), "request " + i);
        }
    }

    @Test
    void theBuilderRefusesWritesOnceTheTraceIsBuilt() {
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("x", "test"));
        int lane = b.lane(b.layer("device"), f, "sda");
        RequestTableBuilder rt = b.requests();
        int r = rt.add(lane, Op.WRITE, 0, 0, 8, 1, 2, 3, Status.OK);
        Trace t = b.build();
        assertThrows(IllegalStateException.class, () -> rt.setComplete(r, 9));
        assertThrows(
                IllegalStateException.class,
                () -> rt.add(lane, Op.READ, 0, 0, 8, 1, 2, 3, Status.OK));
        assertEquals(3, t.requests().complete(0), "the built trace kept its value");
    }

    @Test
    void everyDeclaredColumnIsResizedSortedAndCounted() throws Exception {
        // a column missing from all() would keep its unsorted order after build(): guard it
        RequestTable.Columns c = new RequestTable.Columns();
        java.util.List<Column> all = c.all();
        int declared = 0;
        for (java.lang.reflect.Field field : RequestTable.Columns.class.getDeclaredFields()) {
            if (Column.class.isAssignableFrom(field.getType())) {
                declared++;
                Object col = field.get(c);
                assertTrue(all.stream().anyMatch(x -> x == col), field.getName() + " in all()");
            }
        }
        assertEquals(declared, all.size());
    }

    @Test
    void reservingCapacityKeepsEveryValueAndTrimsOnBuild() {
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("x", "test"));
        int lane = b.lane(b.layer("device"), f, "sda");
        RequestTableBuilder rt = b.requests();
        rt.reserve(5000);
        for (int i = 0; i < 3000; i++) {
            int r = rt.add(lane, Op.WRITE, 0, i, 8, i, i + 1, i + 2, Status.OK);
            rt.setSourceLine(r, i + 1);
            if (i == 2500) {
                rt.reserve(4000); // smaller than the capacity: no change
                rt.setInsert(r, i + 1);
            }
        }
        Trace t = b.build();
        assertEquals(3000, t.requests().size());
        assertEquals(2999, t.requests().sector(2999));
        assertEquals(2501, t.requests().insert(2500));
        assertEquals(Time.NONE, t.requests().insert(2499));
        // 3000 rows of submit and sector (8 bytes each); issue, complete, count, line and insert
        // (4 each; insert allocated at its first set); op (1; WRITE is code 1). Columns whose
        // every row holds the default have no array: status (OK is code 0), lane (the only lane
        // is 0), flags (0), task, parent, tag and id.
        assertEquals(3000L * (8 + 8 + 4 * 5 + 1), t.requestTable().retainedBytes());
    }
}
