package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.Problem;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Status;
import dev.orderlens.model.Trace;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One hand-made simpletrace file per rule of the importer, built here with {@link
 * SimpletraceWriter} (a fixture, not a capture). Record N of a file is request/source line N; the
 * expected requests are derived from the records written in each test.
 */
class SimpletraceRulesTest {
    static final long T0 = 5_000_000_000L; // the first record's CLOCK_MONOTONIC stamp

    static final long VDEV = 0x5100;
    static final long REQ = 0x5600;

    /** The eight records of one guest write under cache=writeback, aio=threads. */
    static SimpletraceWriter oneWrite(long threadPoolRet) {
        return oneWrite(threadPoolRet, w -> {});
    }

    /** The same, with {@code middle} writing more records after the fourth. */
    static SimpletraceWriter oneWrite(long threadPoolRet, Consumer<SimpletraceWriter> middle) {
        SimpletraceWriter w =
                new SimpletraceWriter()
                        .header()
                        .mapping(0, "virtqueue_pop")
                        .mapping(1, "virtio_blk_handle_write")
                        .mapping(2, "blk_co_pwritev")
                        .mapping(3, "bdrv_co_pwritev_part")
                        .mapping(4, "thread_pool_submit")
                        .mapping(5, "thread_pool_complete")
                        .mapping(6, "virtio_blk_rw_complete")
                        .mapping(7, "virtio_blk_req_complete")
                        .event(0, T0, 0x7e00L, REQ, 1L, 2L) // vq elem in_num out_num
                        .event(1, T0 + 3_000, VDEV, REQ, 81920L, 8L) // vdev req sector nsectors
                        .event(2, T0 + 5_000, 0x5a00L, 0x5b00L, 41943040L, 4096L, 0L)
                        .event(3, T0 + 6_000, 0x5b00L, 41943040L, 4096L, 0L);
        middle.accept(w);
        return w.event(4, T0 + 7_000, 0x5c00L, 0x5d00L, 0x5e00L) // pool req opaque
                .event(5, T0 + 70_000, 0x5c00L, 0x5d00L, 0x5e00L, threadPoolRet)
                .event(6, T0 + 75_000, VDEV, REQ, threadPoolRet)
                .event(7, T0 + 76_000, VDEV, REQ, threadPoolRet < 0 ? 1L : 0L);
    }

    static Trace load(byte[] bytes) throws Exception {
        return new SimpletraceImporter()
                .read(ImportInput.ofBytes("t.bin", bytes), ImportOptions.DEFAULT, Progress.NONE);
    }

    static int row(Trace t, String layer) {
        int l = t.layerIndex(layer);
        for (int i = 0; i < t.requests().size(); i++) {
            if (t.requests().layer(i) == l) {
                return i;
            }
        }
        throw new AssertionError("no request on " + layer);
    }

    static List<String> problems(Trace t) {
        return t.sources().get(0).problems().stream().map(Problem::message).toList();
    }

    @Test
    void aWriteBecomesAVirtioRequestAndItsHostRequest() throws Exception {
        Trace t = load(oneWrite(0).bytes());
        // Records 1-2: popped at T0 (time 0), a write of sector 81920 + 8; record 8 completes it
        // at +76 µs. Records 3-4: the block layer's write at offset 41943040 = sector 81920 of
        // 4096 bytes = 8 sectors, reported back by rw_complete (record 7) at +75 µs.
        Requests r = t.requests();
        assertEquals(2, r.size());
        int v = row(t, Layer.VIRTIO);
        int h = row(t, Layer.HOST);
        assertEquals(Op.WRITE, r.op(v));
        assertEquals(81920, r.sector(v));
        assertEquals(8, r.count(v));
        assertEquals(0, r.submit(v));
        assertEquals(76_000, r.complete(v));
        assertEquals(Status.OK, r.status(v));
        assertEquals(v, r.parent(h));
        assertEquals(Op.WRITE, r.op(h));
        assertEquals(81920, r.sector(h));
        assertEquals(8, r.count(h));
        assertEquals(5_000, r.submit(h));
        assertEquals(75_000, r.complete(h));
        assertEquals(1, r.sourceLines(v)[0]);
        assertEquals(3, r.sourceLines(h)[0]);
        assertEquals(0, t.skippedLines());
        assertEquals(8, t.sources().get(0).lines());
    }

    @Test
    void aNegativeIntArrivesSignExtendedAndIsTheErrorValue() throws Exception {
        // simple.py writes (uint64_t)ret: -28 (ENOSPC) is 0xffffffffffffffe4 in the file; the
        // format prints it with %d, so the host request fails with -28, as the log would say.
        Trace t = load(oneWrite(0xffff_ffff_ffff_ffe4L).bytes());
        int h = row(t, Layer.HOST);
        assertEquals(Status.ERROR, t.requests().status(h));
        assertEquals(-28, t.requests().errorCode(h));
        assertEquals(Status.ERROR, t.requests().status(row(t, Layer.VIRTIO)));
    }

    @Test
    void anUnknownEventIdIsSkippedByItsLengthAndTheRestLoads() throws Exception {
        int[] at = new int[1];
        // after record 4, a record of an event id no mapping record names (two arguments)
        SimpletraceWriter w =
                oneWrite(
                        0,
                        m -> {
                            at[0] = m.position();
                            m.event(99, T0 + 6_500, 1L, 2L);
                        });
        Trace t = load(w.bytes());
        assertEquals(1, t.skippedLines());
        assertEquals(
                List.of(
                        "byte "
                                + at[0]
                                + ": event id 99 has no mapping record; skipped the record"),
                problems(t));
        // the write is whole: both requests, completed as in the file without the bad record
        Requests r = t.requests();
        assertEquals(2, r.size());
        assertEquals(76_000, r.complete(row(t, Layer.VIRTIO)));
        assertEquals(75_000, r.complete(row(t, Layer.HOST)));
    }

    @Test
    void aTruncatedTailEndsTheFileAndIsReported() throws Exception {
        byte[] whole = oneWrite(0).bytes();
        // cut the last record (virtio_blk_req_complete: 8 + 24 + 3 × 8 = 56 bytes) after 40 bytes
        int last = whole.length - 56;
        byte[] cut = Arrays.copyOf(whole, last + 40);
        Trace t = load(cut);
        assertEquals(
                List.of(
                        "byte "
                                + last
                                + ": the file ends inside a record (40 of at least 56 bytes)"),
                problems(t));
        // the write lost its req_complete: the virtio request never completes
        assertEquals(7, t.sources().get(0).lines());
        Requests r = t.requests();
        assertEquals(Status.UNKNOWN, r.status(row(t, Layer.VIRTIO)));
        assertEquals(75_000, r.complete(row(t, Layer.HOST)));
    }

    @Test
    void aWrongMagicOrVersionIsRefusedInOneLine() throws Exception {
        byte[] b = oneWrite(0).bytes();
        b[8] ^= 0x01; // the magic's lowest byte
        ImportException e = assertThrows(ImportException.class, () -> load(b));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "t.bin: byte 0: not a QEMU simpletrace file: expected the header ~0,"
                                        + " magic 0xf2b177cb0aa429b4, found 0xffffffffffffffff,"
                                        + " 0xf2b177cb0aa429b5"),
                e.getMessage());
        // detection does not take it for simpletrace: NUL bytes make it binary data
        assertTrue(
                assertThrows(
                                ImportException.class,
                                () -> Importers.detect(ImportInput.ofBytes("t.bin", b)))
                        .getMessage()
                        .contains("binary data"));
        byte[] v3 = new SimpletraceWriter().header(3).bytes();
        assertTrue(
                assertThrows(ImportException.class, () -> load(v3))
                        .getMessage()
                        .contains("byte 16: simpletrace log version 3; OrderLens reads version 4"));
    }

    @Test
    void stringArgumentsAreReadByTheirLengthAndShownAsTheLogPrintsThem() throws Exception {
        // softmmu/trace-events: vm_state_notify(int running, int reason, const char *reason_str)
        // "running %d reason %d (%s)"; qmp_enter_cont(const char *json) "%s"
        byte[] b =
                new SimpletraceWriter()
                        .header()
                        .mapping(0, "vm_state_notify")
                        .mapping(1, "qmp_enter_cont")
                        .event(0, T0, 0L, 3L, "io-error")
                        .event(1, T0 + 1_000_000, "{\"id\": 1}")
                        .event(0, T0 + 2_000_000, 1L, 9L, "running")
                        .bytes();
        Trace t = load(b);
        assertEquals(0, t.skippedLines());
        Events e = t.events();
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < e.size(); i++) {
            if (e.kind(i) == EventKind.OTHER) {
                texts.add(e.name(i) + " " + e.text(i) + " @" + e.time(i));
            }
        }
        assertEquals(
                List.of(
                        "vm_state_notify running 0 reason 3 (io-error) @0",
                        "qmp_enter_cont {\"id\": 1} @1000000",
                        "vm_state_notify running 1 reason 9 (running) @2000000"),
                texts);
    }

    @Test
    void aDroppedEventsRecordIsAMessageAndAWarning() throws Exception {
        byte[] b =
                new SimpletraceWriter()
                        .header()
                        .mapping(0, "virtio_queue_notify")
                        .event(0, T0, VDEV, 1L, 0x7e00L)
                        .dropped(T0 + 500, 7)
                        .event(0, T0 + 1_000, VDEV, 1L, 0x7e00L)
                        .bytes();
        Trace t = load(b);
        assertEquals(0, t.skippedLines());
        Events e = t.events();
        int messages = 0;
        for (int i = 0; i < e.size(); i++) {
            if (e.kind(i) == EventKind.MESSAGE) {
                messages++;
                assertEquals(500, e.time(i));
                assertTrue(e.text(i).startsWith("QEMU dropped 7 trace events"), e.text(i));
            }
        }
        assertEquals(1, messages);
        assertTrue(
                t.sources().get(0).warnings().stream()
                        .anyMatch(w -> w.startsWith("QEMU dropped 7 trace events")),
                t.sources().get(0).warnings().toString());
    }

    @Test
    void garbageBetweenRecordsIsSkippedToTheNextPlausibleRecord() throws Exception {
        SimpletraceWriter w =
                new SimpletraceWriter()
                        .header()
                        .mapping(0, "virtio_queue_notify")
                        .event(0, T0, VDEV, 1L, 0x7e00L);
        int at = w.position();
        w.raw(5, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3).event(0, T0 + 1_000, VDEV, 1L, 0x7e00L);
        Trace t = load(w.bytes());
        assertEquals(
                List.of(
                        "byte "
                                + at
                                + ": expected a record type (0 mapping, 1 event), found 0x5;"
                                + " skipped 11 bytes"),
                problems(t));
        assertEquals(2, t.sources().get(0).lines()); // both notifies
    }

    @Test
    void aRecordWhoseArgumentsDoNotMatchTheLayoutIsSkipped() throws Exception {
        SimpletraceWriter w =
                new SimpletraceWriter()
                        .header()
                        .mapping(0, "virtio_blk_rw_complete")
                        .mapping(1, "virtio_queue_notify");
        int at = w.position();
        w.event(0, T0, VDEV, REQ) // 2 arguments where QEMU 7.2 writes 3 (vdev, req, ret)
                .event(1, T0 + 1_000, VDEV, 1L, 0x7e00L);
        Trace t = load(w.bytes());
        assertEquals(
                List.of(
                        "byte "
                                + at
                                + ": virtio_blk_rw_complete: the record's 16 bytes of arguments do"
                                + " not match QEMU 7.2.0's virtio_blk_rw_complete (3 arguments);"
                                + " skipped the record"),
                problems(t));
        assertEquals(1, t.events().size()); // the notify after it
        assertEquals("virtio_queue_notify", t.events().name(0));
    }

    @Test
    void anEventWithNoShippedLayoutIsKeptByName() throws Exception {
        byte[] b =
                new SimpletraceWriter()
                        .header()
                        .mapping(0, "virtio_set_status")
                        .event(0, T0, VDEV, 7L)
                        .bytes();
        Trace t = load(b);
        Events e = t.events();
        assertEquals(1, e.size());
        assertEquals("virtio_set_status", e.name(0));
        assertNull(e.text(0));
        assertTrue(
                t.sources().get(0).warnings().stream()
                        .anyMatch(w -> w.contains("virtio_set_status ×1")),
                t.sources().get(0).warnings().toString());
    }

    @Test
    void detectedByItsHeaderAlsoCompressedAndOpenedOnTheVirtioLayer(@TempDir Path dir)
            throws Exception {
        byte[] b = oneWrite(0).bytes();
        Path gz = dir.resolve("trace.bin.gz");
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (GZIPOutputStream o = new GZIPOutputStream(z)) {
            o.write(b);
        }
        Files.write(gz, z.toByteArray());
        assertEquals(SimpletraceImporter.ID, Importers.detect(ImportInput.of(gz)).importer().id());
        var plan =
                TraceLoader.plan(
                        List.of(new TraceLoader.FileSpec(ImportInput.of(gz), null, null, null)));
        assertEquals(SimpletraceImporter.ID, plan.get(0).importer().id());
        assertEquals(Layer.VIRTIO, plan.get(0).layer());
        // a text format forced on it says what it is
        assertTrue(
                assertThrows(ImportException.class, () -> Importers.checkText(ImportInput.of(gz)))
                        .getMessage()
                        .contains("--format simpletrace"));
        assertEquals(2, TraceLoader.load(gz).requests().size());
    }

    @Test
    void aBigEndianFileReadsAlike() throws Exception {
        byte[] le = oneWrite(0).bytes();
        Trace t = load(bigEndian(le));
        Requests r = t.requests();
        int v = row(t, Layer.VIRTIO);
        assertEquals(81920, r.sector(v));
        assertEquals(76_000, r.complete(v));
        assertEquals(0, t.skippedLines());
    }

    /**
     * The real capture mutated 200 ways (bytes overwritten, runs deleted, runs repeated, cut short;
     * seed 15): each either loads or is refused with one ImportException naming the file, in time
     * linear in its size, never another exception.
     */
    @Test
    void mutatedRealCapturesLoadOrAreRefusedInOneLine() throws Exception {
        byte[] real = Files.readAllBytes(Path.of("sample-traces/simpletrace.qemu.simpletrace.bin"));
        java.util.Random rnd = new java.util.Random(15);
        int loaded = 0;
        int refused = 0;
        for (int c = 0; c < 200; c++) {
            byte[] b = mutate(real, rnd);
            try {
                assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> load(b));
                loaded++;
            } catch (Exception e) { // assertTimeoutPreemptively rethrows it undeclared
                assertTrue(e instanceof ImportException, e.toString());
                assertTrue(e.getMessage().startsWith("t.bin"), e.getMessage());
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
                refused++;
            }
        }
        assertTrue(loaded > 150, "most mutations still load: " + loaded + ", refused " + refused);
    }

    private static byte[] mutate(byte[] real, java.util.Random rnd) {
        byte[] b = real.clone();
        int at = 24 + rnd.nextInt(b.length - 24); // keep the header: else it is not simpletrace
        int len = 1 + rnd.nextInt(Math.min(4096, b.length - at));
        return switch (rnd.nextInt(4)) {
            case 0 -> {
                for (int i = 0; i < len; i++) {
                    b[at + i] = (byte) rnd.nextInt(256);
                }
                yield b;
            }
            case 1 -> concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + len, b.length));
            case 2 -> concat(Arrays.copyOf(b, at + len), Arrays.copyOfRange(b, at, b.length));
            default -> Arrays.copyOf(b, at);
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /**
     * The same file as a big-endian host writes it: every u64/u32 field swapped. Walks the records
     * of {@link #oneWrite} (mappings, then events whose arguments are all u64).
     */
    private static byte[] bigEndian(byte[] le) {
        byte[] b = le.clone();
        java.nio.ByteBuffer in =
                java.nio.ByteBuffer.wrap(le).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.BIG_ENDIAN);
        int p = 0;
        for (int i = 0; i < 3; i++, p += 8) {
            out.putLong(p, in.getLong(p));
        }
        while (p < le.length) {
            long type = in.getLong(p);
            out.putLong(p, type);
            if (type == 0) {
                out.putLong(p + 8, in.getLong(p + 8));
                int len = in.getInt(p + 16);
                out.putInt(p + 16, len);
                p += 20 + len;
            } else {
                out.putLong(p + 8, in.getLong(p + 8));
                out.putLong(p + 16, in.getLong(p + 16));
                int len = in.getInt(p + 24);
                out.putInt(p + 24, len);
                out.putInt(p + 28, in.getInt(p + 28));
                for (int a = p + 32; a < p + 8 + len; a += 8) {
                    out.putLong(a, in.getLong(a));
                }
                p += 8 + len;
            }
        }
        return b;
    }
}
