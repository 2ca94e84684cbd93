package dev.orderlens.sim;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CrashKind;

/**
 * What a caller may change when running a workload or scenario: the seed, the cache mode, the crash
 * time (ns) and kind, and the scenario variant. Null fields keep the workload's own choice.
 */
public record Overrides(
        Long seed, CacheMode cacheMode, Long crashAtNs, CrashKind crashKind, String variant) {
    public static final Overrides NONE = new Overrides(null, null, null, null, null);

    public Overrides withSeed(long s) {
        return new Overrides(s, cacheMode, crashAtNs, crashKind, variant);
    }

    public Overrides withCacheMode(CacheMode m) {
        return new Overrides(seed, m, crashAtNs, crashKind, variant);
    }

    public Overrides withCrashAt(long ns) {
        return new Overrides(seed, cacheMode, ns, crashKind, variant);
    }

    public Overrides withCrashKind(CrashKind k) {
        return new Overrides(seed, cacheMode, crashAtNs, k, variant);
    }

    public Overrides withVariant(String v) {
        return new Overrides(seed, cacheMode, crashAtNs, crashKind, v);
    }
}
