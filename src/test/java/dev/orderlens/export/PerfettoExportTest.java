package dev.orderlens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.OrderingAnalysis;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Op;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Perfetto/Chrome JSON of a real capture (the writeback guest blkparse text + its QEMU log, so
 * guest → virtio → host links exist) is checked against the rules the two viewers rely on: every
 * pid and tid used is named by a metadata event, slices are complete ({@code X}) with dur ≥ 0 and
 * never partially overlap on one thread, every flow id has one start and one end, each inside a
 * slice of its thread; and the file round-trips the requests per layer and op.
 */
class PerfettoExportTest {
    static final Path GUEST = Path.of("sample-traces/writeback.guest.blkparse.txt");
    static final Path QEMU = Path.of("sample-traces/writeback.qemu.log");

    @Test
    void aRealCaptureGivesAWellFormedTraceWithItsRequestsAndLinks(@TempDir Path dir)
            throws Exception {
        Trace trace =
                TraceLoader.load(
                        List.of(TraceLoader.FileSpec.of(GUEST), TraceLoader.FileSpec.of(QEMU)),
                        Progress.NONE);
        long crashAt = (trace.startNs() + trace.endNs()) / 2;
        CrashAnalysis a = CrashAnalysis.of(trace);
        CrashResult crash = a.at(CrashPoint.powerLoss(crashAt));
        Path out = dir.resolve("t.json");
        PerfettoExport.write(trace, OrderingAnalysis.analyze(trace), crash, out);
        JsonNode events = new ObjectMapper().readTree(Files.readAllBytes(out)).get("traceEvents");

        Set<Integer> namedPids = new HashSet<>();
        Set<Long> namedThreads = new HashSet<>();
        Map<Integer, String> processNames = new HashMap<>();
        for (JsonNode e : events) {
            if (e.get("ph").asText().equals("M")) {
                if (e.get("name").asText().equals("process_name")) {
                    namedPids.add(e.get("pid").asInt());
                    processNames.put(e.get("pid").asInt(), e.get("args").get("name").asText());
                } else if (e.get("name").asText().equals("thread_name")) {
                    namedThreads.add(key(e));
                }
            }
        }
        Map<Long, List<double[]>> slicesByThread = new HashMap<>();
        Map<String, Integer> countsByLayerAndOp = new TreeMap<>();
        Map<Integer, Integer> flowStarts = new HashMap<>();
        Map<Integer, Integer> flowEnds = new HashMap<>();
        List<JsonNode> flows = new ArrayList<>();
        int crashStates = 0;
        int crashInstants = 0;
        for (JsonNode e : events) {
            String ph = e.get("ph").asText();
            if (ph.equals("M")) {
                continue;
            }
            assertTrue(namedPids.contains(e.get("pid").asInt()), "pid named: " + e);
            assertTrue(namedThreads.contains(key(e)), "tid named: " + e);
            switch (ph) {
                case "X" -> {
                    double ts = e.get("ts").asDouble();
                    double dur = e.get("dur").asDouble();
                    assertTrue(dur >= 0, "dur >= 0: " + e);
                    slicesByThread
                            .computeIfAbsent(key(e), k -> new ArrayList<>())
                            .add(new double[] {ts, ts + dur});
                    JsonNode args = e.get("args");
                    countsByLayerAndOp.merge(
                            args.get("layer").asText() + "/" + args.get("op").asText(),
                            1,
                            Integer::sum);
                    assertEquals(
                            trace.layers().get(trace.layerIndex(args.get("layer").asText())).name(),
                            processNames.get(e.get("pid").asInt()),
                            "one process per layer");
                    if (args.has("crash_state")) {
                        crashStates++;
                    }
                }
                case "s" -> {
                    flowStarts.merge(e.get("id").asInt(), 1, Integer::sum);
                    flows.add(e);
                }
                case "f" -> {
                    flowEnds.merge(e.get("id").asInt(), 1, Integer::sum);
                    assertEquals("e", e.get("bp").asText());
                    flows.add(e);
                }
                case "i" -> {
                    assertTrue(Set.of("t", "p", "g").contains(e.get("s").asText()), e.toString());
                    if (e.get("cat").asText().equals("crash")) {
                        crashInstants++;
                        assertEquals(crashAt / 1000.0, e.get("ts").asDouble(), 1e-6);
                    }
                }
                default -> throw new AssertionError("unexpected phase " + ph + ": " + e);
            }
        }
        // slices on one thread never partially overlap (they are packed disjoint)
        for (var s : slicesByThread.entrySet()) {
            List<double[]> l = s.getValue();
            l.sort((x, y) -> Double.compare(x[0], y[0]));
            for (int i = 1; i < l.size(); i++) {
                assertTrue(
                        l.get(i)[0] >= l.get(i - 1)[1] - 1e-9,
                        "thread " + s.getKey() + ": slices overlap at " + l.get(i)[0]);
            }
        }
        // flows are paired, and each end sits inside a slice of its thread
        assertEquals(flowStarts.keySet(), flowEnds.keySet());
        flowStarts.values().forEach(n -> assertEquals(1, n));
        flowEnds.values().forEach(n -> assertEquals(1, n));
        for (JsonNode f : flows) {
            double ts = f.get("ts").asDouble();
            boolean inside =
                    slicesByThread.getOrDefault(key(f), List.of()).stream()
                            .anyMatch(x -> x[0] - 1e-9 <= ts && ts <= x[1] + 1e-9);
            assertTrue(inside, "flow inside a slice: " + f);
        }
        // round trip: requests per layer and op, links, crash states
        Requests r = trace.requests();
        Map<String, Integer> expected = new TreeMap<>();
        int links = 0;
        int writesAtCrash = 0;
        for (int i = 0; i < r.size(); i++) {
            expected.merge(
                    trace.layers().get(r.layer(i)).id() + "/" + r.op(i).jsonName(),
                    1,
                    Integer::sum);
            links += r.parent(i) >= 0 ? 1 : 0;
            writesAtCrash += crash.state(i) != null ? 1 : 0;
        }
        assertEquals(expected, countsByLayerAndOp);
        assertEquals(links, flowStarts.size());
        assertEquals(writesAtCrash, crashStates);
        assertEquals(1, crashInstants);
        // the capture has guest, virtio and host requests, with links between the layers
        assertNotNull(expected.get("guest/write"));
        assertNotNull(expected.get("virtio/write"));
        assertNotNull(expected.get("host/write"));
        assertTrue(links > 20, "guest → virtio → host links: " + links);
        assertTrue(expected.keySet().stream().anyMatch(k -> k.endsWith("/" + Op.FLUSH.jsonName())));
    }

    private static long key(JsonNode e) {
        return (long) e.get("pid").asInt() << 32 | e.get("tid").asInt();
    }
}
