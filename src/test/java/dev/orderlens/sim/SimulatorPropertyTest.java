package dev.orderlens.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.orderlens.export.JsonTraceWriter;
import dev.orderlens.model.Trace;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random workloads, configurations, faults and crashes: the simulator's own invariants
 * ({@link TruthOracle}) hold, and the same seed gives the same bytes. A failure prints the seed and
 * the workload so it can be replayed with {@code orderlens simulate FILE}.
 */
class SimulatorPropertyTest {
    private static final int CASES = 10_000;
    private static final long BASE_SEED = 0x5eed_2026L;

    @Test
    void invariantsHoldOnRandomWorkloads() throws Exception {
        int requests = 0;
        int durable = 0;
        for (int i = 0; i < CASES; i++) {
            long seed = BASE_SEED + i;
            String json = RandomWorkloads.generate(seed);
            Trace t;
            try {
                t =
                        Simulator.run(
                                WorkloadReader.parse("random-" + seed + ".json", json),
                                Overrides.NONE);
            } catch (RuntimeException e) {
                throw new AssertionError(
                        "seed " + seed + " crashed the simulator; workload:\n" + json, e);
            }
            TruthOracle.Result result = TruthOracle.check(t);
            List<String> v = result.violations();
            if (!v.isEmpty()) {
                fail(
                        "seed "
                                + seed
                                + ": "
                                + v.size()
                                + " violations, first: "
                                + v.subList(0, Math.min(5, v.size()))
                                + "\nworkload:\n"
                                + json);
            }
            requests += t.requests().size();
            durable += result.durableWrites();
            if (i % 100 == 0) {
                byte[] again =
                        bytes(
                                Simulator.run(
                                        WorkloadReader.parse("random-" + seed + ".json", json),
                                        Overrides.NONE));
                assertArrayEquals(
                        bytes(t),
                        again,
                        "seed " + seed + " is not deterministic; workload:\n" + json);
            }
        }
        System.out.printf(
                "%d random workloads: %d requests, %d durable writes checked on media%n",
                CASES, requests, durable);
        assertTrue(requests > CASES * 20, "the random workloads produce requests: " + requests);
        assertTrue(
                durable > CASES,
                "the workloads make writes durable, so the durability check bites: " + durable);
    }

    private static byte[] bytes(Trace t) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonTraceWriter.write(t, out);
        return out.toByteArray();
    }
}
