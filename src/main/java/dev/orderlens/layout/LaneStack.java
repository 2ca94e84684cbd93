package dev.orderlens.layout;

import dev.orderlens.analysis.FlushDomains;
import dev.orderlens.model.Lane;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The devices of one layer as a stack: device A sits on device B when a request of B has a request
 * of A among its parents (a dm remap, a loop write carried by the disk's writeback). Lanes are
 * ordered top of the stack first (dm-0 and loop0 above vda), devices that stack on nothing keeping
 * their trace order; sub-lanes of a device ({@code vda/q0}) stay together. One pass over the parent
 * links: O(n + links).
 */
final class LaneStack {
    /** Per device name, the devices of the same layer it sits on, in first-seen order. */
    private final Map<String, Set<String>> below = new HashMap<>();

    private final Map<String, Integer> depth = new HashMap<>();

    private LaneStack() {}

    static LaneStack of(Trace t) {
        LaneStack s = new LaneStack();
        Requests r = t.requests();
        List<Lane> lanes = t.lanes();
        for (int row = 0; row < r.size(); row++) {
            if (r.parent(row) < 0) {
                continue;
            }
            for (int p : r.parents(row)) {
                if (r.layer(p) == r.layer(row) && r.lane(p) != r.lane(row)) {
                    String upper = FlushDomains.device(lanes.get(r.lane(p)).name());
                    String lower = FlushDomains.device(lanes.get(r.lane(row)).name());
                    if (!upper.equals(lower)) {
                        s.below.computeIfAbsent(upper, k -> new LinkedHashSet<>()).add(lower);
                    }
                }
            }
        }
        // depth = the longest chain of devices above; relax at most once per device (cycles,
        // which only bad input makes, stop there)
        int devices = s.below.size() + 1;
        for (int round = 0; round < devices; round++) {
            boolean changed = false;
            for (Map.Entry<String, Set<String>> e : s.below.entrySet()) {
                int d = s.depth.getOrDefault(e.getKey(), 0) + 1;
                for (String lower : e.getValue()) {
                    if (s.depth.getOrDefault(lower, 0) < d) {
                        s.depth.put(lower, d);
                        changed = true;
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
        return s;
    }

    /** The lanes of one layer, top of the stack first; the order of equals is kept. */
    List<Lane> order(List<Lane> lanesOfLayer) {
        List<Lane> out = new ArrayList<>(lanesOfLayer);
        out.sort(Comparator.comparingInt(l -> depth.getOrDefault(device(l), 0)));
        return out;
    }

    /** The devices a lane's device sits on ("254,0"), or empty. */
    List<String> below(Lane lane) {
        return List.copyOf(below.getOrDefault(device(lane), Set.of()));
    }

    private static String device(Lane l) {
        return FlushDomains.device(l.name());
    }
}
