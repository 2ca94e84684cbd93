package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The step series keeps times as int offsets inside blocks of 1,024 steps and depths in the
 * narrowest type their maximum fits; every form must read back the same steps.
 */
class QueueDepthTest {
    @Test
    void aDeepQueueOfDenseStepsReadsBackItsStepsInCharDepths() {
        // 3,000 requests enter 1 µs apart from t = 5 s and all leave together at 10 s: depth k
        // after the k-th enter (3,000 > 255: char depths), then 0 at 10 s; 3,001 steps in 3 blocks
        QueueDepth.Builder b = new QueueDepth.Builder();
        long start = 5_000_000_000L;
        for (int k = 0; k < 3000; k++) {
            b.add(start + k * 1_000L, 10_000_000_000L);
        }
        QueueDepth q = b.build();
        assertEquals(3001, q.size());
        assertEquals(3000, q.max());
        for (int k = 0; k < 3000; k++) {
            assertEquals(start + k * 1_000L, q.time(k));
            assertEquals(k + 1, q.depth(k));
        }
        assertEquals(10_000_000_000L, q.time(3000));
        assertEquals(0, q.depth(3000));
        assertEquals(0, q.at(start - 1), "before the first step");
        assertEquals(1025, q.at(start + 1024 * 1_000L), "the first step of the second block");
        assertEquals(1025, q.at(start + 1024 * 1_000L + 999));
        assertEquals(3000, q.at(9_999_999_999L));
        assertEquals(0, q.at(20_000_000_000L));
        assertEquals(1023, q.indexAt(start + 1023 * 1_000L + 1));
    }

    @Test
    void stepsFarApartKeepLongTimesAndDeepQueuesIntDepths() {
        // 70,000 requests enter 1 s apart and never leave: each block of 1,024 steps spans 1,023 s,
        // more than an int of ns; the depth reaches 70,000 (> 65,535: int depths)
        QueueDepth.Builder b = new QueueDepth.Builder();
        for (int k = 0; k < 70_000; k++) {
            b.add(k * 1_000_000_000L, dev.orderlens.model.Time.NONE);
        }
        QueueDepth q = b.build();
        assertEquals(70_000, q.size());
        assertEquals(70_000, q.max());
        assertEquals(69_999_000_000_000L, q.time(69_999));
        assertEquals(70_000, q.depth(69_999));
        assertEquals(40_001, q.at(40_000_500_000_000L));
        assertEquals(-1, q.indexAt(-1));
    }
}
