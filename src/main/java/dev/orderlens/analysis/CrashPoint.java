package dev.orderlens.analysis;

import java.util.Objects;

/**
 * One crash-point query: at {@code atNs} (an event exactly at that time happened before the crash),
 * of a kind, under a QEMU cache mode, with a tearing policy.
 */
public record CrashPoint(long atNs, CrashKind kind, CacheMode cacheMode, Tearing tearing) {
    public CrashPoint {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cacheMode, "cacheMode");
        Objects.requireNonNull(tearing, "tearing");
    }

    /** A power loss at {@code atNs} under writeback caching, tearing per sector. */
    public static CrashPoint powerLoss(long atNs) {
        return new CrashPoint(atNs, CrashKind.POWER_LOSS, CacheMode.WRITEBACK, Tearing.SECTOR);
    }

    public CrashPoint at(long ns) {
        return new CrashPoint(ns, kind, cacheMode, tearing);
    }

    public CrashPoint withKind(CrashKind k) {
        return new CrashPoint(atNs, k, cacheMode, tearing);
    }

    public CrashPoint withCacheMode(CacheMode m) {
        return new CrashPoint(atNs, kind, m, tearing);
    }

    public CrashPoint withTearing(Tearing t) {
        return new CrashPoint(atNs, kind, cacheMode, t);
    }
}
