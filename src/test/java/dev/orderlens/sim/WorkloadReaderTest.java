package dev.orderlens.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CrashKind;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadReaderTest {
    static Scenario parse(String json) throws WorkloadException {
        return WorkloadReader.parse("w.json", json);
    }

    static String error(String json) {
        return assertThrows(WorkloadException.class, () -> parse(json)).getMessage();
    }

    static String workload(String config, String steps) {
        return "{\"format\": \"orderlens-workload\",\n\"config\": "
                + config
                + ",\n\"steps\": [\n"
                + steps
                + "\n]}";
    }

    static List<String> guestTags(Trace t) {
        List<String> out = new ArrayList<>();
        Requests r = t.requests();
        for (int i = 0; i < r.size(); i++) {
            if (r.layer(i) == 0 && r.dataTag(i) != null) {
                out.add(r.dataTag(i) + "@" + r.sector(i));
            }
        }
        return out;
    }

    @Test
    void readsEveryStepKindWithDefaults() throws Exception {
        Scenario s =
                parse(
                        workload(
                                "{\"seed\": 5, \"cacheMode\": \"none\", \"aio\": \"io_uring\"}",
                                """
                {"op": "write", "sector": 8, "tag": "a"},
                {"op": "fua-write", "sector": 16, "count": 4, "tag": "b", "flags": ["sync", "meta"]},
                {"op": "preflush-write", "sector": 24, "tag": "c", "flags": ["fua"]},
                {"op": "write-zeroes", "sector": 32, "count": 16},
                {"op": "discard", "sector": 48, "count": 8},
                {"op": "read", "sector": 8, "sync": true},
                {"op": "flush", "tag": "f"},
                {"op": "wait-for", "tag": "f"},
                {"op": "fsync", "retries": 2},
                {"op": "drain"},
                {"op": "sleep", "ms": 0.5},
                {"op": "sleep", "us": 20}"""));
        Workload w = s.defaultVariant().workload();
        assertEquals(12, w.steps().size());
        assertEquals(Time.NONE, w.crashAtNs(), "no crash given: at the end");
        assertEquals(CrashKind.POWER_LOSS, w.crashKind());
        SimConfig c = w.newConfig();
        assertEquals(5, c.seed);
        assertEquals(CacheMode.NONE, c.host.cacheMode);
        assertEquals(AioMode.IO_URING, c.host.aio);
        Step.Io b = (Step.Io) w.steps().get(1);
        assertEquals(Flags.FUA | Flags.SYNC | Flags.META, b.flags());
        assertEquals(4, b.count());
        Step.Io c3 = (Step.Io) w.steps().get(2);
        assertEquals(Flags.PREFLUSH | Flags.FUA, c3.flags());
        assertEquals(8, c3.count(), "count defaults to 8 sectors");
        assertEquals(Op.WRITE_ZEROES, ((Step.Io) w.steps().get(3)).op());
        assertEquals(500_000, ((Step.Sleep) w.steps().get(10)).ns());
        assertEquals(2, ((Step.Fsync) w.steps().get(8)).retries());
        Trace t = Simulator.run(w, Overrides.NONE);
        assertTrue(
                guestTags(t)
                        .containsAll(List.of("a@8", "b@16", "c@24", "zeroes#4@32", "discard#5@48")),
                guestTags(t).toString());
    }

    @Test
    void repeatNumbersTagsAndAdvancesSectors() throws Exception {
        Scenario s =
                parse(
                        workload(
                                "{}",
                                """
                {"op": "repeat", "times": 3, "steps": [
                  {"op": "write", "sector": 100, "sectorStep": 8, "tag": "r{i}"},
                  {"op": "repeat", "times": 2, "steps": [{"op": "write", "sector": 1000, "tag": "n{n}"}]}
                ]}"""));
        Trace t = Simulator.run(s.defaultVariant().workload(), Overrides.NONE);
        assertEquals(
                List.of(
                        "r1@100", "n2@1000", "n3@1000", "r2@108", "n5@1000", "n6@1000", "r3@116",
                        "n8@1000", "n9@1000"),
                guestTags(t));
    }

    @Test
    void patternsExpandIntoTheirRequests() throws Exception {
        Scenario s =
                parse(
                        workload(
                                "{}",
                                """
                {"op": "ext4-journal", "transactions": 2, "dataBlocks": 1, "journalBlocks": 1},
                {"op": "db-wal", "transactions": 1, "checkpoint": true},
                {"op": "qcow2-alloc", "clusters": 2, "cluster": 4096, "clusterSectors": 64}"""));
        Trace t = Simulator.run(s.defaultVariant().workload(), Overrides.NONE);
        assertEquals(
                List.of(
                        "data1.1@2048",
                        "jblock1.1@8192",
                        "commit1@8200",
                        "meta1.1@16384",
                        "data2.1@2056",
                        "jblock2.1@8208",
                        "commit2@8216",
                        "meta2.1@16392",
                        "wal1@65536",
                        "page1@131072",
                        "zeroes1@4096",
                        "data1@4096",
                        "zeroes2@4160",
                        "data2@4160"),
                guestTags(t));
        Requests r = t.requests();
        for (int i = 0; i < r.size(); i++) {
            if ("commit1".equals(r.dataTag(i)) && r.layer(i) == 0) {
                assertEquals(Flags.PREFLUSH | Flags.FUA | Flags.SYNC | Flags.META, r.flags(i));
                assertEquals("jbd2/vda1-8", r.process(i));
            }
        }
    }

    @Test
    void scenariosMergeVariantConfigOverTheBase() throws Exception {
        Scenario s =
                parse(
                        """
                {"format": "orderlens-scenario", "id": "x", "title": "X", "explanation": "why",
                 "config": {"seed": 4, "host": {"cacheMode": "none", "aio": "native"}},
                 "crash": {"at": 0.001, "kind": "qemu-kill"},
                 "steps": [{"op": "write", "sector": 0, "tag": "a"}],
                 "expect": {"finding": "none", "onMedia": ["a"]},
                 "variants": [{"id": "one"}, {"id": "two", "config": {"host": {"aio": "threads"}}, "crash": {"kind": "power-loss"},
                               "expect": {"finding": "lostPredecessors", "write": "a", "with": "a", "layer": "device"}}]}
                """);
        assertEquals("x", s.id());
        assertEquals(2, s.variants().size());
        SimConfig two = s.variant("two").workload().newConfig();
        assertEquals(CacheMode.NONE, two.host.cacheMode, "kept from the base");
        assertEquals(AioMode.THREADS, two.host.aio, "overridden by the variant");
        assertEquals(4, two.seed);
        assertEquals(1_000_000, s.variant("two").workload().crashAtNs());
        assertEquals(CrashKind.POWER_LOSS, s.variant("two").workload().crashKind());
        assertEquals(CrashKind.QEMU_KILL, s.variant("one").workload().crashKind());
        assertEquals(List.of("a"), s.variant("one").expect().onMedia());
        assertEquals("device", s.variant("two").expect().layer());
        assertEquals("X (two)", s.variant("two").workload().title());
    }

    @Test
    void latenciesAcceptEveryForm() throws Exception {
        SimConfig c =
                parse(
                                workload(
                                        """
                {"device": {"transfer": 7, "media": {"median": 50, "sigma": 0.2, "perSector": 1},
                            "flush": {"min": 10, "max": 20}, "read": {"mean": 30}, "destageDelay": {"fixed": 5}}}""",
                                        "{\"op\": \"drain\"}"))
                        .defaultVariant()
                        .workload()
                        .newConfig();
        assertEquals(Latency.fixed(7), c.device.transfer);
        assertEquals(new Latency(Latency.Kind.LOGNORMAL, 50, 0.2, 1), c.device.media);
        assertEquals(Latency.uniform(10, 20), c.device.flush);
        assertEquals(Latency.exponential(30), c.device.read);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            long ns = c.device.flush.sample(rng, 0);
            assertTrue(ns >= 10_000 && ns <= 20_000, "uniform 10..20 µs: " + ns);
        }
        assertEquals(7_000 + 0, c.device.transfer.sample(rng, 8));
        assertEquals(5_000, c.device.destageDelay.sample(rng, 0));
    }

    @Test
    void badFilesSayFileLinePathAndWhatWasExpected() {
        assertEquals(
                "w.json:1: missing required field 'format' (\"orderlens-workload\" or \"orderlens-scenario\")",
                error("{\"steps\": []}"));
        assertEquals(
                "w.json:1: format: expected one of orderlens-workload, orderlens-scenario, got \"orderlens-trace\"",
                error("{\"format\": \"orderlens-trace\", \"requests\": []}"));
        assertEquals(
                "w.json:5: steps[1].op: expected one of write, fua-write, preflush-write, read, write-zeroes, discard, "
                        + "flush, fsync, wait-for, drain, sleep, repeat, ext4-journal, db-wal, qcow2-alloc, got \"wirte\"",
                error(
                        workload(
                                "{}",
                                "{\"op\": \"write\", \"sector\": 1},\n{\"op\": \"wirte\", \"sector\": 1}")));
        assertEquals(
                "w.json:4: steps[0]: unknown field 'sectr' (expected one of: count, flags, op, pid, process, sector, "
                        + "sectorStep, stallUs, sync, tag)",
                error(workload("{}", "{\"op\": \"write\", \"sectr\": 1}")));
        assertEquals(
                "w.json:4: steps[0]: missing required field 'sector'",
                error(workload("{}", "{\"op\": \"write\"}")));
        assertEquals(
                "w.json:2: config.host.cacheMode: expected one of writeback, writethrough, none, directsync, unsafe, got \"fast\"",
                error(workload("{\"host\": {\"cacheMode\": \"fast\"}}", "{\"op\": \"drain\"}")));
        assertEquals(
                "w.json:2: config.device.queueDepth: expected an integer in 1..65536, got 0",
                error(workload("{\"device\": {\"queueDepth\": 0}}", "{\"op\": \"drain\"}")));
        assertEquals(
                "w.json:2: config.faults[0].at: expected a number in 0..1000000, got \"soon\"",
                error(
                        workload(
                                "{\"faults\": [{\"kind\": \"lost-link\", \"at\": \"soon\"}]}",
                                "{\"op\": \"drain\"}")));
        assertEquals(
                "w.json:2: config.faults[0].sector: only a writeback-error fault takes 'sector'",
                error(
                        workload(
                                "{\"faults\": [{\"kind\": \"lost-link\", \"at\": 1, \"sector\": 5}]}",
                                "{\"op\": \"drain\"}")));
        assertTrue(
                error("{\"format\": \"orderlens-workload\",\n \"steps\": [\n")
                        .startsWith("w.json:3: invalid JSON:"));
        assertTrue(
                error("{\"format\": \"orderlens-workload\", \"format\": \"x\"}")
                        .contains("Duplicate field 'format'"));
        assertEquals(
                "w.json:4: steps[0]: expected exactly one of 'us' or 'ms'",
                error(workload("{}", "{\"op\": \"sleep\"}")));
        assertEquals(
                "w.json:1: crash.at: expected one of end, got \"later\"",
                error(
                        "{\"format\": \"orderlens-workload\", \"crash\": {\"at\": \"later\"}, \"steps\": []}"));
        assertEquals(
                "w.json:1: missing required field 'id'",
                error("{\"format\": \"orderlens-scenario\", \"steps\": []}"));
        assertEquals(
                "w.json:1: variants[1].id: duplicate variant id 'a'",
                error(
                        "{\"format\": \"orderlens-scenario\", \"id\": \"s\", \"steps\": [], \"variants\": [{\"id\": \"a\"}, {\"id\": \"a\"}]}"));
        assertEquals(
                "w.json:1: expect.finding: expected one of crossingWrites, overtakingWrites, concurrentOverlaps, "
                        + "drainViolations, promiseViolations, lostPredecessors, none, got \"oops\"",
                error(
                        "{\"format\": \"orderlens-scenario\", \"id\": \"s\", \"steps\": [], \"expect\": {\"finding\": \"oops\"}}"));
    }
}
