package dev.orderlens.layout;

import dev.orderlens.analysis.FlushDomains;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Lane;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which requests the timeline shows: a list of criteria (each shown to the user as one removable
 * chip). Criteria of the same kind are alternatives (op = write OR op = flush); different kinds
 * must all hold (op = write AND process = jbd2). No criteria: everything is shown.
 */
public final class RequestFilter {
    /** What a criterion tests. */
    public enum Kind {
        OP("op"),
        FLAG("flag"),
        FINDING("finding"),
        SECTOR("sectors"),
        PROCESS("process"),
        DEVICE("device"),
        LAYER("layer");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One criterion; {@code value} is an op name, flag name, finding name, "lo-hi", a process,
     * device or layer id.
     */
    public record Criterion(Kind kind, String value) {
        public Criterion {
            if (kind == null || value == null || value.isBlank()) {
                throw new IllegalArgumentException("criterion needs a kind and a value");
            }
            value = value.trim();
            if (kind == Kind.OP && Op.parse(value) == null) {
                throw new IllegalArgumentException("unknown op '" + value + "'");
            }
            if (kind == Kind.FLAG && Flags.parse(value) == 0) {
                throw new IllegalArgumentException(
                        "unknown flag '"
                                + value
                                + "' (known: "
                                + String.join(", ", Flags.allNames())
                                + ")");
            }
            if (kind == Kind.FINDING && finding(value) == 0) {
                throw new IllegalArgumentException(
                        "unknown finding '"
                                + value
                                + "' (known: "
                                + String.join(", ", FINDINGS)
                                + ")");
            }
            if (kind == Kind.SECTOR) {
                parseRange(value);
            }
        }

        /** Chip text, e.g. "op: write". */
        public String label() {
            return kind.label() + ": " + value;
        }
    }

    /** Finding names a FINDING criterion accepts. */
    public static final List<String> FINDINGS =
            List.of("crossing", "depended-on", "overtaking", "concurrent", "flush", "fua", "drain");

    public static final RequestFilter ALL = new RequestFilter(List.of());

    private final List<Criterion> criteria;

    public RequestFilter(List<Criterion> criteria) {
        this.criteria = List.copyOf(criteria);
    }

    public List<Criterion> criteria() {
        return criteria;
    }

    public boolean isEmpty() {
        return criteria.isEmpty();
    }

    public RequestFilter with(Criterion c) {
        if (criteria.contains(c)) {
            return this;
        }
        List<Criterion> l = new ArrayList<>(criteria);
        l.add(c);
        return new RequestFilter(l);
    }

    public RequestFilter without(Criterion c) {
        List<Criterion> l = new ArrayList<>(criteria);
        l.remove(c);
        return new RequestFilter(l);
    }

    static int finding(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "crossing" -> OrderingFindings.CROSSING;
            case "depended-on" -> OrderingFindings.DEPENDED_ON;
            case "overtaking" -> OrderingFindings.OVERTAKING;
            case "concurrent" -> OrderingFindings.CONCURRENT;
            case "flush" -> OrderingFindings.FLUSH;
            case "fua" -> OrderingFindings.FUA_WRITE;
            case "drain" -> OrderingFindings.DRAIN_VIOLATION;
            default -> 0;
        };
    }

    /** Parses "lo-hi" (inclusive sectors) or a single sector "n". */
    public static long[] parseRange(String s) {
        String t = s.replace(" ", "").replace("_", "").replace(",", "");
        int dash = t.indexOf('-', 1);
        try {
            long lo = Long.parseLong(dash < 0 ? t : t.substring(0, dash));
            long hi = dash < 0 ? lo : Long.parseLong(t.substring(dash + 1));
            if (lo < 0 || hi < lo) {
                throw new IllegalArgumentException(
                        "sector range '" + s + "': expected lo-hi with 0 ≤ lo ≤ hi");
            }
            return new long[] {lo, hi};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "sector range '" + s + "': expected a sector or lo-hi, e.g. 2048-4095");
        }
    }

    /** The filter compiled against one trace: a fast per-row test. */
    public Compiled compile(Trace t, RequestColumns columns) {
        return new Compiled(t, columns);
    }

    /** Per-row predicate with the criteria resolved to bit masks and lane tables. */
    public final class Compiled {
        private final Requests r;
        private final RequestColumns columns;
        private final int opMask;
        private final int flagMask;
        private final int findingMask;
        private final long[][] ranges;
        private final Set<String> processes;
        private final boolean[] laneOk;

        Compiled(Trace t, RequestColumns columns) {
            this.r = t.requests();
            this.columns = columns;
            int ops = 0;
            int flags = 0;
            int finds = 0;
            List<long[]> rs = new ArrayList<>();
            Set<String> procs = new HashSet<>();
            Set<String> devices = new HashSet<>();
            Set<String> layers = new HashSet<>();
            for (Criterion c : criteria) {
                switch (c.kind()) {
                    case OP -> ops |= 1 << Op.parse(c.value()).ordinal();
                    case FLAG -> flags |= Flags.parse(c.value());
                    case FINDING -> finds |= finding(c.value());
                    case SECTOR -> rs.add(parseRange(c.value()));
                    case PROCESS -> procs.add(c.value());
                    case DEVICE -> devices.add(c.value());
                    case LAYER -> layers.add(c.value());
                    default -> throw new IllegalStateException();
                }
            }
            opMask = ops;
            flagMask = flags;
            findingMask = finds;
            ranges = rs.isEmpty() ? null : rs.toArray(new long[0][]);
            processes = procs.isEmpty() ? null : procs;
            laneOk = new boolean[t.lanes().size()];
            for (Lane l : t.lanes()) {
                boolean ok = layers.isEmpty() || layers.contains(t.layers().get(l.layer()).id());
                ok &=
                        devices.isEmpty()
                                || devices.contains(FlushDomains.device(l.name()))
                                || devices.contains(l.name());
                laneOk[l.index()] = ok;
            }
        }

        /** False for lanes a layer or device criterion hides entirely. */
        public boolean laneShown(int lane) {
            return laneOk[lane];
        }

        public boolean test(int row) {
            if (!laneOk[r.lane(row)]) {
                return false;
            }
            if (opMask != 0 && (opMask & (1 << columns.op(row))) == 0) {
                return false;
            }
            if (flagMask != 0 && (columns.flags(row) & flagMask) == 0) {
                return false;
            }
            if (findingMask != 0 && (columns.marks(row) & findingMask) == 0) {
                return false;
            }
            if (ranges != null && !inRanges(row)) {
                return false;
            }
            return processes == null || processes.contains(r.process(row));
        }

        private boolean inRanges(int row) {
            long lo = r.sector(row);
            long hi = lo + Math.max(1, r.count(row)) - 1;
            for (long[] range : ranges) {
                if (lo <= range[1] && range[0] <= hi) {
                    return true;
                }
            }
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestFilter f && f.criteria.equals(criteria);
    }

    @Override
    public int hashCode() {
        return criteria.hashCode();
    }

    @Override
    public String toString() {
        return criteria.isEmpty()
                ? "all requests"
                : String.join(", ", criteria.stream().map(Criterion::label).toList());
    }
}
