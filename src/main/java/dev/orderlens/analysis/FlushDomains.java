package dev.orderlens.analysis;

import dev.orderlens.model.Lane;
import dev.orderlens.model.Trace;
import java.util.HashMap;
import java.util.Map;

/**
 * Which requests a flush speaks for. A flush covers the writes of one device at one layer. A lane
 * is named after its device, optionally with a sub-lane after a slash ("vda", "vda/q1",
 * "8,0/cpu3"); the part before the first slash is the device, so all sub-lanes of a device share
 * one flush domain.
 */
public final class FlushDomains {
    private final int[] domainOfLane;
    private final int count;

    private FlushDomains(int[] domainOfLane, int count) {
        this.domainOfLane = domainOfLane;
        this.count = count;
    }

    public static FlushDomains of(Trace t) {
        int[] map = new int[t.lanes().size()];
        Map<String, Integer> ids = new HashMap<>();
        for (Lane l : t.lanes()) {
            String key = l.layer() + "\u0000" + l.file() + "\u0000" + device(l.name());
            map[l.index()] = ids.computeIfAbsent(key, k -> ids.size());
        }
        return new FlushDomains(map, ids.size());
    }

    /** The device part of a lane name. */
    public static String device(String laneName) {
        int slash = laneName.indexOf('/');
        return slash < 0 ? laneName : laneName.substring(0, slash);
    }

    public int ofLane(int lane) {
        return domainOfLane[lane];
    }

    public int count() {
        return count;
    }
}
