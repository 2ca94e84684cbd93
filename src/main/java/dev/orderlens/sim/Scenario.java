package dev.orderlens.sim;

import dev.orderlens.analysis.CrashKind;
import dev.orderlens.model.Time;
import java.util.List;

/**
 * A teaching scenario (or a plain workload file, which is a scenario with one variant): an id, a
 * title, the explanation for the teaching pane, and one or more variants — the same story under
 * another cache mode, crash kind or workload detail. The first variant is the default.
 */
public final class Scenario {
    /** One runnable version of the scenario with its expected finding. */
    public record Variant(
            String id, String title, String explanation, Workload workload, Expectation expect) {}

    private final String id;
    private final String title;
    private final String explanation;
    private final List<Variant> variants;

    Scenario(String id, String title, String explanation, List<Variant> variants) {
        this.id = id;
        this.title = title;
        this.explanation = explanation;
        this.variants = List.copyOf(variants);
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** About 150 words for the teaching pane; empty for a plain workload file. */
    public String explanation() {
        return explanation;
    }

    public List<Variant> variants() {
        return variants;
    }

    public Variant defaultVariant() {
        return variants.get(0);
    }

    /** The variant with this id (null = the default), or null if there is none. */
    public Variant variant(String variantId) {
        if (variantId == null) {
            return defaultVariant();
        }
        for (Variant v : variants) {
            if (v.id().equals(variantId)) {
                return v;
            }
        }
        return null;
    }

    /**
     * Default crash time of the default variant in ns ({@link Time#NONE} = when the workload is
     * done).
     */
    public long defaultCrashAtNs() {
        return defaultVariant().workload().crashAtNs();
    }

    public CrashKind defaultCrashKind() {
        return defaultVariant().workload().crashKind();
    }
}
