package dev.orderlens.cli;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CrashKind;
import dev.orderlens.export.JsonTraceWriter;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.sim.Expectation;
import dev.orderlens.sim.Overrides;
import dev.orderlens.sim.Scenario;
import dev.orderlens.sim.Scenarios;
import dev.orderlens.sim.Simulator;
import dev.orderlens.sim.WorkloadException;
import dev.orderlens.sim.WorkloadReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code orderlens simulate --list} and {@code orderlens simulate SCENARIO|FILE [...] -o out.json}:
 * runs the simulator and writes trace JSON v1 with its truth (atomically). Same arguments, same
 * bytes.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description =
                "Run the storage-stack simulator on a built-in scenario or a workload file and write the trace "
                        + "(with the truth at its crash) as trace JSON.")
final class SimulateCommand implements Callable<Integer> {
    @Parameters(
            arity = "0..1",
            paramLabel = "SCENARIO|FILE",
            description =
                    "A built-in scenario id (see --list) or a workload/scenario JSON file (docs/simulator.md).")
    String target;

    @Option(names = "--list", description = "List the built-in scenarios and exit.")
    boolean list;

    @Option(names = "--json", description = "With --list: print one JSON array.")
    boolean json;

    @Option(
            names = "--variant",
            paramLabel = "V",
            description = "Which variant of the scenario to run (default: its first).")
    String variant;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Seed for every random choice (default: the workload's).")
    Long seed;

    @Option(
            names = "--cache-mode",
            paramLabel = "M",
            description = "QEMU cache mode: writeback, writethrough, none, directsync, unsafe.")
    String cacheMode;

    @Option(
            names = "--crash-at",
            paramLabel = "SECONDS",
            description =
                    "Crash time in seconds from the trace's zero, or 'end' (when the workload is done).")
    String crashAt;

    @Option(
            names = "--crash-kind",
            paramLabel = "K",
            description = "power-loss, qemu-kill or guest-crash.")
    String crashKind;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Trace JSON to write ('-' = standard output).")
    Path output;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            if (json) {
                Json.print(out, listJson());
            } else {
                printList(out);
            }
            out.flush();
            return 0;
        }
        if (json) {
            throw new UserError(
                    "simulate: --json goes with --list (the trace itself is always JSON)");
        }
        if (target == null) {
            throw new UserError(
                    "simulate: missing SCENARIO or FILE (see 'orderlens simulate --list')");
        }
        if (output == null) {
            throw new UserError("simulate: missing -o FILE (use -o - for standard output)");
        }
        Scenario scenario = resolve(target);
        Overrides o = overrides(scenario);
        Trace trace;
        try {
            trace = Simulator.run(scenario, o);
        } catch (IllegalArgumentException e) {
            throw new UserError("simulate " + target + ": " + e.getMessage());
        }
        if (output.toString().equals("-")) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            JsonTraceWriter.write(trace, buf);
            out.print(buf.toString(StandardCharsets.UTF_8));
            out.flush();
            return 0;
        }
        try {
            JsonTraceWriter.write(trace, output);
        } catch (IOException e) {
            throw new UserError("cannot write " + output + ": " + e.getMessage());
        }
        out.println(summary(trace, output));
        out.flush();
        return 0;
    }

    private static Scenario resolve(String target) {
        Scenario s = Scenarios.get(target);
        if (s != null) {
            return s;
        }
        Path p = Path.of(target);
        if (!Files.exists(p)) {
            throw new UserError(
                    "'"
                            + target
                            + "' is neither a built-in scenario ("
                            + String.join(", ", Scenarios.ids())
                            + ") nor a file");
        }
        try {
            return WorkloadReader.read(p);
        } catch (WorkloadException e) {
            throw new UserError(e.getMessage());
        }
    }

    private Overrides overrides(Scenario s) {
        Overrides o = Overrides.NONE;
        if (variant != null) {
            if (s.variant(variant) == null) {
                throw new UserError(
                        "--variant "
                                + variant
                                + ": "
                                + s.id()
                                + " has the variants "
                                + String.join(
                                        ", ",
                                        s.variants().stream().map(Scenario.Variant::id).toList()));
            }
            o = o.withVariant(variant);
        }
        if (seed != null) {
            o = o.withSeed(seed);
        }
        if (cacheMode != null) {
            CacheMode m = CacheMode.parse(cacheMode);
            if (m == null) {
                throw new UserError(
                        "--cache-mode " + cacheMode + ": expected one of " + CacheMode.names());
            }
            o = o.withCacheMode(m);
        }
        if (crashKind != null) {
            CrashKind k = CrashKind.parse(crashKind);
            if (k == null) {
                throw new UserError(
                        "--crash-kind " + crashKind + ": expected one of " + CrashKind.names());
            }
            o = o.withCrashKind(k);
        }
        if ("end".equals(crashAt)) {
            o = o.withCrashAt(Time.NONE);
        } else if (crashAt != null) {
            double secs;
            try {
                secs = Double.parseDouble(crashAt);
            } catch (NumberFormatException e) {
                secs = Double.NaN;
            }
            if (!(secs >= 0) || secs > 1e6) {
                throw new UserError(
                        "--crash-at " + crashAt + ": expected seconds >= 0 (e.g. 0.0045) or 'end'");
            }
            o = o.withCrashAt(Time.ofSeconds(secs));
        }
        return o;
    }

    static String summary(Trace t, Path file) {
        Map<String, Integer> byLayer = new LinkedHashMap<>();
        for (var l : t.layers()) {
            byLayer.put(l.id(), 0);
        }
        for (int r = 0; r < t.requests().size(); r++) {
            byLayer.merge(t.layerId(r), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        byLayer.forEach((k, v) -> parts.add(k + " " + v));
        return String.format(
                Locale.ROOT,
                "wrote %s: %s, %d requests (%s), %s at %s s, %d sectors in the truth, %d requests in flight",
                file,
                t.meta().title(),
                t.requests().size(),
                String.join(", ", parts),
                t.truth().crashKind(),
                Time.formatSeconds(t.truth().crashAt()),
                t.truth().sectors().size(),
                t.truth().inFlight().size());
    }

    private static void printList(PrintWriter out) {
        for (Scenario s : Scenarios.all()) {
            out.printf("%-18s %s%n", s.id(), s.title());
            List<String> vs = new ArrayList<>();
            for (Scenario.Variant v : s.variants()) {
                vs.add(v.id());
            }
            out.printf(
                    "%-18s crash: %s at %s s; variants: %s%n",
                    "",
                    s.defaultCrashKind().jsonName(),
                    Time.formatSeconds(s.defaultCrashAtNs()),
                    String.join(", ", vs));
        }
    }

    private static List<Object> listJson() {
        List<Object> all = new ArrayList<>();
        for (Scenario s : Scenarios.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("title", s.title());
            m.put("explanation", s.explanation());
            m.put("crashAtSeconds", Time.toSeconds(s.defaultCrashAtNs()));
            m.put("crashKind", s.defaultCrashKind().jsonName());
            List<Object> variants = new ArrayList<>();
            for (Scenario.Variant v : s.variants()) {
                Map<String, Object> vm = new LinkedHashMap<>();
                vm.put("id", v.id());
                vm.put("title", v.title());
                vm.put("crashAtSeconds", Time.toSeconds(v.workload().crashAtNs()));
                vm.put("crashKind", v.workload().crashKind().jsonName());
                vm.put("expect", expectJson(v.expect()));
                variants.add(vm);
            }
            m.put("variants", variants);
            all.add(m);
        }
        return all;
    }

    private static Map<String, Object> expectJson(Expectation e) {
        Map<String, Object> m = new TreeMap<>();
        if (e == null) {
            return m;
        }
        m.put("finding", e.finding());
        m.put("layer", e.layer());
        m.put("write", e.write());
        m.put("with", e.with());
        m.put("state", e.state());
        m.put("onMedia", e.onMedia());
        m.put("notOnMedia", e.notOnMedia());
        m.put("note", e.note());
        m.values().removeIf(v -> v == null);
        return m;
    }
}
