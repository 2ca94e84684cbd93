package dev.orderlens.analysis;

import java.util.Locale;

/**
 * QEMU's {@code -drive cache=} mode (docs/analysis.md §3, docs/formats.md §3). It decides what a
 * completion and a flush promise at the guest, virtio and host layers.
 */
public enum CacheMode {
    /**
     * Guest writes complete in the host page cache; guest flushes become fdatasync. QEMU's default.
     */
    WRITEBACK("writeback"),
    /** Host page cache, but every write is made durable before it completes. */
    WRITETHROUGH("writethrough"),
    /** O_DIRECT: no host page cache; the device cache still needs a flush. */
    NONE("none"),
    /** O_DIRECT plus a flush per write. */
    DIRECTSYNC("directsync"),
    /** Like writeback, but guest flushes are ignored: no flush ever makes anything durable. */
    UNSAFE("unsafe");

    private final String jsonName;

    CacheMode(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** True when each write is durable by the time it completes (writethrough, directsync). */
    public boolean writesThrough() {
        return switch (this) {
            case WRITETHROUGH, DIRECTSYNC -> true;
            case WRITEBACK, NONE, UNSAFE -> false;
        };
    }

    /** True for O_DIRECT modes (no host page cache): cache.direct=on. */
    public boolean direct() {
        return switch (this) {
            case NONE, DIRECTSYNC -> true;
            case WRITEBACK, WRITETHROUGH, UNSAFE -> false;
        };
    }

    /** cache.writeback=on: the guest sees a volatile write cache and must flush. */
    public boolean guestSeesWriteCache() {
        return !writesThrough();
    }

    /** cache.no-flush=on: guest flushes never reach the host kernel. */
    public boolean ignoresFlushes() {
        return switch (this) {
            case UNSAFE -> true;
            case WRITEBACK, WRITETHROUGH, NONE, DIRECTSYNC -> false;
        };
    }

    /** Every write is made durable before it completes (QEMU ORs in BDRV_REQ_FUA). */
    public boolean flushesEveryWrite() {
        return writesThrough();
    }

    public static CacheMode parse(String s) {
        if (s == null) {
            return null;
        }
        String n = s.trim().toLowerCase(Locale.ROOT);
        for (CacheMode m : values()) {
            if (m.jsonName.equals(n)) {
                return m;
            }
        }
        return null;
    }

    public static String names() {
        return "writeback, writethrough, none, directsync, unsafe";
    }
}
