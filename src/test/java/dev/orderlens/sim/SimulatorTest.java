package dev.orderlens.sim;

import static dev.orderlens.sim.ScenarioTest.count;
import static dev.orderlens.sim.ScenarioTest.onMedia;
import static dev.orderlens.sim.ScenarioTest.row;
import static dev.orderlens.sim.ScenarioTest.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.export.JsonTraceWriter;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.Truth;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One behaviour of the model per test, each read off the trace the simulator produces. */
class SimulatorTest {
    static Trace sim(String config, String crash, String steps) throws WorkloadException {
        String json =
                "{\"format\": \"orderlens-workload\", \"config\": "
                        + config
                        + ", \"crash\": "
                        + crash
                        + ", \"steps\": ["
                        + steps
                        + "]}";
        Trace t = Simulator.run(WorkloadReader.parse("t.json", json), Overrides.NONE);
        assertEquals(List.of(), TruthOracle.violations(t), "invariants");
        return t;
    }

    static List<Integer> children(Trace t, int parent) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < t.requests().size(); i++) {
            if (t.requests().parent(i) == parent) {
                out.add(i);
            }
        }
        out.sort(Comparator.comparingLong(i -> t.requests().submit(i)));
        return out;
    }

    static String where(Trace t, int row) {
        for (Truth.InFlight f : t.truth().inFlight()) {
            if (f.requestId() == t.requests().id(row)) {
                return f.where();
            }
        }
        return null;
    }

    static String tagAt(Trace t, long sector) {
        for (Truth.SectorContent s : t.truth().sectors()) {
            if (s.sector() == sector) {
                return s.data();
            }
        }
        throw new AssertionError("sector " + sector + " not in the truth");
    }

    @Test
    void virtioBlkTurnsPreflushAndFuaIntoFlushesAroundTheWrite() throws Exception {
        Trace t =
                sim(
                        "{}",
                        "{\"at\": \"end\"}",
                        "{\"op\": \"preflush-write\", \"sector\": 8, \"tag\": \"c\", \"flags\": [\"fua\"]}");
        int c = row(t, "guest", "c");
        List<Integer> kids = children(t, c);
        Requests r = t.requests();
        assertEquals(List.of(Op.FLUSH, Op.WRITE, Op.FLUSH), kids.stream().map(r::op).toList());
        assertEquals(0, r.flags(kids.get(1)), "virtio-blk has no FUA");
        assertTrue(
                r.complete(kids.get(0)) <= r.submit(kids.get(1))
                        && r.complete(kids.get(1)) <= r.submit(kids.get(2)),
                "in sequence");
        assertTrue(r.complete(c) >= r.complete(kids.get(2)));

        Trace fua =
                sim(
                        "{\"guest\": {\"fua\": true}}",
                        "{\"at\": \"end\"}",
                        "{\"op\": \"preflush-write\", \"sector\": 8, \"tag\": \"c\", \"flags\": [\"fua\"]}");
        List<Integer> k2 = children(fua, row(fua, "guest", "c"));
        assertEquals(
                List.of(Op.FLUSH, Op.WRITE),
                k2.stream().map(fua.requests()::op).toList(),
                "a disk with FUA: no post-flush");
        assertTrue(fua.requests().has(k2.get(1), Flags.FUA));
    }

    @Test
    void writethroughGuestsSendNoFlushesAndEveryHostWriteIsFlushed() throws Exception {
        Trace t =
                sim(
                        "{\"cacheMode\": \"writethrough\"}",
                        "{\"at\": \"end\"}",
                        "{\"op\": \"write\", \"sector\": 8, \"tag\": \"a\"}, {\"op\": \"flush\", \"tag\": \"f\", \"sync\": true}");
        assertEquals(0, count(t, "virtio", Op.FLUSH));
        int f = rows(t, "guest", Op.FLUSH).get(0);
        assertEquals(Status.OK, t.requests().status(f));
        assertEquals(
                Time.NONE, t.requests().issue(f), "ended by the block layer, never dispatched");
        int h = row(t, "host", "a");
        assertTrue(t.requests().has(h, Flags.FUA));
        int hostFlush = rows(t, "host", Op.FLUSH).get(0);
        assertTrue(
                t.requests().complete(hostFlush) <= t.requests().complete(h),
                "the write completes after its flush");
        assertTrue(onMedia(t, "a"));
    }

    @Test
    void unsafeDropsFlushesAndQemuSkipsAFlushWithNothingWritten() throws Exception {
        Trace u =
                sim(
                        "{\"cacheMode\": \"unsafe\"}",
                        "{\"at\": \"end\"}",
                        "{\"op\": \"write\", \"sector\": 8, \"tag\": \"a\", \"sync\": true}, {\"op\": \"flush\", \"sync\": true}");
        assertEquals(1, count(u, "virtio", Op.FLUSH));
        assertEquals(0, count(u, "host", Op.FLUSH));
        assertFalse(onMedia(u, "a"));

        Trace w =
                sim(
                        "{}",
                        "{\"at\": \"end\"}",
                        "{\"op\": \"write\", \"sector\": 8, \"tag\": \"a\", \"sync\": true},"
                                + "{\"op\": \"flush\", \"sync\": true}, {\"op\": \"flush\", \"sync\": true}");
        assertEquals(2, count(w, "virtio", Op.FLUSH));
        assertEquals(
                1,
                count(w, "host", Op.FLUSH),
                "the second flush found nothing written since the first");
        assertTrue(onMedia(w, "a"));
    }

    @Test
    void aioThreadsLetRequestsOvertakeWhileNativeKeepsOrder() throws Exception {
        String steps =
                "{\"op\": \"repeat\", \"times\": 40, \"steps\": [{\"op\": \"write\", \"sector\": 0, \"sectorStep\": 8, \"tag\": \"w{i}\"}]}";
        assertTrue(inversions(sim("{\"aio\": \"threads\"}", "{\"at\": \"end\"}", steps)) > 0);
        assertEquals(0, inversions(sim("{\"aio\": \"native\"}", "{\"at\": \"end\"}", steps)));
        assertEquals(0, inversions(sim("{\"aio\": \"io_uring\"}", "{\"at\": \"end\"}", steps)));
    }

    /** Host writes that entered the kernel before a host write QEMU was handed earlier. */
    private static int inversions(Trace t) {
        List<Integer> host = rows(t, "host", Op.WRITE);
        int n = 0;
        for (int a : host) {
            for (int b : host) {
                n +=
                        t.requests().submit(a) < t.requests().submit(b)
                                        && t.requests().issue(a) > t.requests().issue(b)
                                ? 1
                                : 0;
            }
        }
        return n;
    }

    @Test
    void inOrderVirtqueuesCompleteInRingOrder() throws Exception {
        String steps =
                "{\"op\": \"repeat\", \"times\": 30, \"steps\": [{\"op\": \"write\", \"sector\": 0, \"sectorStep\": 8, \"tag\": \"w{i}\"}]}";
        assertEquals(
                0,
                completionInversions(
                        sim(
                                "{\"virtio\": {\"completion\": \"in-order\"}}",
                                "{\"at\": \"end\"}",
                                steps)));
        assertTrue(
                completionInversions(
                                sim(
                                        "{\"virtio\": {\"completion\": \"reordered\"}}",
                                        "{\"at\": \"end\"}",
                                        steps))
                        > 0);
    }

    private static int completionInversions(Trace t) {
        List<Integer> v = rows(t, "virtio", Op.WRITE);
        int n = 0;
        for (int a : v) {
            for (int b : v) {
                n +=
                        t.requests().submit(a) < t.requests().submit(b)
                                        && t.requests().complete(a) > t.requests().complete(b)
                                ? 1
                                : 0;
            }
        }
        return n;
    }

    @Test
    void aReorderingDeviceDestagesOutOfOrderAFifoOneDoesNot() throws Exception {
        String steps =
                "{\"op\": \"repeat\", \"times\": 30, \"steps\": [{\"op\": \"write\", \"sector\": 0, \"sectorStep\": 8, \"tag\": \"w{i}\"}]}";
        String dev =
                ", \"host\": {\"aio\": \"native\"}, \"cacheMode\": \"none\", \"device\": {\"destageDelay\": 1, \"reorder\": ";
        assertTrue(isPrefix(sim("{\"seed\": 3" + dev + "false}}", "{\"at\": 0.0008}", steps)));
        boolean reordered = false;
        for (int seed = 1; seed <= 5 && !reordered; seed++) {
            reordered =
                    !isPrefix(
                            sim("{\"seed\": " + seed + dev + "true}}", "{\"at\": 0.0008}", steps));
        }
        assertTrue(reordered, "a later write reached media before an earlier one");
    }

    /**
     * Whether the writes on media are exactly the first k the device acknowledged (its cache's
     * arrival order).
     */
    private static boolean isPrefix(Trace t) {
        List<Integer> dev = rows(t, "device", Op.WRITE);
        dev.removeIf(r -> t.requests().complete(r) == Time.NONE);
        dev.sort(Comparator.comparingLong(r -> t.requests().complete(r)));
        boolean gap = false;
        int on = 0;
        for (int r : dev) {
            boolean here = onMedia(t, t.requests().dataTag(r));
            if (here && gap) {
                return false;
            }
            gap |= !here;
            on += here ? 1 : 0;
        }
        assertTrue(on > 0 && on < dev.size(), "the crash falls while the device destages: " + on);
        return true;
    }

    @Test
    void aPowerLossDuringAMediaWriteTearsItAtSectorGranularity() throws Exception {
        String steps = "{\"op\": \"write\", \"sector\": 0, \"count\": 256, \"tag\": \"big\"}";
        String config =
                "{\"cacheMode\": \"none\", \"tornProbability\": %s, \"device\": {\"writeCache\": false, "
                        + "\"media\": {\"fixed\": 1000}}}";
        Trace torn = sim(String.format(config, "0.5"), "{\"at\": 0.0005}", steps);
        long on = torn.truth().sectors().stream().filter(s -> "big".equals(s.data())).count();
        assertTrue(on > 50 && on < 206, "about half of the sectors made it: " + on);
        assertEquals("device", where(torn, row(torn, "device", "big")));
        assertFalse(onMedia(sim(String.format(config, "0"), "{\"at\": 0.0005}", steps), "big"));
        assertEquals(
                256,
                sim(String.format(config, "1"), "{\"at\": 0.0005}", steps)
                        .truth()
                        .sectors()
                        .stream()
                        .filter(s -> "big".equals(s.data()))
                        .count());
    }

    @Test
    void theCrashKindDecidesWhatSurvives() throws Exception {
        // a completed write in the host page cache, a write still in the virtqueue, one still in
        // the guest
        String config = "{\"guest\": {\"queueDepth\": 1}, \"virtio\": {\"pop\": {\"fixed\": 300}}}";
        String steps =
                "{\"op\": \"write\", \"sector\": 0, \"tag\": \"cached\", \"sync\": true},"
                        + "{\"op\": \"write\", \"sector\": 8, \"tag\": \"queued\"}, {\"op\": \"write\", \"sector\": 16, \"tag\": \"guest\"}";
        Trace power = sim(config, "{\"at\": 0.0004, \"kind\": \"power-loss\"}", steps);
        Trace kill = sim(config, "{\"at\": 0.0004, \"kind\": \"qemu-kill\"}", steps);
        Trace panic = sim(config, "{\"at\": 0.0004, \"kind\": \"guest-crash\"}", steps);
        assertEquals("virtqueue", where(power, row(power, "virtio", "queued")));
        assertEquals("guest", where(power, row(power, "guest", "guest")));
        assertEquals(
                List.of(false, false, false),
                List.of(
                        onMedia(power, "cached"),
                        onMedia(power, "queued"),
                        onMedia(power, "guest")));
        assertEquals(
                List.of(true, false, false),
                List.of(onMedia(kill, "cached"), onMedia(kill, "queued"), onMedia(kill, "guest")));
        assertEquals(
                List.of(true, true, false),
                List.of(
                        onMedia(panic, "cached"),
                        onMedia(panic, "queued"),
                        onMedia(panic, "guest")));
    }

    @Test
    void backgroundWritebackWritesExpiredPagesWithoutAFlush() throws Exception {
        Trace t =
                sim(
                        "{\"host\": {\"dirtyExpireMs\": 1, \"writebackIntervalMs\": 1}}",
                        "{\"at\": 0.005}",
                        "{\"op\": \"write\", \"sector\": 0, \"tag\": \"a\", \"sync\": true}");
        int d = row(t, "device", "a");
        assertTrue(t.requests().process(d).startsWith("kworker"), "the flusher thread wrote it");
        assertEquals(row(t, "host", "a"), t.requests().parent(d));
        assertTrue(t.requests().submit(d) >= 1_000_000);
        assertEquals(0, count(t, "device", Op.FLUSH));
    }

    @Test
    void enospcOnAThinDeviceStopsTheVmOrIsReported() throws Exception {
        String steps =
                "{\"op\": \"write\", \"sector\": 0, \"tag\": \"a\", \"sync\": true},"
                        + "{\"op\": \"write\", \"sector\": 1000, \"tag\": \"b\", \"sync\": true}";
        String thin =
                "\"device\": {\"thinCapacitySectors\": 128, \"thinChunkSectors\": 128}, \"cacheMode\": \"none\"";
        Trace stop = sim("{" + thin + "}", "{\"at\": 0.002}", steps);
        assertEquals(Status.ERROR, stop.requests().status(row(stop, "device", "b")));
        assertEquals("vm-stopped", where(stop, row(stop, "guest", "b")));
        assertTrue(hasEvent(stop, EventKind.MESSAGE, "VM stopped: ENOSPC"));
        Trace report =
                sim("{" + thin + ", \"host\": {\"werror\": \"report\"}}", "{\"at\": 0.002}", steps);
        assertEquals(Status.ERROR, report.requests().status(row(report, "guest", "b")));
        assertEquals(Status.OK, report.requests().status(row(report, "guest", "a")));
        // buffered: the write succeeds into the page cache; writeback fails and the next fsync
        // reports it
        Trace buffered =
                sim(
                        "{\"device\": {\"thinCapacitySectors\": 128, \"thinChunkSectors\": 128}, "
                                + "\"host\": {\"werror\": \"report\"}}",
                        "{\"at\": 0.003}",
                        steps + ", {\"op\": \"fsync\"}");
        assertEquals(Status.OK, buffered.requests().status(row(buffered, "guest", "b")));
        assertTrue(hasEvent(buffered, EventKind.WRITEBACK_ERROR, "ENOSPC"));
        assertEquals(
                Status.ERROR, buffered.requests().status(rows(buffered, "guest", Op.FLUSH).get(0)));
        assertFalse(onMedia(buffered, "b"));
    }

    @Test
    void aLostLinkLeavesRequestsHanging() throws Exception {
        Trace t =
                sim(
                        "{\"cacheMode\": \"none\", \"faults\": [{\"kind\": \"lost-link\", \"at\": 0.0001}]}",
                        "{\"at\": 0.002}",
                        "{\"op\": \"sleep\", \"us\": 200}, {\"op\": \"write\", \"sector\": 0, \"tag\": \"a\"}");
        int d = row(t, "device", "a");
        assertEquals(Time.NONE, t.requests().complete(d));
        assertEquals("link-lost", where(t, d));
        assertEquals(
                "link-lost",
                where(t, row(t, "guest", "a")),
                "the guest request waits on the device");
        assertTrue(hasEvent(t, EventKind.MESSAGE, "link to the device lost"));
    }

    @Test
    void memoryPressureEvictsCleanPagesSoTheNextReadGoesToTheDevice() throws Exception {
        String steps =
                "{\"op\": \"write\", \"sector\": 0, \"tag\": \"a\", \"sync\": true}, {\"op\": \"fsync\"},"
                        + "{\"op\": \"read\", \"sector\": 0, \"sync\": true}, {\"op\": \"sleep\", \"us\": 500},"
                        + "{\"op\": \"read\", \"sector\": 0, \"sync\": true}";
        Trace cached = sim("{}", "{\"at\": \"end\"}", steps);
        assertEquals(0, count(cached, "device", Op.READ), "both reads hit the page cache");
        Trace pressed =
                sim(
                        "{\"faults\": [{\"kind\": \"memory-pressure\", \"at\": 0.0005}]}",
                        "{\"at\": \"end\"}",
                        steps);
        assertTrue(
                pressed.requests().complete(rows(pressed, "guest", Op.READ).get(0)) < 500_000,
                "first read before the pressure");
        assertEquals(1, count(pressed, "device", Op.READ), "the second read missed");
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherTimes() throws Exception {
        String steps = "{\"op\": \"ext4-journal\", \"transactions\": 5}";
        byte[] a = bytes(sim("{\"seed\": 11}", "{\"at\": \"end\"}", steps));
        byte[] b = bytes(sim("{\"seed\": 11}", "{\"at\": \"end\"}", steps));
        byte[] c = bytes(sim("{\"seed\": 12}", "{\"at\": \"end\"}", steps));
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    private static byte[] bytes(Trace t) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonTraceWriter.write(t, out);
        return out.toByteArray();
    }

    private static boolean hasEvent(Trace t, EventKind kind, String text) {
        for (int e = 0; e < t.events().size(); e++) {
            if (t.events().kind(e) == kind
                    && t.events().text(e) != null
                    && t.events().text(e).contains(text)) {
                return true;
            }
        }
        return false;
    }
}
