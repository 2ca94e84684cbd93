package dev.orderlens.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An injected fault, from the workload's {@code config.faults}.
 *
 * @param kind what goes wrong
 * @param atNs when (ns)
 * @param sector first sector of the affected range (writeback-error), else -1
 * @param count sectors in the range
 * @param reported writeback-error only: whether the next fdatasync reports the error once (Linux
 *     4.13+ errseq) or never (older kernels, or another process's sync consumed it)
 */
public record Fault(Kind kind, long atNs, long sector, int count, boolean reported) {
    public enum Kind {
        /** Host writeback of the range fails with EIO; the kernel marks the pages clean. */
        WRITEBACK_ERROR("writeback-error"),
        /**
         * The thin pool under the device is full from now on: allocating writes fail with ENOSPC.
         */
        ENOSPC("enospc"),
        /** The link to the device is lost: nothing sent to it completes any more. */
        LOST_LINK("lost-link"),
        /** Memory pressure: the host kernel evicts every clean page-cache page. */
        MEMORY_PRESSURE("memory-pressure");

        private final String jsonName;

        Kind(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.jsonName.equals(s)) {
                    return k;
                }
            }
            return null;
        }
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.jsonName());
        m.put("at", atNs / 1e9);
        if (kind == Kind.WRITEBACK_ERROR) {
            m.put("sector", sector);
            m.put("count", count);
            m.put("reported", reported ? "once" : "never");
        }
        return m;
    }
}
