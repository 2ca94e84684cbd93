package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.orderlens.model.Trace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One rule each, on hand-made traces: a write is judged under its own disk's cache mode; an
 * override beats inference for its disk only; "every disk" resets the others; what the user set is
 * what a session keeps.
 */
class PerDiskCacheModeRulesTest {

    /**
     * Two disks, each with a virtio write its host log shows (1→2 on blk0, 4→5 on blk1) and one it
     * does not (8 on vda's queue, 9 on vdb's, both completed by 150 ns). The guest flushed each
     * disk at 200 ns (3, 6); only blk1's flush reached the host (7). So blk0 is unsafe (inferred: a
     * guest flush after writes, no host flush) and blk1 writeback (assumed).
     */
    private static Trace twoDisks() {
        TraceFixture f = new TraceFixture();
        f.write(1).on("virtio").lane("vda/vq0").sectors(0, 8).times(0, 100L);
        f.write(2).on("host").lane("blk0").sectors(0, 8).times(10, 90L).parent(1);
        f.write(8).on("virtio").lane("vda/vq0").sectors(64, 8).times(120, 150L);
        f.flush(3).on("virtio").lane("vda/vq0").times(200, 210L);
        f.write(4).on("virtio").lane("vdb/vq0").sectors(0, 8).times(0, 100L);
        f.write(5).on("host").lane("blk1").sectors(0, 8).times(10, 90L).parent(4);
        f.write(9).on("virtio").lane("vdb/vq0").sectors(64, 8).times(120, 150L);
        f.flush(6).on("virtio").lane("vdb/vq0").times(200, 300L);
        f.flush(7).on("host").lane("blk1").times(210, 290L).parent(6);
        return f.build();
    }

    private static int row(Trace t, int id) {
        int[] rows = t.names().find("#" + id);
        assertEquals(1, rows.length, "#" + id);
        return rows[0];
    }

    /**
     * At 400 ns, after both flushes completed: write 9's own layer (virtio under writeback) was
     * made durable by flush 6 (submitted at 200 after 9 completed at 150, completed at 300); write
     * 8's (virtio under unsafe) never is: cache.no-flush=on drops guest flushes. One mode for both
     * disks could not say both.
     */
    @Test
    void eachWriteIsJudgedUnderItsOwnDisksMode() {
        Trace t = twoDisks();
        CrashAnalysis a = CrashAnalysis.of(t);
        assertEquals("blk0", a.diskOf(row(t, 8)));
        assertEquals("blk1", a.diskOf(row(t, 9)));
        CrashResult r = a.at(a.defaultPoint(400));
        assertEquals(WriteState.VOLATILE, r.state(row(t, 8)), r.reasonText(row(t, 8)));
        assertEquals(WriteState.DURABLE, r.state(row(t, 9)), r.reasonText(row(t, 9)));
        // the least promising mode for both (the fallback): write 9 would be volatile
        CrashResult one = a.at(a.defaultPoint(400).withCacheMode(a.defaultCacheMode()));
        assertEquals(CacheMode.UNSAFE, a.defaultCacheMode());
        assertEquals(WriteState.VOLATILE, one.state(row(t, 9)));
    }

    /** The user's mode for one disk beats what its log shows; the other disk keeps its own. */
    @Test
    void anOverrideBeatsInferenceForItsDiskOnly() {
        Trace t = twoDisks();
        CrashAnalysis a = CrashAnalysis.of(t);
        CacheModes m = a.defaultCacheModes().withOverrides(Map.of("blk0", CacheMode.WRITEBACK));
        assertEquals(
                new CacheModes.Choice(CacheMode.WRITEBACK, CacheModes.Origin.SET),
                m.choiceOf("blk0"));
        assertEquals(
                new CacheModes.Choice(CacheMode.WRITEBACK, CacheModes.Origin.ASSUMED),
                m.choiceOf("blk1"));
        CrashResult r = a.at(a.defaultPoint(400).withCacheModes(m));
        // blk0 as writeback: flush 3 (submitted 200 after 8 completed at 150, completed 210)
        assertEquals(WriteState.DURABLE, r.state(row(t, 8)));
        assertEquals(WriteState.DURABLE, r.state(row(t, 9)));

        CacheModes unsafe1 = a.defaultCacheModes().withOverrides(Map.of("blk1", CacheMode.UNSAFE));
        CrashResult u = a.at(a.defaultPoint(400).withCacheModes(unsafe1));
        assertEquals(
                WriteState.VOLATILE, u.state(row(t, 9)), "blk1 set to unsafe: flush 6 ignored");
        assertEquals(WriteState.VOLATILE, u.state(row(t, 8)));
    }

    /** "*" sets every disk, then a disk's own entry wins; only what was set is kept. */
    @Test
    void everyDiskThenOneAndWhatIsKept() {
        CrashAnalysis a = CrashAnalysis.of(twoDisks());
        java.util.LinkedHashMap<String, CacheMode> set = new java.util.LinkedHashMap<>();
        set.put(CacheModes.ALL, CacheMode.NONE);
        set.put("blk1", CacheMode.DIRECTSYNC);
        CacheModes m = a.defaultCacheModes().withOverrides(set);
        assertEquals(CacheMode.NONE, m.of("blk0"));
        assertEquals(CacheMode.DIRECTSYNC, m.of("blk1"));
        assertEquals(CacheMode.NONE, m.of(null), "writes on no disk: the mode set for all");
        assertEquals(set, m.overrides());
        assertEquals(Map.of(), a.defaultCacheModes().overrides(), "nothing set by default");
        assertNull(a.defaultCacheModes().uniform(), "blk0 unsafe, blk1 writeback");
        assertEquals("blk0 unsafe, blk1 writeback", a.defaultCacheModes().label());
        assertEquals("none", a.defaultCacheModes().withAll(CacheMode.NONE).label());
    }

    @Test
    void unknownDisksAreFound() {
        assertEquals(
                List.of("blk7"),
                CacheModes.unknownDisks(Map.of("blk7", CacheMode.NONE), List.of("blk0", "blk1")));
        assertEquals(
                List.of(),
                CacheModes.unknownDisks(Map.of(CacheModes.ALL, CacheMode.NONE), List.of()));
    }

    /**
     * A trace with no QEMU log has no disks: every write takes the fallback, and a trace's recorded
     * mode (simulator output) is that fallback for all.
     */
    @Test
    void withoutDisksTheRecordedModeIsEveryWritesMode() {
        TraceFixture f = new TraceFixture().cacheMode("writethrough");
        f.write(1).on("guest").lane("vda").sectors(0, 8).times(0, 100L);
        CrashAnalysis a = CrashAnalysis.of(f.build());
        assertEquals(List.of(), a.diskKeys());
        assertNull(a.diskOf(0));
        assertEquals(
                new CacheModes.Choice(CacheMode.WRITETHROUGH, CacheModes.Origin.RECORDED),
                a.defaultCacheModes().fallback());
    }
}
