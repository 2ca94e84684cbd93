package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Trace;
import dev.orderlens.model.Truth;
import dev.orderlens.sim.Expectation;
import dev.orderlens.sim.Scenario;
import dev.orderlens.sim.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
    @TempDir Path dir;

    @Test
    void listNamesEveryScenarioWithItsCrashAndVariants() throws Exception {
        CliRunner r = CliRunner.run("simulate", "--list");
        assertEquals(0, r.exit(), r.err());
        for (String id : Scenarios.ids()) {
            assertTrue(r.out().contains(id), id);
        }
        assertTrue(
                r.out().contains("variants: writeback, writethrough, none, directsync, unsafe"),
                r.out());
        CliRunner j = CliRunner.run("simulate", "--list", "--json");
        assertEquals(0, j.exit(), j.err());
        JsonNode list = new ObjectMapper().readTree(j.out());
        assertEquals(Scenarios.ids().size(), list.size());
        JsonNode loop = list.get(1);
        assertEquals("loop-flush", loop.get("id").asText());
        assertTrue(loop.get("explanation").asText().length() > 500);
        assertEquals(0.005, loop.get("crashAtSeconds").asDouble(), 1e-12);
        assertEquals(
                "crossingWrites",
                loop.get("variants").get(0).get("expect").get("finding").asText());
    }

    @Test
    void everyScenarioRunsFromTheCliAndItsOutputImportsWithTheTruth() throws Exception {
        for (Scenario s : Scenarios.all()) {
            for (Scenario.Variant v : s.variants()) {
                Path out = dir.resolve(s.id() + "-" + v.id() + ".json");
                CliRunner r =
                        CliRunner.run(
                                "simulate", s.id(), "--variant", v.id(), "-o", out.toString());
                assertEquals(0, r.exit(), s.id() + "/" + v.id() + ": " + r.err());
                assertTrue(r.out().startsWith("wrote " + out), r.out());
                Trace t = TraceLoader.load(out);
                assertEquals(0, t.skippedLines(), s.id() + "/" + v.id());
                assertEquals("simulator", t.meta().source());
                assertEquals(s.id(), t.meta().scenario());
                Set<String> onMedia = new HashSet<>();
                for (Truth.SectorContent c : t.truth().sectors()) {
                    onMedia.add(c.data());
                }
                Expectation e = v.expect();
                assertTrue(onMedia.containsAll(e.onMedia()), s.id() + "/" + v.id() + " " + onMedia);
                for (String tag : e.notOnMedia()) {
                    assertFalse(onMedia.contains(tag), s.id() + "/" + v.id() + " " + tag);
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        Path c = dir.resolve("c.json");
        assertEquals(
                0,
                CliRunner.run("simulate", "cache-modes", "--seed", "7", "-o", a.toString()).exit());
        assertEquals(
                0,
                CliRunner.run("simulate", "cache-modes", "--seed", "7", "-o", b.toString()).exit());
        assertEquals(
                0,
                CliRunner.run("simulate", "cache-modes", "--seed", "8", "-o", c.toString()).exit());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
    }

    @Test
    void overridesReachTheTrace() throws Exception {
        Path out = dir.resolve("o.json");
        CliRunner r =
                CliRunner.run(
                        "simulate",
                        "loop-flush",
                        "--cache-mode",
                        "unsafe",
                        "--crash-at",
                        "0.003",
                        "--crash-kind",
                        "guest-crash",
                        "-o",
                        out.toString());
        assertEquals(0, r.exit(), r.err());
        Trace t = TraceLoader.load(out);
        assertEquals("unsafe", t.meta().cacheMode());
        assertEquals(3_000_000, t.truth().crashAt());
        assertEquals("guest-crash", t.truth().crashKind());
        CliRunner end =
                CliRunner.run("simulate", "loop-flush", "--crash-at", "end", "-o", out.toString());
        assertEquals(0, end.exit(), end.err());
        Trace done = TraceLoader.load(out);
        assertTrue(done.truth().inFlight().isEmpty(), "at the end nothing is in flight");
        assertTrue(done.truth().crashAt() > 5_000_000, "after the scenario's own crash point");
    }

    @Test
    void aWorkloadFileRunsAndStandardOutputWorks() throws Exception {
        Path w = dir.resolve("wal.json");
        Files.writeString(
                w,
                """
                {"format": "orderlens-workload", "title": "three WAL commits",
                 "config": {"seed": 3, "cacheMode": "none"},
                 "crash": {"at": "end", "kind": "power-loss"},
                 "steps": [{"op": "db-wal", "transactions": 3}]}
                """);
        CliRunner r = CliRunner.run("simulate", w.toString(), "-o", "-");
        assertEquals(0, r.exit(), r.err());
        JsonNode trace = new ObjectMapper().readTree(r.out());
        assertEquals("orderlens-trace", trace.get("format").asText());
        assertEquals("three WAL commits", trace.get("meta").get("title").asText());
        Set<String> onMedia = new HashSet<>();
        trace.get("truth").get("sectors").forEach(s -> onMedia.add(s.get("data").asText()));
        assertTrue(
                onMedia.containsAll(Set.of("wal1", "wal2", "wal3")),
                "each WAL record was fsynced: " + onMedia);
    }

    @Test
    void aBadWorkloadFileNamesFileLinePathAndWhatWasExpected() throws Exception {
        Path w = dir.resolve("bad.json");
        Files.writeString(
                w,
                "{\"format\": \"orderlens-workload\",\n \"steps\": [\n  {\"op\": \"write\", \"sector\": -5}\n]}\n");
        CliRunner r =
                CliRunner.run("simulate", w.toString(), "-o", dir.resolve("x.json").toString());
        assertEquals(2, r.exit());
        assertEquals(
                "orderlens: " + w + ":3: steps[0].sector: expected an integer >= 0, got -5",
                r.err().strip());
        assertFalse(Files.exists(dir.resolve("x.json")));
    }

    @Test
    void badArgumentsExitTwoWithOneLine() {
        String out = dir.resolve("x.json").toString();
        String[][] cases = {
            {"simulate", "loop-flush", "--cache-mode", "fast", "-o", out},
            {"simulate", "loop-flush", "--crash-kind", "meteor", "-o", out},
            {"simulate", "loop-flush", "--crash-at", "-1", "-o", out},
            {"simulate", "loop-flush", "--crash-at", "soon", "-o", out},
            {"simulate", "loop-flush", "--seed", "x", "-o", out},
            {"simulate", "loop-flush", "--variant", "nope", "-o", out},
            {"simulate", "loop-flush"},
            {"simulate", "-o", out},
            {"simulate", "no-such-scenario", "-o", out},
            {"simulate", "loop-flush", "--json", "-o", out},
        };
        for (String[] args : cases) {
            CliRunner r = CliRunner.run(args);
            assertEquals(2, r.exit(), String.join(" ", args));
            assertTrue(r.err().startsWith("orderlens: "), r.err());
            assertEquals(
                    1, r.err().strip().lines().count(), String.join(" ", args) + ": " + r.err());
        }
        assertFalse(Files.exists(dir.resolve("x.json")));
    }
}
