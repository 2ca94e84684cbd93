package dev.orderlens.sim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * QEMU's {@code -drive cache=} modes with their real meanings (formats.md §3.5): whether the guest
 * sees a volatile write cache, whether the host page cache is bypassed (O_DIRECT), whether every
 * write is flushed before it completes (emulated FUA), and whether guest flushes are ignored.
 */
public enum CacheMode {
    WRITEBACK("writeback", true, false, false),
    WRITETHROUGH("writethrough", false, false, false),
    NONE("none", true, true, false),
    DIRECTSYNC("directsync", false, true, false),
    UNSAFE("unsafe", true, false, true);

    private final String jsonName;
    private final boolean guestSeesWriteCache;
    private final boolean direct;
    private final boolean ignoresFlushes;

    CacheMode(String jsonName, boolean guestSeesWriteCache, boolean direct, boolean ignoresFlushes) {
        this.jsonName = jsonName;
        this.guestSeesWriteCache = guestSeesWriteCache;
        this.direct = direct;
        this.ignoresFlushes = ignoresFlushes;
    }

    public String jsonName() {
        return jsonName;
    }

    /** cache.writeback=on: the guest sees a volatile write cache and must flush. */
    public boolean guestSeesWriteCache() {
        return guestSeesWriteCache;
    }

    /** cache.direct=on: O_DIRECT, the host page cache is bypassed. */
    public boolean direct() {
        return direct;
    }

    /** cache.no-flush=on: guest flushes never reach the host kernel. */
    public boolean ignoresFlushes() {
        return ignoresFlushes;
    }

    /** Every write is made durable before it completes (QEMU ORs in BDRV_REQ_FUA). */
    public boolean flushesEveryWrite() {
        return !guestSeesWriteCache;
    }

    public static CacheMode parse(String s) {
        for (CacheMode m : values()) {
            if (m.jsonName.equals(s.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        return null;
    }

    public static String names() {
        return Arrays.stream(values()).map(CacheMode::jsonName).collect(Collectors.joining(", "));
    }
}
