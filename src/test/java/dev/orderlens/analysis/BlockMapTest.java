package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.orderlens.analysis.BlockMap.SectorClass;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockMapTest {
    /** "from-to class ids" per range, e.g. "2-4 concurrent 2,4". */
    private static List<String> describe(BlockMap m) {
        Trace t = m.result().analysis().trace();
        List<String> out = new ArrayList<>();
        for (BlockMap.Range r : m.ranges()) {
            StringBuilder ids = new StringBuilder();
            for (int c : r.candidates()) {
                ids.append(ids.length() == 0 ? "" : ",")
                        .append(
                                c == SectorContents.INITIAL
                                        ? "initial"
                                        : c == SectorContents.GARBAGE
                                                ? "garbage"
                                                : String.valueOf(t.requests().id(c)));
            }
            out.add(r.from() + "-" + r.to() + " " + r.sectorClass().label() + " " + ids);
        }
        return out;
    }

    @Test
    void rangesFollowTheCandidatesAndAreClassedByCertainty() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("device").lane("sda").sectors(0, 8).times(0, 10L);
        f.write(2).on("device").lane("sda").sectors(0, 4).times(10, 20L); // durable (flush 3)
        f.flush(3).on("device").lane("sda").times(25, 30L);
        f.write(4)
                .on("device")
                .lane("sda")
                .sectors(2, 4)
                .times(15, 40L); // concurrent with 2, volatile
        f.write(5).on("device").lane("sda").sectors(6, 4).times(50, null); // in flight
        f.write(6)
                .on("device")
                .lane("sda")
                .sectors(20, 4)
                .times(55, 80L)
                .issued(70); // still queued: lost
        f.write(7).on("device").lane("sda").sectors(30, 2).times(0, 5L).flags("fua"); // durable
        f.write(8).on("device").lane("sda").sectors(30, 2).times(56, 90L).issued(75); // newer, lost
        BlockMap m = BlockMap.of(CrashAnalysisTest.powerLoss(f.build(), 60));
        assertEquals(
                List.of(
                        "0-2 durable new 2",
                        "2-4 concurrent 2,4",
                        "4-6 uncertain 1,4",
                        "6-8 uncertain 1,5",
                        "8-10 uncertain initial,5",
                        "20-24 lost initial",
                        "30-32 lost 7"),
                describe(m));
        assertEquals(2, m.sectors(SectorClass.DURABLE_NEW));
        assertEquals(6, m.sectors(SectorClass.UNCERTAIN));
        assertEquals(6, m.sectors(SectorClass.LOST));
        assertEquals(16, m.sectors());
        assertEquals("sda", m.device(m.ranges().get(0).domain()));
        int d = m.ranges().get(0).domain();
        assertEquals("4-6 uncertain 1,4", describe(m).get(m.ranges().indexOf(m.find(d, 5))));
        assertNull(m.find(d, 12), "a gap: nothing touched sector 12");
    }

    @Test
    void aQemuKillKeepsWhatTheHostKernelHad() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("device").lane("sda").sectors(0, 4).times(0, 10L);
        f.write(2).on("device").lane("sda").sectors(4, 4).times(5, null);
        Trace t = f.build();
        BlockMap kill =
                BlockMap.of(CrashAnalysisTest.at(t, 20, CrashKind.QEMU_KILL, CacheMode.WRITEBACK));
        assertEquals(List.of("0-4 durable new 1", "4-8 durable new 2"), describe(kill));
        BlockMap power = BlockMap.of(CrashAnalysisTest.powerLoss(t, 20));
        assertEquals(
                List.of("0-4 uncertain initial,1", "4-8 uncertain initial,2"), describe(power));
    }
}
