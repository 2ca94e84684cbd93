package dev.orderlens.ui;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CacheModes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cache modes a session keeps: only what the user set (per disk, or "*" for every disk); the
 * rest is inferred again from the files when the session is opened (docs/session.md).
 */
final class SessionCacheModes {
    private static final System.Logger LOG = System.getLogger(SessionCacheModes.class.getName());

    private SessionCacheModes() {}

    /** The user's choices as names for the session file. */
    static Map<String, String> toSession(CacheModes m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.overrides().forEach((disk, mode) -> out.put(disk, mode.jsonName()));
        return out;
    }

    /**
     * The trace's defaults with the session's choices over them. A mode this version does not know
     * or a disk the trace does not have is skipped and logged: the rest of the session still opens.
     */
    static CacheModes apply(Map<String, String> saved, CacheModes defaults) {
        Map<String, CacheMode> set = new LinkedHashMap<>();
        saved.forEach(
                (disk, name) -> {
                    CacheMode m = CacheMode.parse(name);
                    if (m == null) {
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "session: cache mode ''{0}'' of {1} is unknown; kept the trace''s",
                                name,
                                disk);
                    } else if (!disk.equals(CacheModes.ALL)
                            && !defaults.disks().containsKey(disk)) {
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "session: no disk {0} in this trace; its cache mode is skipped",
                                disk);
                    } else {
                        set.put(disk, m);
                    }
                });
        return defaults.withOverrides(set);
    }
}
