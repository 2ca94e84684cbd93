package dev.orderlens.importer;

/**
 * The arguments of one QEMU trace event, looked up by the key the log backend prints before each
 * value ({@code "vdev %p req %p ret %d"}: {@code vdev}, {@code req}, {@code ret}). A log line is
 * read in place ({@link QemuLineArgs}); a simpletrace record holds the values and takes its keys
 * from the event's format string ({@link SimpletraceArgs}), so both feed the same trackers.
 */
sealed interface QemuArgs permits QemuLineArgs, SimpletraceArgs {
    /** The value after the key {@code key}, or {@link Fields#BAD}. */
    long get(String key);

    /** The value of {@code key}, else of {@code alternative} (renamed arguments), or BAD. */
    default long get(String key, String alternative) {
        long v = get(key);
        return v == Fields.BAD ? get(alternative) : v;
    }

    /** The arguments as the log backend prints them, or null when the event has none. */
    String text();
}
