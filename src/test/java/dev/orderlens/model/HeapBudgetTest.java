package dev.orderlens.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The budget's rules on a heap we control: when it collects, when it refuses, what it says. */
class HeapBudgetTest {
    /** A heap of 1000 bytes: {@code used} now, and what a full collection leaves ({@code live}). */
    private static final class FakeHeap implements HeapBudget.Heap {
        long used;
        long live;
        int collections;

        @Override
        public long used() {
            return used;
        }

        @Override
        public void collect() {
            collections++;
            used = live;
        }

        @Override
        public long max() {
            return 1000;
        }
    }

    @Test
    void collectsOnlyWhenTheHeapIsFullerThanTheLiveShareAndOncePerTenPercentMoreInput() {
        FakeHeap heap = new FakeHeap();
        HeapBudget b = new HeapBudget(heap, null);
        heap.used = 750; // exactly 75 %: no collection
        b.check(1_000_000);
        assertEquals(0, heap.collections);
        heap.used = 900; // mostly garbage: one collection finds 400 live, no refusal
        heap.live = 400;
        b.check(1_000_000);
        assertEquals(1, heap.collections);
        heap.used = 900; // full again at +5 % input: not yet
        b.check(1_050_000);
        assertEquals(1, heap.collections);
        b.check(1_100_000); // +10 %: collect again
        assertEquals(2, heap.collections);
        heap.used = 900;
        heap.live = 751; // live past 75 %: refused
        HeapBudget.Exceeded e = assertThrows(HeapBudget.Exceeded.class, () -> b.check(1_300_000));
        assertEquals(751, e.live);
    }

    @Test
    void aTableMayDoubleOnlyWhileTheHeapStaysUnderNinetyPercent() {
        FakeHeap heap = new FakeHeap();
        HeapBudget b = new HeapBudget(heap, null);
        heap.used = 500;
        b.need(400); // 900: fits without a collection
        assertEquals(0, heap.collections);
        heap.live = 450;
        b.need(450); // 950 now; after a collection 450 + 450 = 900: fits
        assertEquals(1, heap.collections);
        heap.used = 500;
        heap.live = 460;
        assertThrows(HeapBudget.Exceeded.class, () -> b.need(450)); // 910 > 900
    }

    @Test
    void theRefusalSaysHowFarItGotAndHowMuchHeapTheWholeFileNeeds() {
        FakeHeap heap = new FakeHeap();
        HeapBudget b = new HeapBudget(heap, null);
        HeapBudget.Exceeded e = new HeapBudget.Exceeded(600L << 20, 0, 1000);
        // a fake max of 1000 bytes: "1.0 KiB"; a quarter of the file read with 600 MiB live
        // needs 600 MiB * 4 / 0.75 = 3200 MiB: 4 GiB rounded up
        b.at(123_456);
        assertEquals(
                "too big for the Java heap of 1.0 KiB: stopped at line 123,456 after reading 250.0"
                        + " MiB of 1000.0 MiB (2.00 GiB decompressed); give Java more with"
                        + " ORDERLENS_HEAP, e.g. ORDERLENS_HEAP=4g orderlens ...",
                b.refusal(e, 250L << 20, 1000L << 20, 2L << 30));
    }

    @Test
    void tablesAreTrackedOnlyOnTheThreadOfAnOpenBudget() {
        assertNull(HeapBudget.active());
        try (HeapBudget b = HeapBudget.open()) {
            assertSame(b, HeapBudget.active());
            TraceBuilder tb = new TraceBuilder();
            int lane = tb.lane(tb.layer("guest"), 0, "vda");
            for (int i = 0; i < 3; i++) {
                tb.requests().add(lane, Op.WRITE, 0, i, 8, i, i, i + 1, Status.OK);
            }
            assertEquals(3, b.requests());
        }
        assertNull(HeapBudget.active());
    }
}
