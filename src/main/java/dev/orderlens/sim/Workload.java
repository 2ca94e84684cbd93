package dev.orderlens.sim;

import dev.orderlens.analysis.CrashKind;
import dev.orderlens.model.Time;
import java.util.List;

/**
 * A runnable workload: the program's steps, the configuration and the default crash. Read from a
 * workload or scenario file by {@link WorkloadReader}; the configuration is rebuilt for every run
 * so that overrides never leak between runs.
 */
public final class Workload {
    private final String source;
    private final String title;
    private final JsonTree.Node configNode;
    private final long crashAtNs;
    private final CrashKind crashKind;
    private final List<Step> steps;

    Workload(
            String source,
            String title,
            JsonTree.Node configNode,
            long crashAtNs,
            CrashKind crashKind,
            List<Step> steps) {
        this.source = source;
        this.title = title;
        this.configNode = configNode;
        this.crashAtNs = crashAtNs;
        this.crashKind = crashKind;
        this.steps = List.copyOf(steps);
    }

    public String source() {
        return source;
    }

    public String title() {
        return title;
    }

    /**
     * Default crash time in ns, or {@link Time#NONE}: when the program has finished and its
     * requests completed.
     */
    public long crashAtNs() {
        return crashAtNs;
    }

    public CrashKind crashKind() {
        return crashKind;
    }

    List<Step> steps() {
        return steps;
    }

    /** A fresh configuration (defaults plus the workload's {@code config}). */
    public SimConfig newConfig() {
        try {
            return SimConfigReader.config(configNode);
        } catch (WorkloadException e) {
            throw new IllegalStateException("validated when read", e);
        }
    }
}
