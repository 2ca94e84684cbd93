package dev.orderlens.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.export.JsonTraceWriter;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class JsonTraceTest {
    static final Path SAMPLE = Path.of("sample-traces/journal-commit.json");
    private final JsonTraceImporter importer = new JsonTraceImporter();

    static Trace read(String json) throws Exception {
        return new JsonTraceImporter()
                .read(ImportInput.ofString("t.json", json), ImportOptions.DEFAULT, Progress.NONE);
    }

    static String trace(String requests) {
        return "{\"format\": \"orderlens-trace\", \"version\": 1,\n\"requests\": [\n"
                + requests
                + "\n]}";
    }

    @Test
    void readsTheSampleWithEveryField() throws Exception {
        Trace t = TraceLoader.load(SAMPLE);
        assertEquals("ext4-style journal commit (hand-written example)", t.meta().title());
        assertEquals("writeback", t.meta().cacheMode());
        assertEquals(
                java.util.List.of("guest", "device"),
                t.layers().stream().map(l -> l.id()).toList());
        assertEquals("Disk", t.layers().get(1).name());
        Requests r = t.requests();
        assertEquals(15, r.size());
        int commit = r.rowOfId(0, 5);
        assertEquals(Op.WRITE, r.op(commit));
        assertEquals(Flags.PREFLUSH | Flags.FUA | Flags.SYNC | Flags.META, r.flags(commit));
        assertEquals(5008, r.sector(commit));
        assertEquals(8, r.count(commit));
        assertEquals(210000, r.submit(commit));
        assertEquals(300000, r.issue(commit));
        assertEquals(400000, r.complete(commit));
        assertEquals("journal-commit#1", r.dataTag(commit));
        assertEquals(301, r.pid(commit));
        assertEquals("jbd2/vda1-8", r.process(commit));
        assertEquals("vda", t.lanes().get(r.lane(commit)).name());
        assertEquals(10, r.sourceLine(commit), "line of the request in the JSON file");
        int fua = r.rowOfId(0, 16);
        assertEquals(commit, r.parent(fua));
        int pending = r.rowOfId(0, 18);
        assertEquals(Time.NONE, r.complete(pending));
        assertEquals(Status.UNKNOWN, r.status(pending));
        Events e = t.events();
        assertEquals(1, e.size());
        assertEquals(EventKind.CRASH, e.kind(0));
        assertEquals("power-loss", e.text(0));
        assertEquals(-1, e.layer(0));
        assertEquals(0, t.skippedLines());
    }

    @Test
    void roundTripKeepsEverything() throws Exception {
        Trace a = TraceLoader.load(SAMPLE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonTraceWriter.write(a, out);
        String json = out.toString(StandardCharsets.UTF_8);
        Trace b = read(json);
        assertSameTrace(a, b);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        JsonTraceWriter.write(b, again);
        assertEquals(json, again.toString(StandardCharsets.UTF_8), "writing is deterministic");
    }

    @Test
    void roundTripKeepsTruthEventsAndConfig() throws Exception {
        String json =
                """
                {"format": "orderlens-trace", "version": 1,
                 "meta": {"title": "t", "source": "simulator", "sectorSize": 4096, "scenario": "s",
                          "config": {"cacheMode": "none", "depth": 32, "nested": {"a": [1, 2.5, true, null]}}},
                 "layers": [{"id": "host"}],
                 "requests": [{"id": 3, "layer": "host", "op": "write-zeroes", "sector": 8, "count": 8, "submit": 5}],
                 "events": [{"t": 7, "layer": "host", "kind": "writeback-error", "sector": 8, "count": 8, "request": 3},
                            {"t": 9, "kind": "crash", "crashKind": "qemu-kill"},
                            {"t": 8, "kind": "brand-new-kind", "text": "x"}],
                 "truth": {"crashAt": 9, "crashKind": "qemu-kill", "sectors": [{"sector": 8, "data": null},
                           {"sector": 9, "data": "a#1"}], "inFlight": [{"id": 3, "where": "host-cache"}]}}
                """;
        Trace a = read(json);
        assertEquals("Host (QEMU + page cache)", a.layers().get(0).name());
        assertEquals(4096, a.meta().sectorSize());
        assertEquals(32L, a.meta().config().get("depth"));
        assertEquals(EventKind.OTHER, a.events().kind(1));
        assertEquals("brand-new-kind", a.events().name(1));
        assertEquals(0, a.events().request(0));
        assertEquals(Status.UNKNOWN, a.requests().status(0));
        assertNotNull(a.truth());
        assertEquals(2, a.truth().sectors().size());
        assertNull(a.truth().sectors().get(0).data());
        assertEquals("host-cache", a.truth().inFlight().get(0).where());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonTraceWriter.write(a, out);
        Trace b = read(out.toString(StandardCharsets.UTF_8));
        assertSameTrace(a, b);
        assertEquals(a.meta().config(), b.meta().config());
        assertEquals(a.truth().sectors(), b.truth().sectors());
        assertEquals(a.truth().inFlight(), b.truth().inFlight());
    }

    static void assertSameTrace(Trace a, Trace b) {
        assertEquals(a.layers(), b.layers());
        assertEquals(a.meta().title(), b.meta().title());
        assertEquals(a.meta().scenario(), b.meta().scenario());
        Requests x = a.requests();
        Requests y = b.requests();
        assertEquals(x.size(), y.size());
        for (int i = 0; i < x.size(); i++) {
            String at = "request row " + i;
            assertEquals(x.id(i), y.id(i), at);
            assertEquals(x.op(i), y.op(i), at);
            assertEquals(x.flags(i), y.flags(i), at);
            assertEquals(x.sector(i), y.sector(i), at);
            assertEquals(x.count(i), y.count(i), at);
            assertEquals(x.submit(i), y.submit(i), at);
            assertEquals(x.issue(i), y.issue(i), at);
            assertEquals(x.complete(i), y.complete(i), at);
            assertEquals(x.status(i), y.status(i), at);
            assertEquals(x.layer(i), y.layer(i), at);
            assertEquals(a.lanes().get(x.lane(i)).name(), b.lanes().get(y.lane(i)).name(), at);
            assertEquals(x.parent(i), y.parent(i), at);
            assertEquals(x.dataTag(i), y.dataTag(i), at);
            assertEquals(x.pid(i), y.pid(i), at);
            assertEquals(x.process(i), y.process(i), at);
        }
        Events e = a.events();
        Events f = b.events();
        assertEquals(e.size(), f.size());
        for (int i = 0; i < e.size(); i++) {
            assertEquals(e.time(i), f.time(i));
            assertEquals(e.kind(i), f.kind(i));
            assertEquals(e.layer(i), f.layer(i));
            assertEquals(e.sector(i), f.sector(i));
            assertEquals(e.count(i), f.count(i));
            assertEquals(e.request(i), f.request(i));
            assertEquals(e.name(i), f.name(i));
            assertEquals(e.text(i), f.text(i));
        }
    }

    @Test
    void aBadRequestIsSkippedWithItsPathAndLineAndTheRestLoads() throws Exception {
        Trace t =
                read(
                        trace(
                                """
                {"id": 1, "layer": "guest", "op": "write", "sector": 0, "count": 8, "submit": 10},
                {"id": 2, "layer": "guest", "op": "wirte", "sector": 8, "count": 8, "submit": 20, "flags": ["fua"]},
                {"id": 3, "layer": "guest", "op": "write", "sector": "x", "count": 8, "submit": 30},
                {"id": 4, "layer": "guest", "op": "write", "count": 8},
                {"id": 5, "layer": "guest", "op": "read", "sector": 16, "count": 8, "submit": 50, "complete": 40},
                {"id": 6, "layer": "guest", "op": "write", "sector": 24, "count": 8, "submit": 60, "unknownField": {"a": [1]}}"""));
        assertEquals(2, t.requests().size());
        assertEquals(1, t.requests().id(0));
        assertEquals(6, t.requests().id(1));
        var f = t.sources().get(0);
        assertEquals(4, f.skippedLines());
        assertEquals(
                "t.json:4: requests[1].op: unknown op 'wirte' (expected read, write, flush, discard, write-zeroes or other)",
                f.problems().get(0).toString());
        assertEquals(
                "t.json:5: requests[2].sector: expected an integer, found 'x'",
                f.problems().get(1).toString());
        assertEquals(
                "t.json:6: requests[3]: missing required field 'submit'",
                f.problems().get(2).toString());
        assertEquals(
                "t.json:7: requests[4].complete: 40 is before submit 50",
                f.problems().get(3).toString());
    }

    @Test
    void strictModeStopsAtTheFirstBadRequest() {
        ImportException e =
                assertThrows(
                        ImportException.class,
                        () ->
                                importer.read(
                                        ImportInput.ofString(
                                                "t.json",
                                                trace(
                                                        "{\"layer\": \"guest\", \"op\": \"wirte\", \"submit\": 1}")),
                                        new ImportOptions(null, true),
                                        Progress.NONE));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("requests[0].op: unknown op 'wirte'"), e.getMessage());
    }

    @Test
    void brokenFilesGiveOneClearError() {
        ImportException truncated =
                assertThrows(
                        ImportException.class,
                        () ->
                                read(
                                        trace("{\"layer\": \"guest\", \"op\": \"write\"")
                                                .substring(0, 90)));
        assertTrue(truncated.getMessage().startsWith("t.json:"), truncated.getMessage());
        assertTrue(truncated.getMessage().contains("ends early"), truncated.getMessage());

        ImportException syntax =
                assertThrows(
                        ImportException.class,
                        () -> read("{\"format\": \"orderlens-trace\",\n \"requests\": [}"));
        assertEquals(2, syntax.line());
        assertTrue(syntax.getMessage().contains("not valid JSON"), syntax.getMessage());

        ImportException format =
                assertThrows(
                        ImportException.class,
                        () -> read("{\"format\": \"chrome-trace\", \"requests\": []}"));
        assertTrue(
                format.getMessage()
                        .contains("format: expected \"orderlens-trace\", found 'chrome-trace'"),
                format.getMessage());

        ImportException version =
                assertThrows(
                        ImportException.class,
                        () ->
                                read(
                                        "{\"format\": \"orderlens-trace\", \"version\": 2, \"requests\": []}"));
        assertTrue(version.getMessage().contains("reads version 1, found 2"), version.getMessage());

        ImportException noRequests =
                assertThrows(
                        ImportException.class,
                        () -> read("{\"format\": \"orderlens-trace\", \"version\": 1}"));
        assertTrue(noRequests.getMessage().contains("missing required field 'requests'"));
    }

    @Test
    void unknownParentsAndFlagsAreReportedNotFatal() throws Exception {
        Trace t =
                read(
                        trace(
                                """
                {"id": 1, "layer": "guest", "op": "write", "sector": 0, "count": 8, "submit": 10, "parent": 99, "flags": ["fua", "zone-append"]},
                {"id": 2, "layer": "guest", "op": "write", "sector": 0, "count": 8, "submit": 11, "flags": ["zone-append"]}"""));
        assertEquals(2, t.requests().size());
        assertEquals(-1, t.requests().parent(0));
        assertEquals(Flags.FUA, t.requests().flags(0));
        var f = t.sources().get(0);
        assertEquals(0, f.skippedLines());
        assertEquals(1, f.warnings().size(), "an unknown flag is reported once, not per request");
        assertTrue(f.problems().get(0).message().contains("parent 99 names no request"));
    }

    @Test
    void duplicateIdsAreRejected() throws Exception {
        Trace t =
                read(
                        trace(
                                """
                {"id": 1, "layer": "guest", "op": "write", "submit": 10},
                {"id": 1, "layer": "guest", "op": "write", "submit": 11}"""));
        assertEquals(1, t.requests().size());
        assertTrue(t.sources().get(0).problems().get(0).message().contains("duplicate id 1"));
    }

    @Test
    void compressedInputIsReadTransparently(@TempDir Path dir) throws Exception {
        byte[] raw = Files.readAllBytes(SAMPLE);
        Path gz = dir.resolve("sample.json.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(raw);
        }
        Path xz = dir.resolve("sample.data"); // the name says nothing: detection is by magic bytes
        try (OutputStream o = new XZOutputStream(Files.newOutputStream(xz), new LZMA2Options())) {
            o.write(raw);
        }
        assertEquals(15, TraceLoader.load(gz).requests().size());
        assertEquals(15, TraceLoader.load(xz).requests().size());
    }

    @Test
    void progressReachesTheEndAndCancelStops() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            sb.append(i == 0 ? "" : ",\n")
                    .append("{\"layer\": \"device\", \"op\": \"write\", \"sector\": ")
                    .append(i)
                    .append(", \"count\": 8, \"submit\": ")
                    .append(i)
                    .append('}');
        }
        ImportInput in = ImportInput.ofString("big.json", trace(sb.toString()));
        long[] last = {0};
        importer.read(
                in,
                ImportOptions.DEFAULT,
                new Progress() {
                    @Override
                    public void update(long done, long total) {
                        last[0] = done;
                        assertEquals(in.sizeBytes(), total);
                    }

                    @Override
                    public boolean isCancelled() {
                        return false;
                    }
                });
        assertTrue(last[0] > 0);
        assertThrows(
                Progress.CancelledException.class,
                () ->
                        importer.read(
                                in,
                                ImportOptions.DEFAULT,
                                new Progress() {
                                    @Override
                                    public void update(long done, long total) {}

                                    @Override
                                    public boolean isCancelled() {
                                        return true;
                                    }
                                }));
    }

    @Test
    void writerIsAtomic(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("out.json");
        Files.writeString(target, "precious");
        Trace t = TraceLoader.load(SAMPLE);
        assertThrows(
                IOException.class,
                () ->
                        dev.orderlens.export.AtomicFiles.write(
                                target,
                                o -> {
                                    o.write("{partial".getBytes(StandardCharsets.UTF_8));
                                    throw new IOException("disk full");
                                }));
        assertEquals(
                "precious", Files.readString(target), "a failed export leaves the old file alone");
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file is left behind");
        }
        Files.setPosixFilePermissions(
                target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));
        JsonTraceWriter.write(t, target);
        assertEquals(
                "rw-rw-r--",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(target)),
                "a replaced file keeps its permissions");
        Path fresh = dir.resolve("new.json");
        JsonTraceWriter.write(t, fresh);
        assertEquals(
                "rw-r--r--",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(fresh)),
                "a new export is readable by others, not owner-only like a temp file");
        assertArrayEquals(new int[] {15}, new int[] {TraceLoader.load(target).requests().size()});
    }
}
