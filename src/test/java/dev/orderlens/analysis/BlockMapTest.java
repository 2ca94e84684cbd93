package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.BlockMap.SectorClass;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
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

    /** "heading: from-to class worst ids" per range. */
    private static List<String> describeAll(BlockMap m) {
        Trace t = m.result().analysis().trace();
        List<String> out = new ArrayList<>();
        for (BlockMap.Range r : m.ranges()) {
            StringBuilder ids = new StringBuilder();
            for (int c : r.candidates()) {
                ids.append(ids.length() == 0 ? "" : ",")
                        .append(c == SectorContents.INITIAL ? "initial" : t.names().id(c));
            }
            out.add(
                    m.heading(r.domain())
                            + ": "
                            + r.from()
                            + "-"
                            + r.to()
                            + " "
                            + r.sectorClass().label()
                            + " "
                            + r.worst().jsonName()
                            + " "
                            + ids);
        }
        return out;
    }

    /**
     * Issue 12 item 10: a guest write still above the host (no host request yet) and a volatile
     * guest write show in the map although the content layer (host, for a power loss) holds only
     * what reached it.
     */
    @Test
    void sectorsOfWritesThatNeverReachedTheContentLayerAreShown() {
        TraceFixture f = new TraceFixture();
        // guest 1 → host 2, then guest flush 3 → host fdatasync 4 (submitted after 2 completed)
        f.write(1).on("guest").lane("vda").sectors(0, 8).times(0, 10L);
        f.write(2).on("host").lane("file").sectors(0, 8).times(2, 9L).parent(1);
        f.flush(3).on("guest").lane("vda").times(20, 30L);
        f.flush(4).on("host").lane("file").times(21, 29L).parent(3);
        // guest 5: submitted at 40, no host request by the crash (still above the host)
        f.write(5).on("guest").lane("vda").sectors(100, 8).times(40, null);
        // guest 6 → host 7: completed after both flushes were submitted: volatile
        f.write(6).on("guest").lane("vda").sectors(200, 8).times(22, 35L);
        f.write(7).on("host").lane("file").sectors(200, 8).times(23, 34L).parent(6);
        CrashResult r = CrashAnalysisTest.powerLoss(f.build(), 60);
        assertEquals("host", r.analysis().trace().layers().get(r.contentLayer()).id());
        BlockMap m = BlockMap.of(r);
        // guest 1 → host 2 and guest 6 → host 7 keep their sector numbers: guest vda and host
        // file are one sector space, shown once under the content layer's device (ADR 0281)
        assertEquals(
                List.of(
                        "guest vda → host file: 0-8 durable new durable host#2",
                        "guest vda → host file: 100-108 uncertain in-flight guest#5",
                        "guest vda → host file: 200-208 uncertain volatile initial,host#7"),
                describeAll(m));
        assertEquals(
                List.of("guest, host", "guest", "guest, host"),
                m.ranges().stream().map(m::layerNames).toList());
        assertEveryAtRiskSectorShown(r, m);
    }

    /**
     * A remap that moves sectors (a partition, dm with an offset) keeps the devices apart: guest
     * vda1's write 1 at 0+8 is host 2 at 2048+8, so sector 0 of vda1 is not sector 0 of the file.
     */
    @Test
    void devicesWhoseLinksMoveSectorsKeepTheirOwnHeadings() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("guest").lane("vda1").sectors(0, 8).times(0, 10L);
        f.write(2).on("host").lane("file").sectors(2048, 8).times(2, 9L).parent(1);
        CrashResult r = CrashAnalysisTest.powerLoss(f.build(), 60);
        BlockMap m = BlockMap.of(r);
        assertEquals(
                List.of(
                        "guest vda1 — writes off the content layer: 0-8 uncertain volatile"
                                + " guest#1",
                        "host file: 2048-2056 uncertain volatile initial,host#2"),
                describeAll(m));
        assertEveryAtRiskSectorShown(r, m);
    }

    /**
     * The writeback pair (sample-traces/writeback.*): the guest's first three writes, `Q WS 81920 +
     * 8`, `81928 + 8`, `81936 + 8` (guest lines 1, 8, 15), complete at lines 7, 14, 21 (last at
     * 0.003617340 s) and the next is queued only at line 22 (0.003715290 s); no flush before it.
     * QEMU took each as a virtio write at the same sector (`virtio_blk_handle_write ... sector
     * 81920/81928/81936`, lines 62, 74, 86) and a host write at byte offset sector × 512
     * (`blk_co_pwritev ... offset 41943040/41947136/41951232`, lines 63, 75, 87: a raw image). At
     * 0.0037 s all nine are completed and unflushed: volatile. Each of the 24 sectors is one row of
     * the map, under one heading, touched at all three layers; before ADR 0281 every sector was
     * listed three times, once per layer heading.
     */
    @Test
    void theWritebackPairShowsEachSectorOnce() throws Exception {
        Trace t =
                TraceLoader.load(
                        List.of(
                                TraceLoader.FileSpec.of(
                                        Path.of("sample-traces/writeback.guest.blkparse.txt")),
                                TraceLoader.FileSpec.of(
                                        Path.of("sample-traces/writeback.qemu.log"))),
                        Progress.NONE);
        CrashResult r = CrashAnalysisTest.powerLoss(t, Time.ofSeconds(0.0037));
        BlockMap m = BlockMap.of(r);
        List<String> runs = new ArrayList<>();
        for (BlockMap.Range run : m.ranges()) {
            runs.add(
                    run.from()
                            + "-"
                            + run.to()
                            + " "
                            + run.sectorClass().label()
                            + " "
                            + run.worst().jsonName()
                            + " ["
                            + m.layerNames(run)
                            + "]");
        }
        assertEquals(
                List.of(
                        "81920-81928 uncertain volatile [guest, virtio, host]",
                        "81928-81936 uncertain volatile [guest, virtio, host]",
                        "81936-81944 uncertain volatile [guest, virtio, host]"),
                runs);
        assertEquals(24, m.sectors());
        String heading = m.heading(m.ranges().get(0).domain());
        assertTrue(
                heading.startsWith("guest ")
                        && heading.contains(" → virtio ")
                        && heading.contains(" → host "),
                heading);
        assertEveryAtRiskSectorShown(r, m);
    }

    /**
     * On the content layer a superseded volatile write leaves the sector's content certain, but the
     * map still shows the write's risk: it is classed by the worst write that touched it.
     */
    @Test
    void aRunIsNeverSaferThanTheWorstWriteThatTouchedIt() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("device").lane("sda").sectors(0, 8).times(0, 10L); // volatile: no flush
        f.write(2).on("device").lane("sda").sectors(0, 8).times(12, 20L).flags("fua"); // durable
        CrashResult r = CrashAnalysisTest.powerLoss(f.build(), 30);
        assertEquals(WriteState.VOLATILE, r.state(r.analysis().trace().requests().rowOfId(0, 1)));
        BlockMap m = BlockMap.of(r);
        // contents: only write 2 (it supersedes 1: submitted at 12 after 1 completed at 10)
        assertEquals(List.of("sda: 0-8 uncertain volatile device#2"), describeAll(m));
        assertEveryAtRiskSectorShown(r, m);
    }

    /**
     * The same on real captures, at crash points around each one's story: every sector of every
     * at-risk write (in flight, volatile or lost, any layer) is in the map on its own device, in a
     * class at least as bad as the write's.
     */
    @Test
    void everyAtRiskSectorIsInTheMapOnRealCaptures() throws Exception {
        check(List.of("werror-stop.guest.blkparse.txt", "werror-stop.qemu.log"), 1.0, 2.0, 2.1);
        check(List.of("loop.guest.blkparse.txt", "loop.qemu.log"), 0.09, 1.0, 2.6);
        check(List.of("dmcrypt.guest.blkparse.txt"), 0.2, 0.34);
        check(List.of("qcow2-alloc.guest.blkparse.txt", "qcow2-alloc.qemu.log"), 0.5, 5.0);
    }

    private static void check(List<String> files, double... seconds) throws Exception {
        List<TraceLoader.FileSpec> specs = new ArrayList<>();
        for (String f : files) {
            specs.add(TraceLoader.FileSpec.of(Path.of("sample-traces", f)));
        }
        Trace t = TraceLoader.load(specs, Progress.NONE);
        CrashAnalysis a = CrashAnalysis.of(t);
        int atRisk = 0;
        for (double s : seconds) {
            for (CrashKind kind : CrashKind.values()) {
                CrashResult r =
                        a.at(
                                new CrashPoint(
                                        Time.ofSeconds(s),
                                        kind,
                                        CacheMode.WRITEBACK,
                                        Tearing.SECTOR));
                atRisk += assertEveryAtRiskSectorShown(r, BlockMap.of(r));
            }
        }
        assertTrue(atRisk > 0, files + ": some write is at risk at one of the points");
    }

    /** Checks every at-risk write's sectors against the map; returns how many writes it checked. */
    private static int assertEveryAtRiskSectorShown(CrashResult r, BlockMap m) {
        var q = r.analysis().trace().requests();
        int checked = 0;
        for (int row = 0; row < q.size(); row++) {
            WriteState s = r.state(row);
            if (s == null || !s.mayBeLost() || q.count(row) == 0) {
                continue;
            }
            checked++;
            int d = m.domainOf(row);
            long sector = q.sector(row);
            while (sector < q.sector(row) + q.count(row)) {
                BlockMap.Range run = m.find(d, sector);
                String who = r.analysis().trace().names().id(row) + " sector " + sector;
                assertTrue(run != null, who + " (" + s + ") is missing from the block map");
                assertTrue(
                        run.sectorClass().badness() >= BlockMap.SectorClass.of(s).badness(),
                        who + ": " + run.sectorClass() + " is safer than " + s);
                assertTrue(
                        BlockMap.risk(run.worst()) >= BlockMap.risk(s),
                        who + ": worst " + run.worst() + " is safer than " + s);
                sector = run.to();
            }
        }
        return checked;
    }
}
