package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlens.export.CsvExport;
import dev.orderlens.export.JsonTraceWriter;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.layout.RequestDescription;
import dev.orderlens.model.Errno;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Status;
import dev.orderlens.model.Trace;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed completion's error value is kept per request and shown wherever the request is (issue 12
 * item 2). Facts from the raw lines (sample-traces/expectations/werror-report.txt,
 * dmthin-enospc.txt; G = guest blkparse line, Q = qemu.log line).
 */
class ErrorValuesTest {
    static final String[] REPORT = {
        "sample-traces/werror-report.guest.blkparse.txt", "sample-traces/werror-report.qemu.log"
    };

    static Trace load(String... files) throws Exception {
        return TraceLoader.load(
                java.util.Arrays.stream(files)
                        .map(
                                f -> {
                                    try {
                                        return TraceLoader.FileSpec.of(Path.of(f));
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    }
                                })
                        .toList(),
                Progress.NONE);
    }

    static int row(Trace t, int file, int line) {
        for (int i = 0; i < t.requests().size(); i++) {
            if (t.requests().file(i) == file && t.requests().sourceLines(i)[0] == line) {
                return i;
            }
        }
        throw new AssertionError("no request of file " + file + " at line " + line);
    }

    @Test
    void blkparsePrintsTheErrnoAsAnUnsigned16BitNumber() {
        // the kernel's negative errno in blktrace's 16-bit error field, printed unsigned
        assertEquals(-5, Errno.ofBlktrace(65531)); // 65536 - 5
        assertEquals(-28, Errno.ofBlktrace(65508)); // 65536 - 28
        assertEquals(0, Errno.ofBlktrace(0));
        assertEquals(-5, Errno.ofBlktrace(-5)); // already signed
        assertEquals("-28 ENOSPC", Errno.text(-28));
        assertEquals("-200", Errno.text(-200));
        assertEquals("error -5 EIO", Errno.statusText(Status.ERROR, -5));
        assertEquals("error", Errno.statusText(Status.ERROR, 0));
        assertEquals("ok", Errno.statusText(Status.OK, 0));
    }

    @Test
    void werrorReportKeepsEachLayersError() throws Exception {
        Trace t = load(REPORT);
        // G:34 Q WS 22528 + 2048, G:40 C WS 22528 + 2048 [65531]: -EIO reached the guest
        int guest = row(t, 0, 34);
        assertEquals(Status.ERROR, t.requests().status(guest));
        assertEquals(-5, t.requests().errorCode(guest));
        // Q:121 pop of the virtio request, Q:128 virtio_blk_rw_complete ret -28 (ENOSPC)
        assertEquals(-28, t.requests().errorCode(row(t, 1, 121)));
        // Q:123 blk_co_pwritev, Q:127 thread_pool_complete ret -28
        assertEquals(-28, t.requests().errorCode(row(t, 1, 123)));
        // an OK request has none: G:13 is the first 1 MiB write, completed [0]
        assertEquals(0, t.requests().errorCode(row(t, 0, 13)));
        // the details pane
        assertTrue(
                RequestDescription.fields(t, null, guest).stream()
                        .anyMatch(
                                f ->
                                        f.label().equals("status")
                                                && f.value().equals("error -5 EIO")),
                RequestDescription.fields(t, null, guest).toString());
    }

    @Test
    void dmThinOutOfSpaceIsEnospc() throws Exception {
        Trace t = load("sample-traces/dmthin-enospc.guest.blkparse.txt");
        // G:3767 Q WFS 61440 + 8 on the thin volume, G:3768 C WFS 61440 + 8 [65508]: -ENOSPC
        int r = row(t, 0, 3767);
        assertEquals(Status.ERROR, t.requests().status(r));
        assertEquals(-28, t.requests().errorCode(r));
    }

    @Test
    void theErrorTravelsThroughCsvJsonAndAnalyze(@TempDir Path dir) throws Exception {
        Trace t = load(REPORT);
        int guest = row(t, 0, 34);
        StringBuilder csv = new StringBuilder();
        CsvExport.requests(t, null, csv, Progress.NONE);
        List<CSVRecord> recs =
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .build()
                        .parse(new StringReader(csv.toString()))
                        .getRecords();
        CSVRecord rec = recs.get(guest);
        assertEquals("34", rec.get("line"));
        assertEquals("error", rec.get("status"));
        assertEquals("-5", rec.get("error"));
        assertEquals("", recs.get(row(t, 0, 13)).get("error"));
        // the trace JSON keeps it, and reading it back gives the same value
        Path json = dir.resolve("t.json");
        JsonTraceWriter.write(t, json);
        assertTrue(Files.readString(json).contains("\"error\":-5"));
        Trace back = TraceLoader.load(json);
        int same = -1;
        for (int i = 0; i < back.requests().size(); i++) {
            if (back.requests().sector(i) == 22528
                    && back.requests().errorCode(i) == -5
                    && back.requests().status(i) == Status.ERROR) {
                same = i;
            }
        }
        assertTrue(same >= 0, "the guest write's -5 after a JSON round trip");
        // analyze: the Why? chain and the --why header say which error
        CliRunner why = AnalyzeRealCaptureTest.run(REPORT, "--crash-at", "3", "--why", "guest#34");
        assertEquals(0, why.exit(), why.err());
        assertTrue(why.out().contains("with error -5 EIO"), why.out());
        assertTrue(why.out().contains("completed with error -28 ENOSPC"), why.out());
        JsonNode out =
                new ObjectMapper()
                        .readTree(
                                AnalyzeRealCaptureTest.run(
                                                REPORT,
                                                "--crash-at",
                                                "3",
                                                "--json",
                                                "--limit",
                                                "all")
                                        .out());
        boolean seen = false;
        for (JsonNode w : out.get("crash").get("writes")) {
            if (w.get("name").asText().equals("guest#34")) {
                assertEquals(-5, w.get("error").asInt());
                seen = true;
            }
        }
        assertTrue(seen, "guest#34 in analyze --json");
    }
}
