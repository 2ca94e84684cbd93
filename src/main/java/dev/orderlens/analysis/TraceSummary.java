package dev.orderlens.analysis;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Trace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts for the "what is in this trace" views: requests per layer and per op, events per kind, the
 * time span and what the import skipped. Shared by {@code orderlens info} and the app.
 */
public record TraceSummary(
        int requests,
        Map<String, Integer> byLayer,
        Map<String, Map<String, Integer>> byLayerAndOp,
        Map<String, Integer> byOp,
        int events,
        Map<String, Integer> eventsByKind,
        long startNs,
        long endNs,
        long skippedLines,
        List<SourceFile> files,
        Map<String, Integer> lanesByLayer) {

    public static TraceSummary of(Trace t) {
        Requests r = t.requests();
        Map<String, Integer> byLayer = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> byLayerAndOp = new LinkedHashMap<>();
        Map<String, Integer> lanes = new LinkedHashMap<>();
        for (Layer l : t.layers()) {
            byLayer.put(l.id(), 0);
            byLayerAndOp.put(l.id(), new LinkedHashMap<>());
            lanes.put(l.id(), 0);
        }
        t.lanes().forEach(l -> lanes.merge(t.layers().get(l.layer()).id(), 1, Integer::sum));
        int[][] counts = new int[t.layers().size()][Op.values().length];
        for (int i = 0; i < r.size(); i++) {
            counts[r.layer(i)][r.op(i).ordinal()]++;
        }
        Map<String, Integer> byOp = new LinkedHashMap<>();
        for (Layer l : t.layers()) {
            int total = 0;
            for (Op op : Op.values()) {
                int c = counts[l.index()][op.ordinal()];
                if (c > 0) {
                    byLayerAndOp.get(l.id()).put(op.jsonName(), c);
                    byOp.merge(op.jsonName(), c, Integer::sum);
                    total += c;
                }
            }
            byLayer.put(l.id(), total);
        }
        Events e = t.events();
        Map<String, Integer> byKind = new LinkedHashMap<>();
        int[] kindCounts = new int[EventKind.values().length];
        for (int i = 0; i < e.size(); i++) {
            kindCounts[e.kind(i).ordinal()]++;
        }
        for (EventKind k : EventKind.values()) {
            if (kindCounts[k.ordinal()] > 0) {
                byKind.put(k.jsonName(), kindCounts[k.ordinal()]);
            }
        }
        return new TraceSummary(
                r.size(),
                byLayer,
                byLayerAndOp,
                byOp,
                e.size(),
                byKind,
                t.startNs(),
                t.endNs(),
                t.skippedLines(),
                t.sources(),
                lanes);
    }
}
