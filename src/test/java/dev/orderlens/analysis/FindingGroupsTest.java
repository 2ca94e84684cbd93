package dev.orderlens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.model.Flags;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.sim.Overrides;
import dev.orderlens.sim.Simulator;
import dev.orderlens.sim.WorkloadReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Crossing and overtaking findings grouped and ranked by consequence (issue 12, item 11): a
 * crossing is "depended on" when a FUA write submitted after both the write and the flush completed
 * became durable before the write did (the journal commit whose predecessor is not durable).
 */
class FindingGroupsTest {
    /**
     * One device. Writes 1 (0..10 → 30) and 2 (5 → 35) are in flight when flush 3 is submitted at
     * 10 (done 40): both cross it. Commit 4 is FUA, submitted at 50 after 1, 2 and 3 completed, and
     * done at 60. The next flush, 5, is submitted at 70 (done 80): it is what makes 1 and 2 durable
     * — after the commit: both crossings are depended on. Write 6 (65 → 90) crosses flush 5 and no
     * commit follows: a plain crossing. Write 7 (72 → 75) is submitted after flush 5 and completes
     * before it: overtaking.
     */
    private static Trace story(String... commitFlags) {
        TraceFixture f = new TraceFixture();
        f.write(1).on("device").lane("sda").sectors(0, 8).times(0, 30L);
        f.write(2).on("device").lane("sda").sectors(8, 8).times(5, 35L);
        f.flush(3).on("device").lane("sda").times(10, 40L);
        f.write(4).on("device").lane("sda").sectors(100, 8).times(50, 60L).flags(commitFlags);
        f.flush(5).on("device").lane("sda").times(70, 80L);
        f.write(6).on("device").lane("sda").sectors(16, 8).times(65, 90L);
        f.write(7).on("device").lane("sda").sectors(24, 8).times(72, 75L);
        return f.build();
    }

    private static String id(Trace t, int row) {
        return t.names().id(row);
    }

    @Test
    void crossingsAFuaCommitDependsOnComeFirst() {
        Trace t = story("fua");
        OrderingFindings f = OrderingAnalysis.analyze(t);
        FindingGroups g = FindingGroups.of(t, f, FindingGroups.By.FLUSH);
        assertEquals(2, g.dependedOn());
        assertEquals(4, g.listedPairs(), "crossings 1, 2 (flush 3) and 6 (flush 5), overtaking 7");
        assertEquals(2, g.groups().size());
        FindingGroups.Group first = g.groups().get(0);
        assertEquals("device#3", id(t, first.flush()));
        assertEquals(
                List.of(2L, 2L, 0L, 2),
                List.of(first.dependedOn(), first.crossing(), first.overtaking(), first.writes()));
        FindingGroups.Dependence d = first.examples().get(0);
        assertEquals("device#4", id(t, d.commit()));
        assertEquals(60, d.commitDurable());
        assertEquals(80, d.writeDurable(), "flush 5 made the write durable, after the commit");
        // the rows are marked for the filter (Finding → depended-on)
        Requests r = t.requests();
        assertTrue(f.is(r.rowOfId(0, 1), OrderingFindings.DEPENDED_ON));
        assertTrue(f.is(r.rowOfId(0, 2), OrderingFindings.DEPENDED_ON));
        assertTrue(!f.is(r.rowOfId(0, 6), OrderingFindings.DEPENDED_ON), "a plain crossing");
        FindingGroups.Group second = g.groups().get(1);
        assertEquals("device#5", id(t, second.flush()));
        assertEquals(
                List.of(0L, 1L, 1L, 2),
                List.of(
                        second.dependedOn(),
                        second.crossing(),
                        second.overtaking(),
                        second.writes()));
    }

    @Test
    void aPreflushOnTheCommitCoversItsPredecessors() {
        // commit 4 with PREFLUSH|FUA: its preflush, submitted at 50 after 1 and 2 completed, makes
        // them durable at 60 — no later than the commit itself
        Trace t = story("preflush", "fua");
        FindingGroups g = FindingGroups.of(t, OrderingAnalysis.analyze(t), FindingGroups.By.FLUSH);
        assertEquals(0, g.dependedOn());
        // a plain commit (no FUA) is durable only by a later flush, which covers 1 and 2 as well
        Trace plain = story();
        assertEquals(
                0,
                FindingGroups.of(plain, OrderingAnalysis.analyze(plain), FindingGroups.By.FLUSH)
                        .dependedOn());
    }

    @Test
    void rangesAndProcessesGroupTheSamePairs() {
        Trace t = story("fua");
        OrderingFindings f = OrderingAnalysis.analyze(t);
        FindingGroups range = FindingGroups.of(t, f, FindingGroups.By.RANGE);
        assertEquals(1, range.groups().size(), "sectors 0..31 are all in the first MiB");
        assertEquals("device sda sectors 0 – 2,047", range.groups().get(0).key());
        assertEquals(2, range.groups().get(0).dependedOn());
        assertEquals(1, FindingGroups.of(t, f, FindingGroups.By.PROCESS).groups().size());
    }

    /**
     * A simulated asynchronous workload (30 batches of 16 writes queued at once, a flush submitted
     * while they are in flight, then a FUA commit once all completed, on a disk that takes FUA
     * natively): every group's counts and every pair's verdict equal a brute-force reading of the
     * definition over all requests, and the groups come in rank order.
     */
    @Test
    void anAsyncWorkloadGroupsAsTheDefinitionSays() throws Exception {
        String workload =
                """
                {"format":"orderlens-workload","version":1,"title":"async batches and FUA commits",
                 "config":{"seed":7,"cacheMode":"none","guest":{"lane":"sda","fua":true},
                   "host":{"fuaPassthrough":true},"device":{"lane":"nvme0n1","fua":true}},
                 "steps":[{"op":"repeat","times":30,"steps":[
                   {"op":"repeat","times":16,"steps":[{"op":"write","sector":0,"sectorStep":8,
                     "tag":"d{n}","process":"fio"}]},
                   {"op":"flush","tag":"f{n}","process":"fio"},
                   {"op":"wait-for","tag":"d*"},{"op":"wait-for","tag":"f*"},
                   {"op":"fua-write","sector":100000,"tag":"c{n}","process":"jbd2"},
                   {"op":"wait-for","tag":"c*"}]}]}
                """;
        Trace t = Simulator.run(WorkloadReader.parse("async.json", workload), Overrides.NONE);
        OrderingFindings f = OrderingAnalysis.analyze(t);
        assertTrue(f.crossing().total() > 1000, "an async flood: " + f.crossing().total());
        for (FindingGroups.By by : FindingGroups.By.values()) {
            FindingGroups g = FindingGroups.of(t, f, by);
            long sum = 0;
            long depended = 0;
            for (FindingGroups.Group gr : g.groups()) {
                sum += gr.pairs();
                depended += gr.dependedOn();
            }
            assertEquals(
                    f.crossing().size() + f.overtaking().size(), sum, by + ": every pair once");
            assertEquals(g.dependedOn(), depended);
            for (int i = 1; i < g.groups().size(); i++) {
                FindingGroups.Group a = g.groups().get(i - 1);
                FindingGroups.Group b = g.groups().get(i);
                assertTrue(
                        a.dependedOn() > b.dependedOn()
                                || a.dependedOn() == b.dependedOn() && a.pairs() >= b.pairs(),
                        by + ": ranked at " + i);
            }
        }
        // per flush: the groups' depended-on counts equal the brute force over all requests
        Map<Integer, Long> expected = new HashMap<>();
        boolean[] flags = FindingGroups.dependedOn(t, f);
        long total = 0;
        for (int i = 0; i < f.crossing().size(); i++) {
            boolean brute = bruteDependedOn(t, f.crossing().first(i), f.crossing().second(i));
            assertEquals(brute, flags[i], "pair " + i);
            if (brute) {
                expected.merge(f.crossing().second(i), 1L, Long::sum);
                total++;
            }
        }
        assertTrue(total > 0, "the FUA commits depend on crossed writes");
        FindingGroups byFlush = FindingGroups.of(t, f, FindingGroups.By.FLUSH);
        assertEquals(total, byFlush.dependedOn());
        for (FindingGroups.Group gr : byFlush.groups()) {
            assertEquals(expected.getOrDefault(gr.flush(), 0L), gr.dependedOn(), gr.key());
        }
    }

    /**
     * The definition read literally: some FUA write without PREFLUSH in the write's flush domain
     * (same layer, same device) was submitted once both completed and completed OK before the first
     * successful flush (or PREFLUSH) submitted at or after the write's completion completed.
     */
    private static boolean bruteDependedOn(Trace t, int w, int fl) {
        Requests r = t.requests();
        if (r.complete(w) == Time.NONE || r.complete(fl) == Time.NONE) {
            return false;
        }
        FlushDomains domains = FlushDomains.of(t);
        int d = domains.ofLane(r.lane(w));
        long covered = Long.MAX_VALUE;
        long after = Math.max(r.complete(w), r.complete(fl));
        long commit = Long.MAX_VALUE;
        for (int i = 0; i < r.size(); i++) {
            if (domains.ofLane(r.lane(i)) != d
                    || r.complete(i) == Time.NONE
                    || r.status(i) != Status.OK) {
                continue;
            }
            if (OrderingAnalysis.isFlush(r, i) && r.submit(i) >= r.complete(w)) {
                covered = Math.min(covered, r.complete(i));
            } else if (!OrderingAnalysis.isFlush(r, i)
                    && r.op(i).modifiesData()
                    && r.has(i, Flags.FUA)
                    && r.submit(i) >= after) {
                commit = Math.min(commit, r.complete(i));
            }
        }
        return commit < covered;
    }
}
