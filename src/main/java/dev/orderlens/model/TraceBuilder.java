package dev.orderlens.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects layers, lanes, requests and events while a trace is read or simulated, then seals them
 * into a {@link Trace}. Layers and lanes are created on first use, keyed by id/name.
 */
public final class TraceBuilder {
    private final StringPool pool = new StringPool();
    private final TaskTable tasks = new TaskTable(pool);
    private final RequestTableBuilder requests = new RequestTableBuilder(pool, tasks);
    private final EventTable events = new EventTable(pool);
    private final List<String[]> layers = new ArrayList<>(); // {id, name}
    private final List<Lane> lanes = new ArrayList<>();
    private final Map<String, Integer> laneIndex = new HashMap<>();
    private final List<SourceFile> sources = new ArrayList<>();
    private final TraceMeta meta = new TraceMeta();
    private Truth truth;
    private boolean built;

    /** Index of the layer with this id, created (with the given or default name) if new. */
    public int layer(String id, String name) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i)[0].equals(id)) {
                if (name != null && !name.isEmpty()) {
                    layers.get(i)[1] = name;
                }
                return i;
            }
        }
        layers.add(
                new String[] {id, name == null || name.isEmpty() ? Layer.defaultName(id) : name});
        return layers.size() - 1;
    }

    public int layer(String id) {
        return layer(id, null);
    }

    /** Index of the lane (layer, file, name), created if new. */
    public int lane(int layer, int file, String name) {
        String key = layer + "\u0000" + file + "\u0000" + name;
        Integer i = laneIndex.get(key);
        if (i != null) {
            return i;
        }
        int idx = lanes.size();
        lanes.add(new Lane(idx, layer, file, name));
        laneIndex.put(key, idx);
        return idx;
    }

    /** Registers an input file and returns its index. */
    public int addSource(SourceFile f) {
        sources.add(f);
        return sources.size() - 1;
    }

    public SourceFile source(int index) {
        return sources.get(index);
    }

    public List<SourceFile> sources() {
        return sources;
    }

    public RequestTableBuilder requests() {
        return requests;
    }

    public EventTable events() {
        return events;
    }

    public TraceMeta meta() {
        return meta;
    }

    public void truth(Truth t) {
        this.truth = t;
    }

    public String layerId(int index) {
        return layers.get(index)[0];
    }

    public int layerCount() {
        return layers.size();
    }

    /** Seals everything into an immutable trace. The builder cannot be used afterwards. */
    public Trace build() {
        if (built) {
            throw new IllegalStateException("already built");
        }
        built = true;
        // layers top to bottom by stack rank, stable for equal ranks
        Integer[] order = new Integer[layers.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> Layer.stackRank(layers.get(i)[0])));
        int[] newLayerOf = new int[order.length];
        List<Layer> layerList = new ArrayList<>();
        for (int k = 0; k < order.length; k++) {
            newLayerOf[order[k]] = k;
            layerList.add(new Layer(k, layers.get(order[k])[0], layers.get(order[k])[1]));
        }
        List<Lane> laneList = new ArrayList<>();
        for (Lane l : lanes) {
            laneList.add(new Lane(l.index(), newLayerOf[l.layer()], l.file(), l.name()));
        }
        events.remapLayers(newLayerOf);
        RequestTableBuilder.Sealed sealed = requests.seal(laneList);
        int[] newRowOf = IntSort.inverse(sealed.order(), sealed.order().length);
        events.seal(newRowOf);
        return new Trace(meta, layerList, laneList, sealed.table(), events, sources, truth, pool);
    }
}
