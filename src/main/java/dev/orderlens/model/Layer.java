package dev.orderlens.model;

/**
 * One layer of the storage stack. {@code id} is the JSON id ("guest", "virtio", "host", "device" or
 * anything else); {@code index} is its position in {@link Trace#layers()}.
 */
public record Layer(int index, String id, String name) {
    public static final String GUEST = "guest";
    public static final String VIRTIO = "virtio";
    public static final String HOST = "host";
    public static final String DEVICE = "device";

    /** Top-to-bottom position of a layer id: guest, virtio, host, device, then any other. */
    public static int stackRank(String id) {
        return switch (id) {
            case GUEST -> 0;
            case VIRTIO -> 1;
            case HOST -> 2;
            case DEVICE -> 3;
            default -> 4;
        };
    }

    public int stackRank() {
        return stackRank(id);
    }

    /** The display name used when a trace gives none. */
    public static String defaultName(String id) {
        return switch (id) {
            case GUEST -> "Guest block layer";
            case VIRTIO -> "Virtio queue";
            case HOST -> "Host (QEMU + page cache)";
            case DEVICE -> "Device";
            default -> id;
        };
    }
}
