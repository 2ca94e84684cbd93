package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each disk's writes under that disk's cache mode, on a real capture of one guest with two disks
 * (sample-traces/two-disks.*: vda on cache=unsafe, vdb on cache=none). Every expectation comes from
 * the raw lines as sample-traces/expectations/two-disks.txt reads them: G:n is a line of the
 * blkparse file, Q:n one of the QEMU log.
 */
class TwoDiskCacheModesTest {
    private static Trace trace;
    private static CrashAnalysis a;

    @BeforeAll
    static void load() throws Exception {
        trace =
                TraceLoader.load(
                        List.of(
                                TraceLoader.FileSpec.of(
                                        Path.of("sample-traces/two-disks.guest.blkparse.txt")),
                                TraceLoader.FileSpec.of(
                                        Path.of("sample-traces/two-disks.qemu.log"))),
                        Progress.NONE);
        a = CrashAnalysis.of(trace);
    }

    /** The guest write whose Q line is G:line (ids are the file's line numbers). */
    private static int guest(int line) {
        int[] found = trace.names().find("guest#" + line);
        assertEquals(1, found.length, "guest#" + line + " names one request");
        return found[0];
    }

    private static WriteState state(CrashPoint p, int row) {
        return a.at(p).state(row);
    }

    private static CrashPoint at(double s) {
        return a.defaultPoint(Time.ofSeconds(s));
    }

    /** The two drives are told apart and their writes land on their own disk. */
    @Test
    void eachGuestDiskMapsToItsDrive() {
        assertEquals(List.of("blk0", "blk1"), a.diskKeys());
        // vda = 254,0 (G:1, 25, 49) went through blk 0x55ac30bbd740 (Q:122, 158, 204): blk0
        for (int line : new int[] {1, 25, 49}) {
            assertEquals("blk0", a.diskOf(guest(line)), "G:" + line);
        }
        // vdb = 254,16 (G:8, 37, 56) through blk 0x55ac30bccc40 (Q:134, 180, 216): blk1
        for (int line : new int[] {8, 37, 56}) {
            assertEquals("blk1", a.diskOf(guest(line)), "G:" + line);
        }
        CacheModes m = a.defaultCacheModes();
        // blk0: 3 guest flushes (Q:144, 168, 173), no host flush anywhere: unsafe, inferred
        assertEquals(
                new CacheModes.Choice(CacheMode.UNSAFE, CacheModes.Origin.INFERRED),
                m.choiceOf("blk0"));
        // blk1: its flushes reach the host (Q:150, 191, 227): writeback assumed (none looks alike)
        assertEquals(
                new CacheModes.Choice(CacheMode.WRITEBACK, CacheModes.Origin.ASSUMED),
                m.choiceOf("blk1"));
    }

    /** The verdicts at the times expectations/two-disks.txt reasons about, default modes. */
    @Test
    void eachDisksWritesFollowItsOwnFlushes() {
        int vda1 = guest(1);
        int vdb1 = guest(8);
        int vda2 = guest(25);
        int vdb2 = guest(37);
        int vda3 = guest(49);
        int vdb3 = guest(56);
        // 0.8 s: both completed (G:7, G:14), no host flush yet
        assertEquals(WriteState.VOLATILE, state(at(0.8), vda1));
        assertEquals(WriteState.VOLATILE, state(at(0.8), vdb1));
        // 2.0 s: blk1's flush Q:150-151 followed its write's completion Q:138; blk0 never flushed
        assertEquals(WriteState.VOLATILE, state(at(2.0), vda1));
        assertEquals(WriteState.DURABLE, state(at(2.0), vdb1));
        // 3.0 s: the O_DSYNC writes; blk1's post-flush Q:191-192 after Q:184
        assertEquals(WriteState.VOLATILE, state(at(3.0), vda2));
        assertEquals(WriteState.DURABLE, state(at(3.0), vdb2));
        // 7.0 s: the last writes, no flush on either disk yet
        assertEquals(WriteState.VOLATILE, state(at(7.0), vda3));
        assertEquals(WriteState.VOLATILE, state(at(7.0), vdb3));
        // after QEMU's flush at exit on blk1 (Q:227-228, the trace's end 7.704247160 s)
        assertEquals(WriteState.DURABLE, state(at(7.71), vdb3));
        for (int vda : new int[] {vda1, vda2, vda3}) {
            assertEquals(WriteState.VOLATILE, state(at(7.71), vda), trace.names().id(vda));
        }
    }

    /**
     * vdb's guest write was promised durability by a flush that reached the host (G:20-23, Q:150):
     * its reason must not call it unsafe; vda's (G:15-18, no host flush) must.
     */
    @Test
    void theWhyOfEachWriteNamesItsOwnDisksMode() {
        CrashResult r = a.at(at(2.0));
        String vdb = r.reasonText(guest(8));
        String vda = r.reasonText(guest(1));
        assertFalse(vdb.contains("cache=unsafe"), vdb);
        assertTrue(vda.contains("cache=unsafe"), vda);
        // one mode for both (what the analysis did before): vdb's reason said unsafe too
        String before = a.at(at(2.0).withCacheMode(CacheMode.UNSAFE)).reasonText(guest(8));
        assertTrue(before.contains("cache=unsafe"), before);
    }

    /**
     * Setting one disk's mode changes that disk's writes only. writethrough: QEMU makes each write
     * durable before it completes (BDRV_REQ_FUA), so at 0.8 s the 2048 write of the disk set so is
     * durable (its completion G:7 / G:14 was before), the other disk's stays volatile.
     */
    @Test
    void anOverrideChangesOnlyItsDisk() {
        int vda1 = guest(1);
        int vdb1 = guest(8);
        CacheModes defaults = a.defaultCacheModes();
        CrashPoint blk1 =
                at(0.8).withCacheModes(
                                defaults.withOverrides(Map.of("blk1", CacheMode.WRITETHROUGH)));
        assertEquals(WriteState.VOLATILE, state(blk1, vda1));
        assertEquals(WriteState.DURABLE, state(blk1, vdb1));
        assertEquals(CacheModes.Origin.SET, blk1.cacheModes().choiceOf("blk1").origin());
        assertEquals(CacheModes.Origin.INFERRED, blk1.cacheModes().choiceOf("blk0").origin());

        CrashPoint blk0 =
                at(0.8).withCacheModes(
                                defaults.withOverrides(Map.of("blk0", CacheMode.WRITETHROUGH)));
        assertEquals(WriteState.DURABLE, state(blk0, vda1));
        assertEquals(WriteState.VOLATILE, state(blk0, vdb1));
    }

    /** The state timeline the app drags through answers the same as the query, per-disk modes. */
    @Test
    void theTimelineAgreesWithTheQueryUnderPerDiskModes() {
        CacheModes m = a.defaultCacheModes().withOverrides(Map.of("blk1", CacheMode.WRITETHROUGH));
        StateTimeline tl = StateTimeline.of(a, CrashKind.POWER_LOSS, m);
        for (double s : new double[] {0.8, 2.0, 3.0, 7.0, 7.71}) {
            CrashResult r = a.at(at(s).withCacheModes(m));
            for (int line : new int[] {1, 8, 25, 37, 49, 56}) {
                int row = guest(line);
                assertEquals(
                        r.state(row), tl.stateAt(row, Time.ofSeconds(s)), "G:" + line + " at " + s);
            }
        }
    }
}
