package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.importer.BlkparseImporter;
import dev.orderlens.importer.ImportInput;
import dev.orderlens.importer.ImportOptions;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import org.junit.jupiter.api.Test;

/**
 * Each btt phase on a few blkparse lines whose numbers were worked out by hand from btt's rules
 * (docs/stats.md): which bios count, which pair of events each phase spans, and where OrderLens
 * deliberately differs.
 */
class LatencyStatsTest {
    private static Trace blkparse(String... lines) throws Exception {
        return new BlkparseImporter()
                .read(
                        ImportInput.ofString("t.txt", String.join("\n", lines) + "\n"),
                        new ImportOptions(null, false),
                        Progress.NONE);
    }

    private static DeviceStats only(Trace t) {
        LatencyStats s = LatencyStats.of(t);
        assertEquals(1, s.devices().size());
        return s.devices().get(0);
    }

    @Test
    void aRequestWithAMergedBioGivesEveryPhaseItsOwnPairOfEvents() throws Exception {
        DeviceStats d =
                only(
                        blkparse(
                                "8,0 0 1 0.000001000 10 Q W 100 + 8 [dd]",
                                "8,0 0 2 0.000003000 10 G W 100 + 8 [dd]",
                                "8,0 0 3 0.000004000 10 Q W 108 + 8 [dd]",
                                "8,0 0 4 0.000004500 10 M W 108 + 8 [dd]",
                                "8,0 0 5 0.000010000 10 I W 100 + 16 [dd]",
                                "8,0 0 6 0.000020000 10 D W 100 + 16 [dd]",
                                "8,0 0 7 0.000050000 0 C W 100 + 16 [0]"));
        // bio A (100+8): Q 1 µs, G 3, I 10, D 20, C 50; bio B (108+8): Q 4, M 4.5, then A's D and C
        assertPhase(d, Phase.Q2Q, 1, 3000, 3000);
        assertPhase(d, Phase.Q2G, 1, 2000, 2000);
        assertPhase(d, Phase.G2I, 1, 7000, 7000);
        assertPhase(d, Phase.Q2M, 1, 500, 500);
        assertPhase(d, Phase.I2D, 1, 10000, 10000);
        assertPhase(d, Phase.M2D, 1, 15500, 15500);
        assertPhase(d, Phase.Q2D, 2, 16000, 19000);
        assertPhase(
                d, Phase.D2C, 2, 30000,
                30000); // per bio, like btt: both bios were issued and completed
        assertPhase(d, Phase.Q2C, 2, 46000, 49000);
        assertEquals(47500, d.summary(Phase.Q2C).avg(), 1e-9);
        assertEquals(2, d.queued());
        assertEquals(1, d.issued());
        assertEquals(2.0, d.mergeRatio());
        assertEquals(new DeviceStats.Sizes(1, 16, 16.0, 16, 16), d.sizes());
        // both samples of the merged request point at its one row
        Samples q2c = d.samples(Phase.Q2C);
        assertEquals(q2c.row(0), q2c.row(1));
    }

    @Test
    void aZeroIntervalCountsAsOneNanosecondLikeBtt() throws Exception {
        DeviceStats d =
                only(
                        blkparse(
                                "8,0 0 1 0.000001000 10 Q R 0 + 8 [cat]",
                                "8,0 0 2 0.000001000 10 G R 0 + 8 [cat]",
                                "8,0 0 3 0.000001000 10 Q R 64 + 8 [cat]",
                                "8,0 0 4 0.000002000 10 D R 0 + 8 [cat]",
                                "8,0 0 5 0.000003000 10 C R 0 + 8 [0]"));
        assertPhase(d, Phase.Q2G, 1, 1, 1);
        assertPhase(d, Phase.Q2Q, 1, 1, 1);
        // the second read was never issued: it counts in #Q and Q2Q only
        assertEquals(2, d.queued());
        assertPhase(d, Phase.Q2D, 1, 1000, 1000);
        assertPhase(d, Phase.Q2C, 1, 2000, 2000);
    }

    @Test
    void dataLessFlushesAreLeftOutOfTheBttPhasesAndSummarizedApart() throws Exception {
        DeviceStats d =
                only(
                        blkparse(
                                "254,0 1 1 0.010000000 110 Q FWS [dd]",
                                "254,0 1 2 0.010130000 110 G FWS [dd]",
                                "254,0 1 3 0.010890000 56 D FN [kworker/1:1H]",
                                "254,0 1 4 0.012310000 0 C FN 0 [0]",
                                "254,0 1 5 0.012580000 0 C WS 0 [0]",
                                "254,0 1 6 0.020000000 10 Q W 8 + 8 [dd]",
                                "254,0 1 7 0.020001000 10 D W 8 + 8 [dd]",
                                "254,0 1 8 0.020002000 0 C W 8 + 8 [0]"));
        assertEquals(1, d.queued(), "the fsync's Q has no data: btt ignores zero-byte traces");
        assertEquals(1, d.issued());
        assertEquals(1, d.summary(Phase.Q2C).n());
        assertEquals(0, d.summary(Phase.Q2G).n(), "btt ignores the G of a zero-byte bio too");
        assertEquals(2, d.flushes(), "the fsync bio and the machinery flush that carried it");
        // the fsync waited Q 10.000 ms .. final C 12.580 ms and was issued as the machinery flush
        // (D 10.890)
        assertEquals(2580000, d.flushSummary(Phase.Q2C).max());
        assertEquals(890000, d.flushSummary(Phase.Q2D).max());
        // device time is counted once, on the machinery flush: D 10.890 .. C FN 12.310
        assertEquals(1, d.flushSummary(Phase.D2C).n());
        assertEquals(1420000, d.flushSummary(Phase.D2C).max());
    }

    @Test
    void aFlushSequenceWriteHasBttsPhasesAndADurableEndAfterItsPostFlush() throws Exception {
        DeviceStats d =
                only(
                        blkparse(
                                "254,0 0 1 0.020000000 112 Q FWFSM 152 + 8 [jbd2/vda-8]",
                                "254,0 0 2 0.020017800 112 G FWFSM 152 + 8 [jbd2/vda-8]",
                                "254,0 0 3 0.020211700 43 D FN [kworker/0:1H]",
                                "254,0 0 4 0.021256200 0 C FN 0 [0]",
                                "254,0 0 5 0.021451700 43 D WSM 152 + 8 [kworker/0:1H]",
                                "254,0 0 6 0.021659200 0 C WSM 152 + 8 [0]",
                                "254,0 0 7 0.021731200 43 D FN [kworker/0:1H]",
                                "254,0 0 8 0.022394000 0 C FN 0 [0]",
                                "254,0 0 9 0.022404200 0 C WSM 152 [0]"));
        // btt's Q2C = data C (line 6) - Q (line 1) = 1.6592 ms, D2C = line 6 - line 5 = 0.2075 ms
        assertPhase(d, Phase.Q2C, 1, 1659200, 1659200);
        assertPhase(d, Phase.D2C, 1, 207500, 207500);
        // durable (FUA) at the bio's final C after the post-flush: line 9 - line 1 = 2.4042 ms
        assertPhase(d, Phase.Q2Durable, 1, 2404200, 2404200);
        assertPhase(d, Phase.Q2D, 1, 1451700, 1451700);
        assertPhase(d, Phase.Q2G, 1, 17800, 17800);
        assertEquals(0, d.summary(Phase.I2D).n(), "no I: the flush machinery inserts it itself");
        // the pre- and post-flush: device time each, but no Q of their own
        assertEquals(2, d.flushSummary(Phase.D2C).n());
        assertEquals(1044500, d.flushSummary(Phase.D2C).max());
        assertEquals(0, d.flushSummary(Phase.Q2C).n());
    }

    @Test
    void tracesOfADeviceBeforeItsFirstQueueAreNotCountedAndRequestsWithoutQueueHaveNoPhases()
            throws Exception {
        DeviceStats d =
                only(
                        blkparse(
                                "8,0 0 1 0.000001000 10 D W 500 + 8 [dd]",
                                "8,0 0 2 0.000002000 0 C W 500 + 8 [0]",
                                "8,0 0 3 0.000010000 10 Q W 0 + 8 [dd]",
                                "8,0 0 4 0.000011000 10 D W 0 + 8 [dd]",
                                "8,0 0 5 0.000012000 10 D W 900 + 8 [dd]",
                                "8,0 0 6 0.000020000 0 C W 0 + 8 [0]",
                                "8,0 0 7 0.000021000 0 C W 900 + 8 [0]"));
        // btt drops the device's traces before its first Q ("pre-culling"); after it, a D of a
        // request whose Q is not in the trace still counts as a D, but it has no Q-based phase
        assertEquals(1, d.queued());
        assertEquals(2, d.issued());
        assertEquals(1, d.summary(Phase.D2C).n());
        assertEquals(2, d.sizes().n());
        DeviceStats noQueue =
                only(
                        blkparse(
                                "8,0 0 1 0.000001000 10 D W 500 + 8 [dd]",
                                "8,0 0 2 0.000002000 0 C W 500 + 8 [0]"));
        assertEquals(0, noQueue.issued(), "a device with no Q at all: btt counts nothing");
        assertEquals(0, noQueue.sizes().n());
        assertEquals(
                1,
                noQueue.deviceDepth().max(),
                "but it was in flight, and its queue depth says so");
    }

    @Test
    void aSplitBioGivesBothPartsTheirPhasesWhereBttLosesTheOriginalQueue() throws Exception {
        DeviceStats d =
                only(
                        blkparse(
                                "8,0 0 1 0.000000000 300 Q W 10240 + 512 [fio]",
                                "8,0 0 2 0.000001000 300 X W 10240 / 10496 [fio]",
                                "8,0 0 3 0.000004000 300 G W 10240 + 256 [fio]",
                                "8,0 0 4 0.000007000 300 G W 10496 + 256 [fio]",
                                "8,0 0 5 0.000008000 300 D W 10240 + 256 [fio]",
                                "8,0 0 6 0.000009000 300 D W 10496 + 256 [fio]",
                                "8,0 1 1 0.000500000 0 C W 10496 + 256 [0]",
                                "8,0 1 2 0.000600000 0 C W 10240 + 256 [0]"));
        // OrderLens: the first part keeps the Q (0), the remainder starts at the split (1 µs)
        assertEquals(2, d.queued());
        assertPhase(d, Phase.Q2C, 2, 499000, 600000);
        assertPhase(d, Phase.D2C, 2, 491000, 592000);
        assertPhase(d, Phase.Q2G, 2, 4000, 6000);
    }

    @Test
    void queueDepthCountsIssuedAndInsertedRequestsOverTime() throws Exception {
        DeviceStats d =
                only(
                        blkparse(
                                "8,0 0 1 0.000000000 10 Q W 0 + 8 [dd]",
                                "8,0 0 2 0.000000000 10 G W 0 + 8 [dd]",
                                "8,0 0 3 0.000001000 10 I W 0 + 8 [dd]",
                                "8,0 0 4 0.000002000 10 Q W 64 + 8 [dd]",
                                "8,0 0 5 0.000002000 10 G W 64 + 8 [dd]",
                                "8,0 0 6 0.000003000 10 I W 64 + 8 [dd]",
                                "8,0 0 7 0.000004000 10 D W 0 + 8 [dd]",
                                "8,0 0 8 0.000005000 10 D W 64 + 8 [dd]",
                                "8,0 0 9 0.000008000 0 C W 0 + 8 [0]",
                                "8,0 0 10 0.000009000 0 C W 64 + 8 [0]"));
        QueueDepth dev = d.deviceDepth();
        assertEquals(2, dev.max());
        assertEquals(0, dev.at(3999));
        assertEquals(1, dev.at(4000));
        assertEquals(2, dev.at(5000));
        assertEquals(1, dev.at(8000));
        assertEquals(0, dev.at(9000));
        // in flight 4..9 µs: 1 for 1 µs, 2 for 3 µs, 1 for 1 µs -> 8 request-µs over 5 µs
        assertEquals(8.0 / 5, dev.mean(), 1e-12);
        QueueDepth sched = d.schedulerDepth();
        assertEquals(2, sched.max());
        assertEquals(1, sched.at(1000));
        assertEquals(2, sched.at(3000));
        assertEquals(1, sched.at(4000));
        assertEquals(0, sched.at(5000));
    }

    @Test
    void aRequestCompletingWhenTheNextIsIssuedIsNotCountedTwice() throws Exception {
        DeviceStats d =
                only(
                        blkparse(
                                "8,0 0 1 0.000000000 10 Q R 0 + 8 [dd]",
                                "8,0 0 2 0.000001000 10 D R 0 + 8 [dd]",
                                "8,0 0 3 0.000002000 10 Q R 8 + 8 [dd]",
                                "8,0 0 4 0.000003000 0 C R 0 + 8 [0]",
                                "8,0 0 5 0.000003000 10 D R 8 + 8 [dd]",
                                "8,0 0 6 0.000004000 0 C R 8 + 8 [0]"));
        assertEquals(1, d.deviceDepth().max());
        assertEquals(1.0, d.deviceDepth().mean(), 1e-12);
    }

    private static void assertPhase(DeviceStats d, Phase p, int n, long min, long max) {
        LatencySummary s = d.summary(p);
        assertEquals(n, s.n(), p + " n");
        assertEquals(min, s.min(), p + " min");
        assertEquals(max, s.max(), p + " max");
        assertTrue(s.avg() >= min && s.avg() <= max, p + " avg");
    }

    @Test
    void aCrashAnalysisAtHandGivesTheSameDurableEndAsOnePreparedHere() throws Exception {
        // the flush sequence above: durable at line 9's final C, 2.4042 ms after line 1's Q
        Trace t =
                blkparse(
                        "254,0 0 1 0.020000000 112 Q FWFSM 152 + 8 [jbd2/vda-8]",
                        "254,0 0 2 0.020017800 112 G FWFSM 152 + 8 [jbd2/vda-8]",
                        "254,0 0 3 0.020211700 43 D FN [kworker/0:1H]",
                        "254,0 0 4 0.021256200 0 C FN 0 [0]",
                        "254,0 0 5 0.021451700 43 D WSM 152 + 8 [kworker/0:1H]",
                        "254,0 0 6 0.021659200 0 C WSM 152 + 8 [0]",
                        "254,0 0 7 0.021731200 43 D FN [kworker/0:1H]",
                        "254,0 0 8 0.022394000 0 C FN 0 [0]",
                        "254,0 0 9 0.022404200 0 C WSM 152 [0]");
        DeviceStats d = LatencyStats.of(t, CrashAnalysis.of(t), Progress.NONE).devices().get(0);
        assertPhase(d, Phase.Q2Durable, 1, 2404200, 2404200);
        Trace other = blkparse("254,0 0 1 0.020000000 112 Q WS 8 + 8 [fio]");
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> LatencyStats.of(t, CrashAnalysis.of(other), Progress.NONE),
                "another trace's analysis is refused");
    }
}
