package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 11 on a real asynchronous capture: fio at iodepth 16 with an fdatasync every 32
 * writes (sample-traces/fio-async.*, recipe in sample-traces/README.md). The expectations are read
 * off the raw blkparse lines by the small reader below, not by the importer: a flush bio ({@code Q
 * FWS}, no sectors) crosses every data write queued before it ({@code Q WS s + n}) whose completion
 * ({@code C WS s + n}, the first after that queue line) comes after the flush was queued.
 */
class FindingGroupsRealCaptureTest {
    private static final Path GUEST = Path.of("sample-traces/fio-async.guest.blkparse.txt");

    /**
     * Per flush bio (by its line number): the writes in flight when it was queued, from the lines.
     */
    private static Map<Integer, Integer> crossingsPerFlushFromTheLines() throws IOException {
        List<String> lines = Files.readAllLines(GUEST);
        Map<String, ArrayDeque<long[]>> queued = new HashMap<>(); // "s+n" → [line, queue ns]
        Map<Integer, long[]> writes = new HashMap<>(); // line → [queue ns, complete ns]
        Map<Integer, Long> flushes = new HashMap<>(); // line → queue ns
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length < 7 || !f[0].contains(",")) {
                continue; // the summary at the end
            }
            long ns = Math.round(Double.parseDouble(f[3]) * 1e9);
            int line = i + 1;
            if (f[5].equals("Q") && f[6].equals("FWS")) {
                flushes.put(line, ns);
            } else if (f[5].equals("Q") && f[6].equals("WS") && f.length > 9) {
                queued.computeIfAbsent(f[7] + "+" + f[9], k -> new ArrayDeque<>())
                        .add(new long[] {line, ns});
            } else if (f[5].equals("C") && f[6].equals("WS") && f.length > 9) {
                ArrayDeque<long[]> q = queued.get(f[7] + "+" + f[9]);
                if (q != null && !q.isEmpty()) {
                    long[] w = q.poll();
                    writes.put((int) w[0], new long[] {w[1], ns});
                }
            }
        }
        Map<Integer, Integer> out = new HashMap<>();
        flushes.forEach(
                (line, at) ->
                        out.put(
                                line,
                                (int)
                                        writes.values().stream()
                                                .filter(w -> w[0] < at && w[1] > at)
                                                .count()));
        return out;
    }

    @Test
    void eachFlushOfTheFioRunIsOneGroupWithTheWritesInFlightWhenItWasQueued() throws Exception {
        Map<Integer, Integer> expected = crossingsPerFlushFromTheLines();
        assertEquals(31, expected.size(), "1024 writes, an fdatasync after every 32 but the last");
        assertTrue(
                expected.values().stream().allMatch(n -> n <= 15),
                "iodepth 16: at most 15 other writes in flight beside the one fio waits on");

        Trace t = TraceLoader.load(List.of(TraceLoader.FileSpec.of(GUEST)), Progress.NONE);
        OrderingFindings f = OrderingAnalysis.analyze(t);
        FindingGroups g = FindingGroups.of(t, f, FindingGroups.By.FLUSH);
        Map<String, FindingGroups.Group> byFlush = new HashMap<>();
        for (FindingGroups.Group gr : g.groups()) {
            byFlush.put(t.names().id(gr.flush()), gr);
        }
        expected.forEach(
                (line, n) -> {
                    FindingGroups.Group gr = byFlush.get("device#" + line);
                    if (n == 0) {
                        assertTrue(gr == null, "line " + line + " crosses nothing: no group");
                        return;
                    }
                    assertTrue(gr != null, "the flush bio at line " + line + " is a group");
                    assertEquals(n.longValue(), gr.crossing(), "crossings of line " + line);
                    assertEquals(n.intValue(), gr.writes(), "writes of line " + line);
                    assertEquals(0, gr.overtaking(), "line " + line);
                });
        // no data write is FUA (every queue line is "WS"): no later write is durable before a
        // crossing one, so nothing is depended on and the groups rank by size
        assertEquals(0, g.dependedOn());
        for (int i = 1; i < g.groups().size(); i++) {
            FindingGroups.Group a = g.groups().get(i - 1);
            FindingGroups.Group b = g.groups().get(i);
            assertTrue(
                    a.crossing() + a.overtaking() >= b.crossing() + b.overtaking(),
                    "ranked by size: group " + i);
        }
    }
}
