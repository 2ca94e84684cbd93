package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.SectorContents;
import dev.orderlens.analysis.Tearing;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.Truth;
import dev.orderlens.sim.Expectation;
import dev.orderlens.sim.Overrides;
import dev.orderlens.sim.RandomWorkloads;
import dev.orderlens.sim.Scenario;
import dev.orderlens.sim.Scenarios;
import dev.orderlens.sim.Simulator;
import dev.orderlens.sim.WorkloadReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator against {@code orderlens analyze} (issue 4), through the CLI contract of
 * docs/cli.md: every scenario's expected finding and state is reported, and on random workloads
 * every sector's true content is among the analysis's possible contents and every write it calls
 * durable is on media. The scenarios and a few random workloads go through the CLI and files on
 * disk (the JSON round trip and the analyze contract); the bulk of the random workloads runs
 * in-process on the same objects, which is what makes a thousand of them affordable in the build.
 */
class SimulatorAnalysisTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RANDOM_CASES = Integer.getInteger("orderlens.simCases", 1000);

    /** How many of the random workloads also go through the CLI and files on disk. */
    private static final int CLI_CASES = 20;

    /** Sectors the in-process comparison checked (so an empty comparison cannot pass). */
    private int sectorsChecked;

    private static final long BASE_SEED = 0xa11a_2026L;

    @TempDir Path dir;

    private JsonNode simulateAndAnalyze(List<String> simulate, Path out) throws Exception {
        List<String> args = new ArrayList<>(simulate);
        args.add("-o");
        args.add(out.toString());
        CliRunner s = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, s.exit(), String.join(" ", args) + ": " + s.err());
        JsonNode trace = JSON.readTree(out.toFile());
        String crashAt = Time.formatSeconds(trace.get("truth").get("crashAt").asLong());
        CliRunner a =
                CliRunner.run(
                        "analyze", out.toString(), "--crash-at", crashAt, "--sectors", "--json");
        assertEquals(0, a.exit(), "analyze " + out + ": " + a.err());
        return JSON.readTree(a.out());
    }

    @Test
    void analyzeReportsWhatEachScenarioIsAbout() throws Exception {
        for (Scenario s : Scenarios.all()) {
            for (Scenario.Variant v : s.variants()) {
                String name = s.id() + "/" + v.id();
                Path out = dir.resolve(s.id() + "-" + v.id() + ".json");
                JsonNode a =
                        simulateAndAnalyze(List.of("simulate", s.id(), "--variant", v.id()), out);
                JsonNode trace = JSON.readTree(out.toFile());
                Expectation e = v.expect();
                Set<Integer> write = ids(trace, e.layer(), e.write());
                if (!e.finding().equals("none")) {
                    JsonNode list =
                            a.get("findings").has(e.finding())
                                    ? a.get("findings").get(e.finding())
                                    : a.get("crash").get(e.finding());
                    Set<Integer> with = e.with() == null ? null : ids(trace, e.layer(), e.with());
                    boolean found = false;
                    for (JsonNode item : list) {
                        Set<Integer> named = new HashSet<>();
                        item.forEach(
                                x -> {
                                    if (x.isInt()) {
                                        named.add(x.asInt());
                                    }
                                });
                        found |=
                                named.stream().anyMatch(write::contains)
                                        && (with == null
                                                || named.stream().anyMatch(with::contains));
                    }
                    assertTrue(
                            found,
                            name
                                    + ": analyze reports "
                                    + e.finding()
                                    + " for "
                                    + e.write()
                                    + ": "
                                    + list);
                }
                if (e.state() != null) {
                    for (JsonNode w : a.get("crash").get("writes")) {
                        if (write.contains(w.get("id").asInt())) {
                            assertEquals(
                                    e.state(),
                                    w.get("state").asText(),
                                    name + ": state of " + e.write());
                        }
                    }
                }
                assertEquals(List.of(), disagreements(trace, a), name);
            }
        }
    }

    @Test
    void truthIsPossibleAndDurableIsOnMediaOnRandomWorkloads() throws Exception {
        // -Dorderlens.simSeeds=S1,S2 reruns chosen seeds (e.g. from a failure message) instead
        String chosen = System.getProperty("orderlens.simSeeds");
        long[] seeds =
                chosen == null
                        ? null
                        : java.util.Arrays.stream(chosen.split(","))
                                .mapToLong(Long::parseLong)
                                .toArray();
        int compared = 0;
        for (int i = 0; seeds == null ? compared < RANDOM_CASES : i < seeds.length; i++) {
            long seed = seeds == null ? BASE_SEED + i : seeds[i];
            String workload = RandomWorkloads.generate(seed);
            if (failsAfterTheCrash(JSON.readTree(workload))) {
                continue;
            }
            compared++;
            List<String> d;
            Path w = dir.resolve("random.json");
            Files.writeString(w, workload);
            if (compared <= CLI_CASES) {
                Path out = dir.resolve("random-trace.json");
                JsonNode a = simulateAndAnalyze(List.of("simulate", w.toString()), out);
                d = disagreements(JSON.readTree(out.toFile()), a);
            } else {
                d = disagreementsInProcess(workload, seed);
            }
            if (!d.isEmpty()) {
                fail(
                        "seed "
                                + seed
                                + ": "
                                + d.subList(0, Math.min(5, d.size()))
                                + "\nworkload:\n"
                                + Files.readString(w));
            }
        }
        assertTrue(
                seeds != null || sectorsChecked > 10 * (compared - CLI_CASES),
                "the in-process comparison checked only " + sectorsChecked + " sectors");
    }

    /**
     * After a QEMU kill or guest crash the simulated host goes on writing back what it holds; a
     * device that is still failing (a full thin pool, a lost link, a bad range) then loses data the
     * analysis counts as survived, because nothing in the trace before the crash can say so.
     */
    private static boolean failsAfterTheCrash(JsonNode workload) {
        if (workload.get("crash").get("kind").asText().equals("power-loss")) {
            return false;
        }
        for (JsonNode f : workload.get("config").path("faults")) {
            if (!f.get("kind").asText().equals("memory-pressure")) {
                return true;
            }
        }
        return workload.get("config").path("device").has("thinCapacitySectors");
    }

    private static Set<Integer> ids(JsonNode trace, String layer, String tag) {
        Set<Integer> out = new HashSet<>();
        for (JsonNode r : trace.get("requests")) {
            if (r.get("layer").asText().equals(layer)
                    && r.has("data")
                    && r.get("data").asText().equals(tag)) {
                out.add(r.get("id").asInt());
            }
        }
        assertTrue(!out.isEmpty(), "no " + layer + " write carries " + tag);
        return out;
    }

    /**
     * The same two properties as {@link #disagreements}, on the simulator's trace and the
     * analysis's objects directly: the crash at the truth's time, with the trace's own crash kind
     * and cache mode, sector tearing (what {@code analyze --crash-at T} does by default).
     */
    private List<String> disagreementsInProcess(String workload, long seed) throws Exception {
        Trace trace = Simulator.run(WorkloadReader.parse("seed-" + seed, workload), Overrides.NONE);
        Truth truth = trace.truth();
        CrashAnalysis analysis = CrashAnalysis.of(trace);
        CrashResult r =
                analysis.at(
                        new CrashPoint(
                                truth.crashAt(),
                                analysis.defaultKind(),
                                analysis.defaultCacheMode(),
                                Tearing.SECTOR));
        Requests q = trace.requests();
        Map<Long, String> onMedia = new HashMap<>();
        for (Truth.SectorContent c : truth.sectors()) {
            onMedia.put(c.sector(), c.data());
        }
        List<String> out = new ArrayList<>();
        for (SectorContents.Sector s : r.sectors().writtenSectors()) {
            if (!onMedia.containsKey(s.sector())) {
                continue;
            }
            Set<String> possible = new HashSet<>();
            for (int c : s.candidates()) {
                possible.add(c == SectorContents.INITIAL ? "initial" : q.dataTag(c));
            }
            sectorsChecked++;
            String actual = onMedia.get(s.sector()) == null ? "initial" : onMedia.get(s.sector());
            if (!possible.contains(actual)) {
                out.add("sector " + s.sector() + " holds " + actual + ", not among " + possible);
            }
        }
        for (int row = 0; row < q.size(); row++) {
            if (r.state(row) != WriteState.DURABLE) {
                continue;
            }
            for (long s = q.sector(row); s < q.sector(row) + q.count(row); s++) {
                if (onMedia.containsKey(s) && onMedia.get(s) == null) {
                    out.add(
                            "row "
                                    + row
                                    + " ("
                                    + q.dataTag(row)
                                    + ") is called durable; sector "
                                    + s
                                    + " holds the initial content");
                    break;
                }
            }
        }
        return out;
    }

    /** Where the truth and the analysis disagree (issue 5's "done when" properties). */
    private static List<String> disagreements(JsonNode trace, JsonNode a) {
        List<String> out = new ArrayList<>();
        Map<Integer, JsonNode> byId = new HashMap<>();
        for (JsonNode r : trace.get("requests")) {
            byId.put(r.get("id").asInt(), r);
        }
        Map<Long, String> truth = new HashMap<>();
        for (JsonNode s : trace.get("truth").get("sectors")) {
            truth.put(
                    s.get("sector").asLong(),
                    s.get("data").isNull() ? null : s.get("data").asText());
        }
        List<Long> sectorsOfRuns = new ArrayList<>();
        List<JsonNode> runs = new ArrayList<>();
        for (JsonNode run : a.get("crash").get("sectors")) {
            for (long k = 0; k < run.get("count").asLong(); k++) {
                sectorsOfRuns.add(run.get("sector").asLong() + k);
                runs.add(run);
            }
        }
        for (int k = 0; k < runs.size(); k++) {
            long sector = sectorsOfRuns.get(k);
            JsonNode s = runs.get(k);
            if (!truth.containsKey(sector)) {
                continue;
            }
            Set<String> possible = new HashSet<>();
            for (JsonNode c : s.get("candidates")) {
                possible.add(
                        c.isTextual() ? "initial" : byId.get(c.asInt()).path("data").asText(null));
            }
            String actual = truth.get(sector) == null ? "initial" : truth.get(sector);
            if (!possible.contains(actual)) {
                out.add(
                        "sector "
                                + sector
                                + " holds "
                                + actual
                                + ", not among the possible "
                                + possible);
            }
        }
        for (JsonNode w : a.get("crash").get("writes")) {
            if (!w.get("state").asText().equals("durable")) {
                continue;
            }
            JsonNode r = byId.get(w.get("id").asInt());
            for (long s = r.get("sector").asLong();
                    s < r.get("sector").asLong() + r.get("count").asLong();
                    s++) {
                if (truth.containsKey(s) && truth.get(s) == null) {
                    out.add(
                            "write #"
                                    + w.get("id")
                                    + " ("
                                    + r.path("data").asText()
                                    + ") is called durable; sector "
                                    + s
                                    + " holds the initial content");
                    break;
                }
            }
        }
        return out;
    }
}
