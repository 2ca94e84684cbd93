package dev.orderlens.analysis;

/**
 * Where a write's data can be at the crash, from the top of the stack to the media. A crash kind
 * keeps everything at or below one level ({@link CrashKind#survivingLevel()}); a write's data is
 * described by the range [lowest, highest] of levels its parts may be at, so "durable" is "lowest
 * is at or below the boundary" and "lost" is "highest is above it".
 */
public final class StackLevel {
    /** Nowhere: the write failed or a writeback error dropped it. */
    public static final byte ABSENT = 0;

    /** The guest block layer (queued, not yet handed to the virtqueue). */
    public static final byte GUEST = 1;

    /** In the virtqueue ring or inside QEMU (virtio emulation, QEMU's block layer). */
    public static final byte QEMU = 2;

    /** The host kernel: page cache or block queue. */
    public static final byte KERNEL = 3;

    /** The device's volatile write cache. */
    public static final byte DEVICE_CACHE = 4;

    /** Stable media. */
    public static final byte MEDIA = 5;

    private static final String[] NAMES = {
        "nowhere",
        "the guest block layer",
        "QEMU",
        "the host kernel",
        "the device's volatile cache",
        "stable media"
    };

    private StackLevel() {}

    public static String describe(int level) {
        return NAMES[level];
    }
}
