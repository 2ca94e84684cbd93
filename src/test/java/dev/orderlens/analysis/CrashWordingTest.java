package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.model.Trace;
import org.junit.jupiter.api.Test;

/** How verdicts are worded where the words could mislead (issue 12 item 12). */
class CrashWordingTest {
    /**
     * The guest driver issued write 1 at 1 ns; the virtio layer takes it up only at 50 ns (virtio
     * write 11). A QEMU kill at 20 ns loses it, and its buffers were still the guest's: the Why?
     * must not say its data is in QEMU. At 60 ns the virtio layer has it.
     */
    @Test
    void aWriteNotYetTakenUpByVirtioIsInTheGuestNotInQemu() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("guest").lane("vda").sectors(0, 8).times(0, 100L).issued(1);
        f.write(11).on("virtio").lane("vda").sectors(0, 8).times(50, 90L).parent(1);
        f.write(21).on("host").lane("img").sectors(0, 8).times(55, 80L).parent(11);
        Trace t = f.build();
        int guest = t.names().find("guest#1")[0];
        CrashAnalysis a = CrashAnalysis.of(t);
        CrashResult early =
                a.at(new CrashPoint(20, CrashKind.QEMU_KILL, CacheMode.WRITEBACK, Tearing.SECTOR));
        assertEquals(WriteState.LOST, early.state(guest));
        String why = early.reasonText(guest);
        assertTrue(why.contains("its data is still in the guest"), why);
        assertFalse(why.contains("its data is in QEMU"), why);
        CrashResult later =
                a.at(new CrashPoint(60, CrashKind.QEMU_KILL, CacheMode.WRITEBACK, Tearing.SECTOR));
        String whyLater = later.reasonText(guest);
        assertFalse(whyLater.contains("still in the guest"), whyLater);
    }

    /**
     * The same on the real writeback pair (sample-traces/writeback.*): the guest issues `WS 81936 +
     * 8` at G:20 (`D`, t=0.003427040); QEMU pops it and logs `virtio_blk_handle_write ... sector
     * 81936` only at Q:85-86, which the file's clock offset places after the guest's `D` (the pop
     * follows the guest's kick). Between the two a QEMU kill loses the write and the Why? says it
     * is still in the guest; once virtio has it (before its host request completes, Q:91) it does
     * not.
     */
    @Test
    void theRealWritebackPairSaysAWriteNotYetPoppedIsInTheGuest() throws Exception {
        Trace t =
                dev.orderlens.importer.TraceLoader.load(
                        java.util.List.of(
                                dev.orderlens.importer.TraceLoader.FileSpec.of(
                                        java.nio.file.Path.of(
                                                "sample-traces/writeback.guest.blkparse.txt")),
                                dev.orderlens.importer.TraceLoader.FileSpec.of(
                                        java.nio.file.Path.of("sample-traces/writeback.qemu.log"))),
                        dev.orderlens.model.Progress.NONE);
        int guest = t.names().find("guest#15")[0];
        assertEquals(81936, t.requests().sector(guest));
        int virtio = t.names().find("virtio#85")[0];
        assertEquals(81936, t.requests().sector(virtio));
        long issued = t.requests().issue(guest);
        long popped = t.requests().submit(virtio);
        assertTrue(issued < popped, "the pop follows the guest's D");
        CrashAnalysis a = CrashAnalysis.of(t);
        CrashResult between =
                a.at(
                        new CrashPoint(
                                (issued + popped) / 2,
                                CrashKind.QEMU_KILL,
                                CacheMode.WRITEBACK,
                                Tearing.SECTOR));
        assertEquals(WriteState.LOST, between.state(guest));
        String why = between.reasonText(guest);
        assertTrue(why.contains("its data is still in the guest"), why);
        assertFalse(why.contains("its data is in QEMU"), why);
        CrashResult popped1 =
                a.at(
                        new CrashPoint(
                                popped + 1,
                                CrashKind.QEMU_KILL,
                                CacheMode.WRITEBACK,
                                Tearing.SECTOR));
        assertFalse(popped1.reasonText(guest).contains("still in the guest"));
    }

    @Test
    void crashStatesAreCountedInTheUnitsTheyAreMadeOf() {
        // two volatile device writes of 8 and 4 sectors (no flush): 12 sectors, each lands or not
        TraceFixture f = new TraceFixture();
        f.write(1).on("device").lane("sda").sectors(0, 8).times(0, 10L);
        f.write(2).on("device").lane("sda").sectors(100, 4).times(20, 30L);
        Trace t = f.build();
        CrashAnalysis a = CrashAnalysis.of(t);
        assertEquals(
                "2^12 crash states: 12 sectors of 2 uncertain writes may each land or not",
                CrashReport.of(a.at(CrashPoint.powerLoss(40)), null).statesText());
        // atomic-write: each write whole or not at all: 2^2
        assertEquals(
                "2^2 crash states: 2 uncertain writes may each land or not",
                CrashReport.of(
                                a.at(
                                        new CrashPoint(
                                                40,
                                                CrashKind.POWER_LOSS,
                                                CacheMode.WRITEBACK,
                                                Tearing.ATOMIC_WRITE)),
                                null)
                        .statesText());
        // garbage: old, new or garbage per sector: 3^12
        assertTrue(
                CrashReport.of(
                                a.at(
                                        new CrashPoint(
                                                40,
                                                CrashKind.POWER_LOSS,
                                                CacheMode.WRITEBACK,
                                                Tearing.GARBAGE)),
                                null)
                        .statesText()
                        .startsWith("3^12 crash states: 12 sectors of 2 uncertain writes"));
        // at 5 ns write 1 is in flight and write 2 not yet submitted: 8 sectors of 1 write
        assertEquals(
                "2^8 crash states: 8 sectors of 1 uncertain write may each land or not",
                CrashReport.of(a.at(CrashPoint.powerLoss(5)), null).statesText());
    }
}
