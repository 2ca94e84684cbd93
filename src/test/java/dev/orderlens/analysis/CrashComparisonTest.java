package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.model.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrashComparisonTest {
    private static Trace trace() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("device").lane("sda").sectors(0, 4).times(0, 10L); // volatile until flush 3
        f.write(2).on("device").lane("sda").sectors(8, 4).times(0, 10L).flags("fua"); // durable
        f.flush(3).on("device").lane("sda").times(30, 40L);
        f.write(4).on("device").lane("sda").sectors(16, 2).times(50, 60L);
        return f.build();
    }

    @Test
    void twoCrashKindsAtOnePointDifferWhereTheDeviceCacheMatters() {
        Trace t = trace();
        CrashAnalysis a = CrashAnalysis.of(t);
        CrashResult power = a.at(CrashPoint.powerLoss(20));
        CrashResult kill = a.at(CrashPoint.powerLoss(20).withKind(CrashKind.QEMU_KILL));
        CrashComparison c = CrashComparison.of(power, kill);
        assertTrue(c.sameContentLayer());
        assertEquals(1, c.sectors().size(), "only write 1's sectors differ: " + c.sectors());
        CrashComparison.SectorDifference d = c.sectors().get(0);
        int w1 = t.requests().rowOfId(0, 1);
        assertEquals(0, d.from());
        assertEquals(4, d.to());
        assertArrayEquals(
                new int[] {SectorContents.INITIAL, w1}, d.left(), "power loss: old or new");
        assertArrayEquals(new int[] {w1}, d.right(), "QEMU kill: the host kernel had it");
        assertEquals(4, c.differingSectors());
        assertEquals(
                List.of(
                        new CrashComparison.StateDifference(
                                w1, WriteState.VOLATILE, WriteState.DURABLE)),
                c.states());
    }

    @Test
    void twoTimesDifferInWhatTheFlushCoveredAndWhatWasWritten() {
        Trace t = trace();
        CrashAnalysis a = CrashAnalysis.of(t);
        CrashComparison c =
                CrashComparison.of(a.at(CrashPoint.powerLoss(35)), a.at(CrashPoint.powerLoss(65)));
        int w1 = t.requests().rowOfId(0, 1);
        int w4 = t.requests().rowOfId(0, 4);
        assertEquals(2, c.sectors().size(), c.sectors().toString());
        assertEquals(0, c.sectors().get(0).from());
        assertArrayEquals(
                new int[] {w1}, c.sectors().get(0).right(), "the flush made write 1 durable");
        assertEquals(16, c.sectors().get(1).from());
        assertEquals(18, c.sectors().get(1).to());
        assertArrayEquals(
                new int[] {SectorContents.INITIAL},
                c.sectors().get(1).left(),
                "write 4 not issued at 35");
        assertArrayEquals(new int[] {SectorContents.INITIAL, w4}, c.sectors().get(1).right());
        assertEquals(6, c.differingSectors());
    }

    @Test
    void theSamePointHasNoDifference() {
        CrashAnalysis a = CrashAnalysis.of(trace());
        CrashComparison c =
                CrashComparison.of(a.at(CrashPoint.powerLoss(20)), a.at(CrashPoint.powerLoss(20)));
        assertTrue(c.sectors().isEmpty());
        assertTrue(c.states().isEmpty());
        assertEquals(0, c.differingSectors());
    }

    @Test
    void differentContentLayersCompareStatesOnly() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("guest").lane("vda").sectors(0, 4).times(0, 10L);
        f.write(2).on("device").lane("sda").sectors(100, 4).times(2, 8L).parent(1);
        CrashAnalysis a = CrashAnalysis.of(f.build());
        CrashComparison c =
                CrashComparison.of(
                        a.at(CrashPoint.powerLoss(20)),
                        a.at(CrashPoint.powerLoss(20).withKind(CrashKind.GUEST_CRASH)));
        assertFalse(c.sameContentLayer());
        assertTrue(c.sectors().isEmpty());
        assertFalse(c.states().isEmpty());
    }
}
