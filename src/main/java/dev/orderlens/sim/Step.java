package dev.orderlens.sim;

import dev.orderlens.model.Op;
import java.util.List;

/**
 * One step of a workload program. The program runs its steps in order; an I/O step submits a
 * request and moves on (unless {@code sync}), the waiting steps block the program. Tags may hold
 * {@code {i}} (the innermost repeat's iteration, from 1) and {@code {n}} (a running count of
 * requests, from 1); a repeated step's sector advances by {@code sectorStep} each iteration.
 */
sealed interface Step {
    /** Submit a request: write, read, flush, discard or write-zeroes, with block-layer flags. */
    record Io(
            Op op,
            int flags,
            long sector,
            int count,
            long sectorStep,
            String tag,
            long stallNs,
            boolean sync,
            String process,
            int pid)
            implements Step {}

    /** Wait until every request with this tag (a trailing * matches a prefix) has completed. */
    record WaitFor(String tag, boolean always) implements Step {}

    /** Wait until nothing is in flight in the guest block layer, then record a drain event. */
    record Drain() implements Step {}

    /** fsync(2): wait for every outstanding write, then flush and wait; retry a failed flush. */
    record Fsync(String tag, int retries, String process, int pid) implements Step {}

    record Sleep(long ns) implements Step {}

    record Repeat(int times, List<Step> steps) implements Step {}
}
