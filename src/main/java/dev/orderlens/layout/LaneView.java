package dev.orderlens.layout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the user arranged the lanes: layer order (ids; layers not listed keep trace order after the
 * listed ones), collapsed layers (by id), collapsed sub-lanes (by trace lane index) and the names
 * the user gave lanes (by trace lane index). Immutable.
 */
public record LaneView(
        List<String> order,
        Set<String> collapsedLayers,
        Set<Integer> collapsedLanes,
        Map<Integer, String> names) {
    public static final LaneView DEFAULT = new LaneView(List.of(), Set.of(), Set.of(), Map.of());

    public LaneView {
        order = List.copyOf(order);
        collapsedLayers = Set.copyOf(collapsedLayers);
        collapsedLanes = Set.copyOf(collapsedLanes);
        names = Map.copyOf(names);
    }

    public LaneView(List<String> order, Set<String> collapsedLayers, Set<Integer> collapsedLanes) {
        this(order, collapsedLayers, collapsedLanes, Map.of());
    }

    /** The name the user gave a lane, else {@code fallback}. */
    public String name(int lane, String fallback) {
        return names.getOrDefault(lane, fallback);
    }

    /** Names a lane (blank: back to its own name). */
    public LaneView rename(int lane, String name) {
        Map<Integer, String> m = new HashMap<>(names);
        if (name == null || name.isBlank()) {
            m.remove(lane);
        } else {
            m.put(lane, name.strip());
        }
        return new LaneView(order, collapsedLayers, collapsedLanes, m);
    }

    public boolean collapsed(String layerId) {
        return collapsedLayers.contains(layerId);
    }

    public boolean laneCollapsed(int lane) {
        return collapsedLanes.contains(lane);
    }

    public LaneView toggleLayer(String layerId) {
        Set<String> s = new HashSet<>(collapsedLayers);
        if (!s.remove(layerId)) {
            s.add(layerId);
        }
        return new LaneView(order, s, collapsedLanes, names);
    }

    public LaneView toggleLane(int lane) {
        Set<Integer> s = new HashSet<>(collapsedLanes);
        if (!s.remove(lane)) {
            s.add(lane);
        }
        return new LaneView(order, collapsedLayers, s, names);
    }

    /** The model's layers in this view's order. */
    public List<TimelineModel.LayerLanes> arrange(List<TimelineModel.LayerLanes> layers) {
        List<TimelineModel.LayerLanes> out = new ArrayList<>();
        for (String id : order) {
            layers.stream().filter(l -> l.layer().id().equals(id)).findFirst().ifPresent(out::add);
        }
        for (TimelineModel.LayerLanes l : layers) {
            if (!out.contains(l)) {
                out.add(l);
            }
        }
        return out;
    }

    /** Moves a layer up (delta < 0) or down among the given layers; unchanged at the ends. */
    public LaneView move(String layerId, int delta, List<TimelineModel.LayerLanes> layers) {
        List<String> ids =
                new ArrayList<>(arrange(layers).stream().map(l -> l.layer().id()).toList());
        int i = ids.indexOf(layerId);
        int j = i + Integer.signum(delta);
        if (i < 0 || j < 0 || j >= ids.size()) {
            return this;
        }
        ids.set(i, ids.get(j));
        ids.set(j, layerId);
        return new LaneView(ids, collapsedLayers, collapsedLanes, names);
    }
}
