package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real capture in sample-traces/ imports without a skipped line, and its request counts equal
 * counts computed here from the raw lines by a different, simple method (splitting on whitespace,
 * no reconstruction).
 */
class RealSamplesTest {
    static List<Path> blkparseSamples() throws Exception {
        return GoldenFileTest.realSamples().stream()
                .filter(p -> p.toString().endsWith(".blkparse.txt"))
                .toList();
    }

    static List<Path> qemuSamples() throws Exception {
        return GoldenFileTest.realSamples().stream()
                .filter(p -> p.toString().endsWith(".qemu.log"))
                .toList();
    }

    /** The fields of an event line (blkparse's header has 8 fields before the trailer), or null. */
    private static String[] blkFields(String line) {
        String[] f = line.trim().split("\\s+");
        return f.length >= 7 && f[0].matches("\\d+,\\d+") && f[3].matches("\\d+\\.\\d+") ? f : null;
    }

    @ParameterizedTest
    @MethodSource("blkparseSamples")
    void blkparseRequestCountsMatchTheRawLines(Path sample) throws Exception {
        int queued = 0;
        int merges = 0;
        int machineryFlushes = 0; // a "D FN" with no bio of its own: the flush machinery's
        int emptyPreflushBios = 0; // "Q FWS [comm]": a data-less PREFLUSH bio (fsync)
        int queuedWrites = 0;
        int writeMerges = 0;
        int splits = 0; // "X s / t" with t != s: the block layer cut off a piece that goes on alone
        int writeSplits = 0;
        java.util.Set<String> issuing = new java.util.HashSet<>(); // devices with D lines
        java.util.Set<String> queuing = new java.util.HashSet<>();
        for (String line : Files.readAllLines(sample)) {
            String[] f = blkFields(line);
            if (f == null) {
                continue;
            }
            String act = f[5];
            String rwbs = f[6];
            boolean hasSector = f.length > 7 && f[7].matches("\\d+");
            issuing.add(act.equals("D") ? f[0] : "");
            queuing.add(act.equals("Q") ? f[0] : "");
            switch (act) {
                case "Q" -> {
                    queued++;
                    if (rwbs.startsWith("F") && !hasSector) {
                        emptyPreflushBios++;
                    } else if (rwbs.contains("W")) {
                        queuedWrites++;
                    }
                }
                case "M", "F" -> {
                    merges++;
                    if (rwbs.contains("W")) {
                        writeMerges++;
                    }
                }
                case "D" -> machineryFlushes += rwbs.equals("FN") ? 1 : 0;
                case "X" -> { // dm's "X s / s" trims a bio to its remainder: still one bio
                    if (f.length > 9 && !f[7].equals(f[9])) {
                        splits++;
                        writeSplits += rwbs.contains("W") ? 1 : 0;
                    }
                }
                default -> {}
            }
        }
        java.util.Set<String> bioBased = new java.util.HashSet<>(queuing);
        bioBased.removeAll(issuing);
        bioBased.remove("");
        Trace t = TraceLoader.load(sample);
        Requests r = t.requests();
        assertEquals(0, t.skippedLines(), sample + ": " + t.sources().get(0).problems());
        assertEquals(
                queued - merges + splits + machineryFlushes,
                r.size(),
                "requests = Q - merges + splits + machinery flushes");
        assertEquals(queuedWrites - writeMerges + writeSplits, count(r, Op.WRITE), "writes");
        assertEquals(emptyPreflushBios + machineryFlushes, count(r, Op.FLUSH), "flushes");
        for (int i = 0; i < r.size(); i++) {
            // a clean capture: every request was queued (or is machinery), issued and completed;
            // a bio-based (device-mapper) device has no D: its bio is issued when remapped below
            // (A), and one its target ends at once (dm "error") is never issued
            String dev = t.lanes().get(r.lane(i)).name();
            int mustNot =
                    bioBased.contains(dev)
                            ? Flags.NO_QUEUE | Flags.NO_COMPLETE
                            : Flags.NO_QUEUE | Flags.NO_ISSUE | Flags.NO_COMPLETE;
            assertEquals(0, r.flags(i) & mustNot, "request " + r.id(i));
            assertTrue(
                    (r.issue(i) == Time.NONE || r.issue(i) >= r.submit(i))
                            && r.complete(i) >= Math.max(r.submit(i), r.issue(i)),
                    "times of request " + r.id(i));
            if (r.op(i) == Op.FLUSH && !r.has(i, Flags.PREFLUSH)) {
                assertTrue(
                        r.parent(i) >= 0,
                        "machinery flush " + r.id(i) + " is linked to the bio it serves");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("qemuSamples")
    void qemuVirtioCountsMatchTheRawLines(Path sample) throws Exception {
        int pops = 0;
        int flushShaped = 0; // one out and one in descriptor: header and status only
        // pops whose request got a handle_* (a retry after werror=stop handles it again: once)
        java.util.Map<String, Boolean> handledSincePop = new java.util.HashMap<>();
        int handles = 0;
        int blkCalls = 0;
        int openingReads =
                0; // node-level reads before any BlockBackend call: QEMU opening the image
        int imageFile = 0; // QEMU's requests on the image file below a qcow2 node
        java.util.Set<String> blkNodes = new java.util.HashSet<>();
        String lastBlk = null;
        String lastZeroes = null;
        for (String line : Files.readAllLines(sample)) {
            String body = line.substring(line.indexOf(':') + 1);
            String name = body.split(" ")[0];
            if (name.equals("virtqueue_pop")) {
                pops++;
                handledSincePop.put(argument(body, "elem"), false);
                if (body.endsWith("in_num 1 out_num 1")) {
                    flushShaped++;
                }
            } else if (name.startsWith("virtio_blk_handle_")) {
                String req = argument(body, "req");
                if (!Boolean.TRUE.equals(handledSincePop.put(req, true))) {
                    handles++;
                }
            } else if (name.startsWith("blk_co_p")) {
                blkCalls++;
                blkNodes.add(argument(body, "bs"));
                lastBlk = argument(body, "offset") + "+" + argument(body, "bytes");
            } else if (name.startsWith("bdrv_co_p") && blkCalls == 0) {
                openingReads++;
            } else if (name.startsWith("bdrv_co_p") && !blkNodes.contains(argument(body, "bs"))) {
                // the image file under a format node (qcow2): a request of its own unless it is
                // the BlockBackend request's own range or the file-level half of a zero write
                String range = argument(body, "offset") + "+" + argument(body, "bytes");
                if (!range.equals(lastBlk)
                        && !(name.equals("bdrv_co_pwritev_part") && range.equals(lastZeroes))) {
                    imageFile++;
                }
                lastZeroes = name.equals("bdrv_co_pwrite_zeroes") ? range : null;
            }
        }
        Trace t = TraceLoader.load(sample);
        assertEquals(0, t.skippedLines());
        int virtio = t.layerIndex("virtio");
        int host = t.layerIndex("host");
        Requests r = t.requests();
        int virtioRequests = 0;
        int virtioFlushes = 0;
        int hostData = 0;
        for (int i = 0; i < r.size(); i++) {
            if (r.layer(i) == virtio) {
                virtioRequests++;
                virtioFlushes += r.op(i) == Op.FLUSH ? 1 : 0;
                assertFalse(
                        r.has(i, Flags.NO_COMPLETE), "virtio request " + r.id(i) + " completes");
            } else if (r.layer(i) == host && r.op(i) != Op.FLUSH) {
                hostData++;
                if (r.parent(i) >= 0) { // a read with no backend I/O may show no completion
                    assertTrue(
                            r.complete(i) != Time.NONE, "host request " + r.id(i) + " completes");
                }
            }
        }
        assertEquals(pops, virtioRequests, "one virtio request per virtqueue_pop");
        int withoutHandle = 0;
        for (int i = 0; i < r.size(); i++) {
            if (r.layer(i) == virtio && r.op(i) != Op.READ && r.op(i) != Op.WRITE) {
                withoutHandle++; // classified by elimination: flush, write-zeroes, other
            }
        }
        assertEquals(pops - handles, withoutHandle, "requests without handle_* are classified");
        assertEquals(flushShaped, virtioFlushes, "the flushes are the flush-shaped ones");
        assertEquals(
                blkCalls + openingReads + imageFile,
                hostData,
                "one host data request per blk_co_p* call (and per read"
                        + " while opening the image, and per request on the image file)");
    }

    /**
     * The captures of the cache-mode workload (scripts/capture-real-traces.sh's first five modes):
     * one guest disk, 44 data writes, every one of which reaches QEMU. The stack and error captures
     * (dm, loop, werror, qcow2 allocation, ...) have guest writes that never reach virtio as such
     * (dm-0's writes reach it as vda's) and are checked by their own tests (WerrorCaptureTest,
     * StackedDevicesCrashTest, BlkparseRulesTest) against sample-traces/expectations.
     */
    static List<Path> cacheModeSamples() throws Exception {
        List<String> modes =
                List.of("writeback", "none", "unsafe", "writethrough", "qcow2-writeback");
        return blkparseSamples().stream()
                .filter(
                        p ->
                                modes.contains(
                                        p.getFileName()
                                                .toString()
                                                .replace(".guest.blkparse.txt", "")))
                .toList();
    }

    @ParameterizedTest
    @MethodSource("cacheModeSamples")
    void guestAndQemuLogOfOneCaptureLineUp(Path guest) throws Exception {
        Path qemu = Path.of(guest.toString().replace(".guest.blkparse.txt", ".qemu.log"));
        Trace t =
                TraceLoader.load(
                        List.of(TraceLoader.FileSpec.of(guest), TraceLoader.FileSpec.of(qemu)),
                        Progress.NONE);
        assertEquals(
                List.of("guest", "virtio", "host"), t.layers().stream().map(l -> l.id()).toList());
        var q = t.sources().get(1);
        assertTrue(q.offsetEstimated());
        int matches = Integer.parseInt(q.metadata().get(TraceLoader.OFFSET_MATCHES));
        int agreeing = Integer.parseInt(q.metadata().get(TraceLoader.OFFSET_AGREEING));
        assertTrue(matches >= 40, "the captures hold 44 data writes; matched " + matches);
        assertEquals(matches, agreeing, "every matched write nests with the estimated offset");
        // checked independently: each guest data write contains a virtio write of the same range
        Requests r = t.requests();
        int guestLayer = t.layerIndex("guest");
        int virtio = t.layerIndex("virtio");
        int nested = 0;
        int writes = 0;
        for (int g = 0; g < r.size(); g++) {
            if (r.layer(g) != guestLayer || r.op(g) != Op.WRITE) {
                continue;
            }
            writes++;
            for (int v = 0; v < r.size(); v++) {
                if (r.layer(v) == virtio
                        && r.sector(v) == r.sector(g)
                        && r.count(v) == r.count(g)
                        && r.submit(v) >= r.issue(g)
                        && r.complete(v) <= r.complete(g)) {
                    nested++;
                    break;
                }
            }
        }
        assertEquals(writes, nested, "guest writes with a virtio write nested inside them");
    }

    /** The token after {@code key} in a QEMU event's arguments. */
    private static String argument(String body, String key) {
        String[] tok = body.split(" ");
        for (int i = 0; i + 1 < tok.length; i++) {
            if (tok[i].equals(key)) {
                return tok[i + 1];
            }
        }
        return "";
    }

    @ParameterizedTest
    @MethodSource("blkparseSamples")
    void aMergedCaptureSurvivesTraceJson(Path guest) throws Exception {
        Path qemu = Path.of(guest.toString().replace(".guest.blkparse.txt", ".qemu.log"));
        Trace t =
                TraceLoader.load(
                        List.of(TraceLoader.FileSpec.of(guest), TraceLoader.FileSpec.of(qemu)),
                        Progress.NONE);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        dev.orderlens.export.JsonTraceWriter.write(t, out);
        Trace back =
                new JsonTraceImporter()
                        .read(
                                ImportInput.ofString(
                                        "rewrite.json",
                                        out.toString(java.nio.charset.StandardCharsets.UTF_8)),
                                ImportOptions.DEFAULT,
                                Progress.NONE);
        assertEquals(0, back.skippedLines(), back.sources().get(0).problems().toString());
        Requests a = t.requests();
        Requests b = back.requests();
        assertEquals(a.size(), b.size());
        assertEquals(t.events().size(), back.events().size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.flags(i), b.flags(i));
            assertEquals(a.complete(i), b.complete(i));
            assertEquals(a.parent(i) < 0, b.parent(i) < 0, "parent link of row " + i);
        }
    }

    private static int count(Requests r, Op op) {
        int n = 0;
        for (int i = 0; i < r.size(); i++) {
            n += r.op(i) == op ? 1 : 0;
        }
        return n;
    }
}
