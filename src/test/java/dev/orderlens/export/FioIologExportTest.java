package dev.orderlens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fio iolog of a real capture is parsed back with fio's v3 syntax ({@code usec file action
 * offset length}, file actions {@code usec file add|open|close}) and checked against the raw
 * blkparse lines it came from and against the trace.
 */
class FioIologExportTest {
    static final Path GUEST = Path.of("sample-traces/writeback.guest.blkparse.txt");
    static final Pattern IO = Pattern.compile("(\\d+) (\\S+) (read|write|sync|trim) (\\d+) (\\d+)");
    static final Pattern FILE = Pattern.compile("(\\d+) (\\S+) (add|open|close)");

    record Entry(long us, String file, String action, long offset, long length) {
        @Override
        public String toString() {
            return us + " " + file + " " + action + " " + offset + " " + length;
        }
    }

    static List<Entry> parse(List<String> lines) {
        assertEquals(FioIologExport.HEADER, lines.get(0));
        List<Entry> entries = new ArrayList<>();
        long previous = 0;
        for (String l : lines.subList(1, lines.size())) {
            Matcher io = IO.matcher(l);
            if (io.matches()) {
                Entry e =
                        new Entry(
                                Long.parseLong(io.group(1)),
                                io.group(2),
                                io.group(3),
                                Long.parseLong(io.group(4)),
                                Long.parseLong(io.group(5)));
                assertTrue(e.us() >= previous, "time never goes back: " + l);
                previous = e.us();
                entries.add(e);
            } else {
                assertTrue(FILE.matcher(l).matches(), "a fio v3 line: " + l);
            }
        }
        return entries;
    }

    @Test
    void aRealCaptureReplaysItsRequestsWithBothHalvesOfFlushWrites(@TempDir Path dir)
            throws Exception {
        Trace trace = TraceLoader.load(GUEST); // alone: the "device" layer, lane 254,0
        Path out = dir.resolve("replay.log");
        FioIologExport.write(trace, FioIologExport.defaultLayer(trace), out);
        List<String> lines = Files.readAllLines(out);
        List<Entry> entries = parse(lines);
        assertEquals("0 254_0 add", lines.get(1));
        assertEquals("0 254_0 open", lines.get(2));
        assertTrue(lines.get(lines.size() - 1).endsWith(" 254_0 close"));

        // hand-checked against the raw lines (the first Q, line 1, is at 0.000000000 s):
        // 132: "Q FWS [dd]" at 0.047868480 -> one sync (its D FN machinery flush is not repeated)
        assertEquals(List.of("47868 254_0 sync 0 0"), at(entries, 47868));
        // 154: "Q R 88 + 8" at 0.066861710 -> read 88*512 = 45056, 8*512 = 4096 bytes
        assertEquals(List.of("66861 254_0 read 45056 4096"), at(entries, 66861));
        // 158: "Q WFS 0 + 8" at 0.079591080 -> a FUA write: write, then sync
        assertEquals(
                List.of("79591 254_0 write 0 4096", "79591 254_0 sync 0 0"), at(entries, 79591));
        // 206: "Q FWFSM 152 + 8" at 0.137394550 -> PREFLUSH + FUA: sync, write 152*512, sync
        assertEquals(
                List.of(
                        "137394 254_0 sync 0 0",
                        "137394 254_0 write 77824 4096",
                        "137394 254_0 sync 0 0"),
                at(entries, 137394));

        // against the trace: every read/write/discard once with its range, one sync per flush
        // request of its own plus one per PREFLUSH and per FUA write
        Requests r = trace.requests();
        long reads = 0;
        long writes = 0;
        long writeBytes = 0;
        long syncs = 0;
        for (int i = 0; i < r.size(); i++) {
            Op op = r.op(i);
            if (op == Op.READ) {
                reads++;
            } else if (op == Op.WRITE) {
                writes++;
                writeBytes += r.count(i) * 512L;
                syncs += r.has(i, Flags.PREFLUSH) ? 1 : 0;
                syncs += r.has(i, Flags.FUA) ? 1 : 0;
            } else if (op == Op.FLUSH && r.parent(i) < 0) {
                syncs++;
            }
        }
        assertEquals(reads, count(entries, "read"));
        assertEquals(writes, count(entries, "write"));
        assertEquals(syncs, count(entries, "sync"));
        assertEquals(
                writeBytes,
                entries.stream()
                        .filter(e -> e.action().equals("write"))
                        .mapToLong(Entry::length)
                        .sum());
        // the raw file has 7 "Q FWS", 5 "Q FWFSM", 1 "Q WFS" and 3 "Q WFSM" lines: 7 + 5*2 + 4
        assertEquals(21, count(entries, "sync"));
    }

    @Test
    void aChosenLayerOfAGuestAndQemuCaptureAndAnUnknownLayer(@TempDir Path dir) throws Exception {
        Trace trace =
                TraceLoader.load(
                        List.of(
                                TraceLoader.FileSpec.of(GUEST),
                                TraceLoader.FileSpec.of(
                                        Path.of("sample-traces/writeback.qemu.log"))),
                        Progress.NONE);
        assertEquals("guest", FioIologExport.defaultLayer(trace));
        Path out = dir.resolve("virtio.log");
        FioIologExport.write(trace, "virtio", out);
        List<Entry> entries = parse(Files.readAllLines(out));
        long virtioWrites = 0;
        Requests r = trace.requests();
        for (int i = 0; i < r.size(); i++) {
            if (trace.layers().get(r.layer(i)).id().equals("virtio") && r.op(i) == Op.WRITE) {
                virtioWrites++;
            }
        }
        assertTrue(virtioWrites > 0);
        assertEquals(virtioWrites, count(entries, "write"));
        assertTrue(
                entries.stream().allMatch(e -> e.file().startsWith("virtio-blk")),
                entries.toString());
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> FioIologExport.write(trace, "nvme", dir.resolve("x.log")));
        assertTrue(e.getMessage().startsWith("the trace has no layer 'nvme'"), e.getMessage());
    }

    private static List<String> at(List<Entry> entries, long us) {
        return entries.stream().filter(e -> e.us() == us).map(Entry::toString).toList();
    }

    private static long count(List<Entry> entries, String action) {
        return entries.stream().filter(e -> e.action().equals(action)).count();
    }
}
