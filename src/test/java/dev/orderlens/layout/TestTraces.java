package dev.orderlens.layout;

import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.RequestTableBuilder;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceBuilder;
import java.nio.file.Path;
import java.util.Random;

/** Traces for layout tests: the bundled sample and seeded random workloads. */
final class TestTraces {
    static final Path SAMPLE = Path.of("sample-traces/journal-commit.json");

    private TestTraces() {}

    static Trace sample() {
        try {
            return TraceLoader.load(SAMPLE);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * n requests on two layers (two guest lanes, one device lane) with bursty arrivals, a mix of
     * ops and flags, some never completed, durations from 1 ns to ~5 ms.
     */
    static Trace random(int n, long seed) {
        Random rnd = new Random(seed);
        TraceBuilder b = new TraceBuilder();
        int f = b.addSource(new SourceFile("random-" + seed, "json"));
        int[] lanes = {
            b.lane(b.layer("guest"), f, "vda"),
            b.lane(b.layer("guest"), f, "vdb"),
            b.lane(b.layer("device"), f, "sda")
        };
        RequestTableBuilder rt = b.requests();
        long t = rnd.nextInt(1000);
        Op[] ops = Op.values();
        for (int i = 0; i < n; i++) {
            t += rnd.nextInt(10) == 0 ? rnd.nextInt(2_000_000) : rnd.nextInt(3_000);
            Op op = rnd.nextInt(8) == 0 ? Op.FLUSH : ops[rnd.nextInt(ops.length)];
            long dur = rnd.nextInt(5) == 0 ? 1 + rnd.nextInt(10) : 1 + rnd.nextInt(5_000_000);
            long complete = rnd.nextInt(50) == 0 ? Time.NONE : t + dur;
            int flags =
                    (rnd.nextInt(6) == 0 ? Flags.FUA : 0)
                            | (rnd.nextInt(9) == 0 ? Flags.PREFLUSH : 0);
            int row =
                    rt.add(
                            lanes[rnd.nextInt(lanes.length)],
                            op,
                            flags,
                            rnd.nextInt(4096) * 8L,
                            8 * (1 + rnd.nextInt(4)),
                            t,
                            complete == Time.NONE ? Time.NONE : t + dur / 3,
                            complete,
                            complete == Time.NONE
                                    ? Status.UNKNOWN
                                    : (rnd.nextInt(40) == 0 ? Status.ERROR : Status.OK));
            rt.setTask(row, 100 + rnd.nextInt(3), "proc" + rnd.nextInt(3));
        }
        return b.build();
    }
}
