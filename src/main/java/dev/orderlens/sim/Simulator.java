package dev.orderlens.sim;

import dev.orderlens.analysis.CrashKind;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.Map;

/**
 * Runs a workload or a scenario variant and returns the trace, with the truth at its crash. Same
 * workload, same overrides: the same trace, to the byte once written.
 */
public final class Simulator {
    private Simulator() {}

    public static Trace run(Workload w, Overrides o) {
        return run(w, o, null, null);
    }

    /** Runs one variant of a scenario (the default one unless the overrides name another). */
    public static Trace run(Scenario s, Overrides o) {
        Scenario.Variant v = s.variant(o.variant());
        if (v == null) {
            throw new IllegalArgumentException(
                    "scenario "
                            + s.id()
                            + " has no variant '"
                            + o.variant()
                            + "' (variants: "
                            + String.join(
                                    ", ", s.variants().stream().map(Scenario.Variant::id).toList())
                            + ")");
        }
        return run(v.workload(), o, s.id(), s.variants().size() > 1 ? v.id() : null);
    }

    private static Trace run(Workload w, Overrides o, String scenarioId, String variantId) {
        Program.checkSize(w.steps());
        SimConfig c = w.newConfig();
        if (o.seed() != null) {
            c.seed = o.seed();
        }
        if (o.cacheMode() != null) {
            c.host.cacheMode = o.cacheMode();
        }
        long crashAt = o.crashAtNs() != null ? o.crashAtNs() : w.crashAtNs();
        if (crashAt != Time.NONE && crashAt < 0) {
            throw new IllegalArgumentException("crash time must not be negative");
        }
        CrashKind kind = o.crashKind() != null ? o.crashKind() : w.crashKind();
        Simulation sim =
                new Simulation(
                        c,
                        w.steps(),
                        "simulator:" + (scenarioId != null ? scenarioId : w.source()));
        var meta = sim.recorder.builder().meta();
        meta.title(w.title()).source("simulator").scenario(scenarioId);
        Map<String, Object> config = meta.config();
        config.putAll(c.describe());
        if (variantId != null) {
            config.put("variant", variantId);
        }
        return sim.run(crashAt, kind);
    }
}
