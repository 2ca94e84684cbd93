package dev.orderlens.importer;

/**
 * One parsed QEMU trace-event line: its time (ns from the log's first event), event name, 1-based
 * source line and arguments. The arguments are read through the importer's reused {@link QemuArgs},
 * so an event is only valid while it is being dispatched (no per-line copies at line rate).
 */
record QemuEvent(long time, String name, int line, QemuArgs args) {
    /** The value after the token {@code key}, or {@link Fields#BAD}. */
    long arg(String key) {
        return args.get(key);
    }

    /** The value of {@code key}, else of {@code alternative} (a renamed argument), or BAD. */
    long arg(String key, String alternative) {
        return args.get(key, alternative);
    }

    /** The arguments as written (for messages and unmodelled events), or null. */
    String argsText() {
        return args.text();
    }
}
