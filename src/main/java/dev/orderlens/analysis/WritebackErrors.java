package dev.orderlens.analysis;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.Events;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which writes each {@code writeback-error} event drops (docs/analysis.md): the volatile writes of
 * its layer that it covers — completed OK at or before the error and not yet durable by their
 * layer's rule — are lost at that layer, and later successful flushes do not bring them back. An
 * event on a layer with no writes in the trace (say a host error over a guest-only trace) applies
 * to the nearest layer above with writes, else the nearest below. An event without a sector range
 * covers the whole device (or layer). A write the range covers only in part is not certain to be
 * lost: it stays uncertain and is never made durable. A write still in flight at the error
 * (submitted, not yet completed) whose range it covers may have had its data in the pages that
 * failed (or be overwritten there by a concurrent write whose writeback failed): it is never made
 * durable either, but none of its sectors is certainly lost. Writes of no sectors have nothing to
 * drop.
 */
final class WritebackErrors {
    /**
     * Per row: when and by which event it was dropped, wholly or in part; {@link
     * PreparedWrites#NEVER} and -1 if not.
     */
    static final class Hits {
        private final long[] fullAt;
        private final int[] fullEvent;
        private final long[] partAt;
        private final int[] partEvent;

        /** Every error that hit a row in part: row → event rows (time order). */
        private final Map<Integer, int[]> partEvents = new HashMap<>();

        /** Rows whose first part-hit came while they were in flight (nothing certainly dropped). */
        private final BitSet hitInFlight = new BitSet();

        Hits(int n) {
            fullAt = new long[n];
            partAt = new long[n];
            fullEvent = new int[n];
            partEvent = new int[n];
            Arrays.fill(fullAt, PreparedWrites.NEVER);
            Arrays.fill(partAt, PreparedWrites.NEVER);
            Arrays.fill(fullEvent, -1);
            Arrays.fill(partEvent, -1);
        }

        /**
         * Whether an error dropped the whole row by t. The event is checked too: a crash at the end
         * of time (t = NEVER) is no hit.
         */
        boolean droppedBy(int row, long t) {
            return fullEvent[row] >= 0 && fullAt[row] <= t;
        }

        /** When an error dropped the whole row, or NEVER. */
        long droppedAt(int row) {
            return fullAt[row];
        }

        /** The event that dropped the whole row, or -1. */
        int droppedEvent(int row) {
            return fullEvent[row];
        }

        /** Whether an error hit part of the row (or hit it in flight) by t. */
        boolean partlyHitBy(int row, long t) {
            return partEvent[row] >= 0 && partAt[row] <= t;
        }

        /** When an error first hit part of the row, or NEVER. */
        long partlyHitAt(int row) {
            return partAt[row];
        }

        /** The first event that hit part of the row, or -1. */
        int partlyHitEvent(int row) {
            return partEvent[row];
        }

        /** Whether the first part-hit came while the row was in flight. */
        boolean hitInFlight(int row) {
            return hitInFlight.get(row);
        }

        /** Every error that hit part of the row, in time order. */
        int[] partEvents(int row) {
            return partEvents.getOrDefault(row, new int[0]);
        }
    }

    /** Event rows of the writeback errors, in time order. */
    private final int[] events;

    private final Hits flushRule;
    private final Hits neverRule;
    private final Hits completeRule;

    private WritebackErrors(int[] events, Hits flushRule, Hits neverRule, Hits completeRule) {
        this.events = events;
        this.flushRule = flushRule;
        this.neverRule = neverRule;
        this.completeRule = completeRule;
    }

    /** How many writeback-error events the trace has. */
    int eventCount() {
        return events.length;
    }

    /** The i-th writeback-error event row, in time order. */
    int event(int i) {
        return events[i];
    }

    /**
     * Hits for writes under a durability rule. Under ON_COMPLETE nothing completed is volatile, so
     * only writes in flight at an error are hit.
     */
    Hits hits(StackRole.Durability d) {
        return switch (d) {
            case FLUSH_OR_FUA -> flushRule;
            case NEVER -> neverRule;
            case ON_COMPLETE -> completeRule;
        };
    }

    static WritebackErrors find(Trace t, PreparedWrites a, boolean[] hasWrites) {
        Events e = t.events();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < e.size(); i++) {
            if (e.kind(i) == EventKind.WRITEBACK_ERROR) {
                rows.add(i);
            }
        }
        if (rows.isEmpty()) {
            return null;
        }
        int[] events = rows.stream().mapToInt(Integer::intValue).toArray();
        int[] target = new int[events.length];
        for (int i = 0; i < events.length; i++) {
            target[i] = targetLayer(t, e.layer(events[i]), hasWrites);
        }
        IntervalIndex[] byLayer = new IntervalIndex[t.layers().size()];
        Hits flushRule = new Hits(a.size());
        Hits neverRule = new Hits(a.size());
        Hits completeRule = new Hits(a.size());
        for (int i = 0; i < events.length; i++) {
            int layer = target[i];
            if (layer < 0) {
                continue;
            }
            int ev = events[i];
            long at = e.time(ev);
            boolean ranged = e.sector(ev) >= 0 && e.count(ev) > 0;
            long from = ranged ? e.sector(ev) : Long.MIN_VALUE;
            long to = ranged ? e.sector(ev) + e.count(ev) : Long.MAX_VALUE; // no range: all sectors
            int lane = e.lane(ev);
            int onlyDomain =
                    lane >= 0 && t.lanes().get(lane).layer() == layer
                            ? a.domains().ofLane(lane)
                            : -1;
            for (int row : rowsOf(a, layer, onlyDomain, ranged, from, to, byLayer)) {
                if (!a.endedOk(row) || a.count(row) <= 0) {
                    continue;
                }
                if (a.complete(row) > at) {
                    if (a.submit(row) <= at) {
                        recordInFlight(neverRule, row, at, ev);
                        recordInFlight(flushRule, row, at, ev);
                        recordInFlight(completeRule, row, at, ev);
                    }
                    continue;
                }
                boolean whole = from <= a.sector(row) && a.end(row) <= to;
                record(neverRule, row, at, ev, whole);
                if (a.flushOrFuaAt(row) > at) {
                    record(flushRule, row, at, ev, whole);
                }
            }
        }
        return new WritebackErrors(events, flushRule, neverRule, completeRule);
    }

    /** An error while the row was in flight: never durable, no sector certainly dropped. */
    private static void recordInFlight(Hits h, int row, long at, int ev) {
        if (h.partAt[row] == PreparedWrites.NEVER) {
            h.partAt[row] = at;
            h.partEvent[row] = ev;
            h.hitInFlight.set(row);
        }
    }

    private static void record(Hits h, int row, long at, int ev, boolean whole) {
        if (whole && h.fullAt[row] == PreparedWrites.NEVER) {
            h.fullAt[row] = at;
            h.fullEvent[row] = ev;
        } else if (!whole) {
            if (h.partAt[row] == PreparedWrites.NEVER) {
                h.partAt[row] = at;
                h.partEvent[row] = ev;
            }
            int[] old = h.partEvents.getOrDefault(row, new int[0]);
            int[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = ev;
            h.partEvents.put(row, grown);
        }
    }

    private static int[] rowsOf(
            PreparedWrites a,
            int layer,
            int onlyDomain,
            boolean ranged,
            long from,
            long to,
            IntervalIndex[] byLayer) {
        if (!ranged) {
            return Arrays.stream(a.writesOf(layer))
                    .filter(r -> onlyDomain < 0 || a.domain(r) == onlyDomain)
                    .toArray();
        }
        if (byLayer[layer] == null) {
            byLayer[layer] = a.index(a.writesOf(layer));
        }
        Set<Integer> domains = new LinkedHashSet<>();
        if (onlyDomain >= 0) {
            domains.add(onlyDomain);
        } else {
            for (int r : a.writesOf(layer)) {
                domains.add(a.domain(r));
            }
        }
        List<Integer> hits = new ArrayList<>();
        for (int d : domains) {
            byLayer[layer].overlapping(d, from, to, hits::add);
        }
        return hits.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** The event's layer if it has writes, else the nearest layer above with writes, else below. */
    static int targetLayer(Trace t, int layer, boolean[] hasWrites) {
        int at = layer;
        if (at < 0) { // no layer given: the host page cache is where writeback happens
            at = t.layerIndex(Layer.HOST);
            if (at < 0) {
                at = 0;
                while (at < t.layers().size()
                        && t.layers().get(at).stackRank() < Layer.stackRank(Layer.HOST)) {
                    at++;
                }
                // 'at' is where a host layer would sit; look above it first
                for (int l = at - 1; l >= 0; l--) {
                    if (hasWrites[l]) {
                        return l;
                    }
                }
                for (int l = at; l < hasWrites.length; l++) {
                    if (hasWrites[l]) {
                        return l;
                    }
                }
                return -1;
            }
        }
        if (hasWrites[at]) {
            return at;
        }
        for (int l = at - 1; l >= 0; l--) {
            if (hasWrites[l]) {
                return l;
            }
        }
        for (int l = at + 1; l < hasWrites.length; l++) {
            if (hasWrites[l]) {
                return l;
            }
        }
        return -1;
    }
}
