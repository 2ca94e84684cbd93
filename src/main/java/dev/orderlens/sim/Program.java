package dev.orderlens.sim;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a workload's steps in the guest, one at a time: submits requests to the guest block layer
 * and blocks on waits, drains and fsyncs. Counts what is outstanding per tag so {@code wait-for}
 * knows when to go on (the map is only looked up, never iterated into output).
 */
final class Program {
    private final Simulation sim;
    private final SimConfig.Guest config;
    private final List<Frame> stack = new ArrayList<>();
    private final Map<String, int[]> outstandingByTag = new HashMap<>();
    private int outstandingWrites;
    private long requestCounter;

    /** What the program is blocked on; null = running. */
    private Wait waiting;

    private Step.Fsync fsync;
    private int fsyncRetriesLeft;
    private SimRequest waitRequest;
    private String waitTag;
    private boolean resumeScheduled;
    boolean finished;
    long finishedAt = -1;

    private enum Wait {
        REQUEST,
        TAG,
        DRAIN,
        FSYNC_WRITES,
        FSYNC_FLUSH
    }

    private static final class Frame {
        final List<Step> steps;
        final int times;
        int index;
        int iteration = 1;

        Frame(List<Step> steps, int times) {
            this.steps = steps;
            this.times = times;
        }
    }

    /** Counting requests per tag costs a map update per request; only wait-for needs it. */
    private final boolean countTags;

    Program(Simulation sim, List<Step> steps) {
        this.sim = sim;
        this.config = sim.config.guest;
        this.countTags = waitsForTags(steps);
        stack.add(new Frame(steps, 1));
    }

    /** Most guest requests a program may submit (I/O steps and fsync flushes, repeats expanded). */
    static final long MAX_REQUESTS = 2_000_000;

    /** Most steps a program may run, repeats expanded (a sleep or wait is a step too). */
    static final long MAX_STEPS = 20_000_000;

    /** Most simulated time a program may sleep, repeats expanded: 10^6 s, as crash.at allows. */
    static final long MAX_SLEEP_NS = 1_000_000L * 1_000_000_000L;

    /**
     * Refuses a program too big to simulate before it runs: {@code repeat.times} goes up to 2^31−1,
     * and nested repeats multiply, so a few lines can ask for more requests than any heap holds.
     */
    static void checkSize(List<Step> steps) {
        long[] size = size(steps);
        if (size[0] > MAX_REQUESTS) {
            throw new IllegalArgumentException(
                    String.format(
                            java.util.Locale.ROOT,
                            "the workload submits %s requests (repeats expanded), more than the"
                                    + " %,d a simulation may have; lower repeat.times",
                            size[0] == Long.MAX_VALUE ? "over 2^63" : String.format("%,d", size[0]),
                            MAX_REQUESTS));
        }
        if (size[1] > MAX_STEPS) {
            throw new IllegalArgumentException(
                    String.format(
                            java.util.Locale.ROOT,
                            "the workload runs %s steps (repeats expanded), more than the %,d a"
                                    + " simulation may run; lower repeat.times",
                            size[1] == Long.MAX_VALUE ? "over 2^63" : String.format("%,d", size[1]),
                            MAX_STEPS));
        }
        if (size[2] > MAX_SLEEP_NS) {
            throw new IllegalArgumentException(
                    String.format(
                            java.util.Locale.ROOT,
                            "the workload sleeps %s s in all (repeats expanded), more than the"
                                    + " %,d s of simulated time a run may cover; lower"
                                    + " repeat.times or the sleeps",
                            size[2] == Long.MAX_VALUE
                                    ? "over 9.2e9"
                                    : String.format("%,d", size[2] / 1_000_000_000L),
                            MAX_SLEEP_NS / 1_000_000_000L));
        }
    }

    /**
     * {requests, steps, sleep ns} of a step list with repeats expanded, saturating at
     * Long.MAX_VALUE.
     */
    private static long[] size(List<Step> steps) {
        long requests = 0;
        long count = 0;
        long sleep = 0;
        for (Step s : steps) {
            if (s instanceof Step.Repeat r) {
                long[] inner = size(r.steps());
                requests = saturatedAdd(requests, saturatedMultiply(inner[0], r.times()));
                count = saturatedAdd(count, saturatedMultiply(inner[1], r.times()));
                count = saturatedAdd(count, 1);
                sleep = saturatedAdd(sleep, saturatedMultiply(inner[2], r.times()));
            } else {
                count = saturatedAdd(count, 1);
                if (s instanceof Step.Io) {
                    requests = saturatedAdd(requests, 1);
                } else if (s instanceof Step.Fsync f) {
                    requests = saturatedAdd(requests, 1L + Math.max(0, f.retries()));
                } else if (s instanceof Step.Sleep sl) {
                    sleep = saturatedAdd(sleep, sl.ns());
                }
            }
        }
        return new long[] {requests, count, sleep};
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < a ? Long.MAX_VALUE : s;
    }

    private static long saturatedMultiply(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    private static boolean waitsForTags(List<Step> steps) {
        for (Step s : steps) {
            if (s instanceof Step.WaitFor
                    || (s instanceof Step.Repeat r && waitsForTags(r.steps()))) {
                return true;
            }
        }
        return false;
    }

    void start(long t) {
        scheduleResume(t);
    }

    private void scheduleResume(long t) {
        if (!resumeScheduled) {
            resumeScheduled = true;
            sim.at(t, Simulation.PROGRAM_RESUME, null);
        }
    }

    /** Runs steps until one takes time or blocks. */
    void resume() {
        resumeScheduled = false;
        long now = sim.now;
        if (waiting != null && !satisfied(now)) {
            return;
        }
        while (!finished) {
            Frame frame = top();
            if (frame == null) {
                finished = true;
                finishedAt = now;
                return;
            }
            Step s = frame.steps.get(frame.index++);
            if (s instanceof Step.Io io) {
                SimRequest r = submit(io, now);
                if (io.sync()) {
                    waiting = Wait.REQUEST;
                    waitRequest = r;
                    return;
                }
                scheduleResume(now + config.stepGap.sample(sim.guestRng, 0));
                return;
            } else if (s instanceof Step.WaitFor w) {
                if (!w.always() && !config.waitForCompletion) {
                    continue;
                }
                waitTag = resolve(w.tag());
                waiting = Wait.TAG;
                if (!satisfied(now)) {
                    return;
                }
            } else if (s instanceof Step.Drain) {
                waiting = Wait.DRAIN;
                if (!satisfied(now)) {
                    return;
                }
            } else if (s instanceof Step.Fsync f) {
                fsync = f;
                fsyncRetriesLeft = f.retries();
                waiting = Wait.FSYNC_WRITES;
                satisfied(now); // submits the flush once no write is outstanding
                return;
            } else if (s instanceof Step.Sleep sl) {
                scheduleResume(now + sl.ns());
                return;
            } else if (s instanceof Step.Repeat rep) {
                if (rep.times() > 0 && !rep.steps().isEmpty()) {
                    stack.add(new Frame(rep.steps(), rep.times()));
                }
            }
        }
    }

    /** The frame with a next step, popping finished frames and advancing repeats. */
    private Frame top() {
        while (!stack.isEmpty()) {
            Frame f = stack.get(stack.size() - 1);
            if (f.index < f.steps.size()) {
                return f;
            }
            if (f.iteration < f.times) {
                f.iteration++;
                f.index = 0;
                return f;
            }
            stack.remove(stack.size() - 1);
        }
        return null;
    }

    private int iteration() {
        return stack.isEmpty() ? 1 : stack.get(stack.size() - 1).iteration;
    }

    private String resolve(String template) {
        if (template == null || template.indexOf('{') < 0) {
            return template;
        }
        return template.replace("{i}", Integer.toString(iteration()))
                .replace("{n}", Long.toString(requestCounter));
    }

    private SimRequest submit(Step.Io io, long now) {
        requestCounter++;
        long sector = io.sector() + io.sectorStep() * (iteration() - 1L);
        SimRequest r =
                new SimRequest(
                        SimRequest.GUEST,
                        io.op(),
                        io.flags(),
                        io.op() == Op.FLUSH ? 0 : sector,
                        io.op() == Op.FLUSH ? 0 : io.count(),
                        resolve(io.tag()),
                        null);
        r.stallNs = io.stallNs();
        r.process = io.process();
        r.pid = io.pid();
        submit(r, now);
        return r;
    }

    private void submit(SimRequest r, long now) {
        if (countTags && r.tag != null) {
            outstandingByTag.computeIfAbsent(r.tag, k -> new int[1])[0]++;
        }
        if (r.modifiesData()) {
            outstandingWrites++;
        }
        sim.guest.submit(r, now);
    }

    /** Called by the guest block layer when one of the program's requests completes. */
    void completed(SimRequest r, long now) {
        if (countTags && r.tag != null) {
            int[] c = outstandingByTag.get(r.tag);
            if (--c[0] == 0) {
                outstandingByTag.remove(r.tag);
            }
        }
        if (r.modifiesData()) {
            outstandingWrites--;
        }
        if (waiting != null && satisfied(now)) {
            scheduleResume(now + config.stepGap.sample(sim.guestRng, 0));
        }
    }

    /**
     * Whether the current wait is over; moves fsync through its phases. Clears {@code waiting} when
     * done.
     */
    private boolean satisfied(long now) {
        boolean done =
                switch (waiting) {
                    case REQUEST -> waitRequest.complete != dev.orderlens.model.Time.NONE;
                    case TAG -> !outstanding(waitTag);
                    case DRAIN -> sim.guest.inFlight() == 0;
                    case FSYNC_WRITES -> outstandingWrites == 0;
                    case FSYNC_FLUSH -> waitRequest.complete != dev.orderlens.model.Time.NONE;
                };
        if (!done) {
            return false;
        }
        if (waiting == Wait.DRAIN) {
            sim.recorder.event(now, EventKind.DRAIN, SimRequest.GUEST, -1, 0, "queue drained");
        } else if (waiting == Wait.FSYNC_WRITES
                || (waiting == Wait.FSYNC_FLUSH
                        && waitRequest.failed()
                        && fsyncRetriesLeft-- > 0)) {
            requestCounter++;
            SimRequest flush =
                    new SimRequest(
                            SimRequest.GUEST,
                            Op.FLUSH,
                            Flags.PREFLUSH,
                            0,
                            0,
                            resolve(fsync.tag()),
                            null);
            flush.process = fsync.process();
            flush.pid = fsync.pid();
            submit(flush, now);
            waiting = Wait.FSYNC_FLUSH;
            waitRequest = flush;
            return false;
        }
        waiting = null;
        waitRequest = null;
        return true;
    }

    private boolean outstanding(String tag) {
        if (!tag.endsWith("*")) {
            return outstandingByTag.containsKey(tag);
        }
        String prefix = tag.substring(0, tag.length() - 1);
        for (String t : outstandingByTag.keySet()) {
            if (t.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
