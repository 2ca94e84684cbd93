package dev.orderlens.analysis;

import java.util.Objects;

/**
 * One crash-point query: at {@code atNs} (an event exactly at that time happened before the crash),
 * of a kind, under each disk's QEMU cache mode, with a tearing policy.
 */
public record CrashPoint(long atNs, CrashKind kind, CacheModes cacheModes, Tearing tearing) {
    public CrashPoint {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cacheModes, "cacheModes");
        Objects.requireNonNull(tearing, "tearing");
    }

    /** A crash point with one cache mode for every disk. */
    public CrashPoint(long atNs, CrashKind kind, CacheMode cacheMode, Tearing tearing) {
        this(atNs, kind, CacheModes.all(Objects.requireNonNull(cacheMode, "cacheMode")), tearing);
    }

    /** A power loss at {@code atNs} under writeback caching, tearing per sector. */
    public static CrashPoint powerLoss(long atNs) {
        return new CrashPoint(atNs, CrashKind.POWER_LOSS, CacheMode.WRITEBACK, Tearing.SECTOR);
    }

    public CrashPoint at(long ns) {
        return new CrashPoint(ns, kind, cacheModes, tearing);
    }

    public CrashPoint withKind(CrashKind k) {
        return new CrashPoint(atNs, k, cacheModes, tearing);
    }

    /** One mode for every disk, set by the user. */
    public CrashPoint withCacheMode(CacheMode m) {
        return new CrashPoint(atNs, kind, CacheModes.all(m), tearing);
    }

    public CrashPoint withCacheModes(CacheModes m) {
        return new CrashPoint(atNs, kind, m, tearing);
    }

    public CrashPoint withTearing(Tearing t) {
        return new CrashPoint(atNs, kind, cacheModes, t);
    }
}
