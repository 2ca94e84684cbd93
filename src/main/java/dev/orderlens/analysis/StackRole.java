package dev.orderlens.analysis;

import dev.orderlens.model.Layer;

/**
 * What a trace layer's times mean for where the data is. Submit puts a write at its layer's holding
 * level; issue passes it down; completion means the layer below acknowledged it. Layers with other
 * ids are treated as block devices (they are drawn below the device layer).
 */
public enum StackRole {
    /** Guest block layer: queued in the guest until issued to the virtqueue. */
    GUEST(StackLevel.GUEST, StackLevel.QEMU),
    /** The virtqueue as QEMU sees it: inside QEMU from pop to completion. */
    VIRTIO(StackLevel.QEMU, StackLevel.QEMU),
    /** QEMU's block layer, then (from issue) the host kernel syscall. */
    HOST(StackLevel.QEMU, StackLevel.QEMU),
    /** A block device: in the host kernel's queue until dispatched to the device. */
    DEVICE(StackLevel.KERNEL, StackLevel.KERNEL);

    /** How a completed write is made durable at a layer, given the cache mode. */
    public enum Durability {
        /** A completed flush submitted after it completed, or FUA. */
        FLUSH_OR_FUA,
        /** Durable when it completes (no volatile cache below). */
        ON_COMPLETE,
        /** Never (cache=unsafe ignores guest flushes). */
        NEVER
    }

    private final byte hold;
    private final byte issued;

    StackRole(byte hold, byte issued) {
        this.hold = hold;
        this.issued = issued;
    }

    /** Level of the data from submit until issue. */
    public byte holdLevel() {
        return hold;
    }

    /** Lowest level of a part of the data after issue and before completion. */
    public byte issuedLevel() {
        return issued;
    }

    /** Level a completed write has certainly reached (its durability rule may promise more). */
    public byte completedLevel(CacheMode mode) {
        return switch (this) {
            case GUEST, VIRTIO -> StackLevel.KERNEL;
            case HOST -> mode.direct() ? StackLevel.DEVICE_CACHE : StackLevel.KERNEL;
            case DEVICE -> StackLevel.DEVICE_CACHE;
        };
    }

    /**
     * The layer's durability rule under a cache mode and whether the device has a volatile write
     * cache.
     */
    public Durability durability(CacheMode mode, boolean deviceCache) {
        Durability device = deviceCache ? Durability.FLUSH_OR_FUA : Durability.ON_COMPLETE;
        return switch (this) {
            case DEVICE -> device;
            case GUEST, VIRTIO, HOST ->
                    switch (mode) {
                        case WRITEBACK -> Durability.FLUSH_OR_FUA;
                        // every write made durable before it completes (BDRV_REQ_FUA)
                        case WRITETHROUGH, DIRECTSYNC -> Durability.ON_COMPLETE;
                        // O_DIRECT: no host page cache, only the device's
                        case NONE -> device;
                        // guest flushes never reach the host; the host's own fdatasync still does
                        case UNSAFE -> this == HOST ? Durability.FLUSH_OR_FUA : Durability.NEVER;
                    };
        };
    }

    public static StackRole of(String layerId) {
        return switch (layerId) {
            case Layer.GUEST -> GUEST;
            case Layer.VIRTIO -> VIRTIO;
            case Layer.HOST -> HOST;
            default -> DEVICE;
        };
    }
}
