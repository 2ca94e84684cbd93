package dev.orderlens.cli;

import dev.orderlens.analysis.CrossLayer;
import dev.orderlens.analysis.CrossLayer.Segment;
import dev.orderlens.analysis.DeviceStats;
import dev.orderlens.analysis.LatencyStats;
import dev.orderlens.analysis.LatencySummary;
import dev.orderlens.analysis.Phase;
import dev.orderlens.analysis.QueueDepth;
import dev.orderlens.analysis.RangeTotals;
import dev.orderlens.layout.TimeRangeInput;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orderlens stats FILE... [--json | --csv]}: btt's latencies, merge ratio and queue depth
 * per layer and device, and the guest → virtio → host breakdown (docs/stats.md). The JSON and CSV
 * are a contract (docs/cli.md).
 */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description =
                "Print btt's phase latencies (Q2Q..Q2C), merge ratio and queue depth per layer and device,"
                        + " and where guest requests spent their time in the guest, QEMU and the host.")
final class StatsCommand implements Callable<Integer> {
    @Mixin TraceInputOptions input;

    @Option(
            names = "--json",
            description = "Print one JSON object (see docs/cli.md); times in seconds.")
    boolean json;

    @Option(
            names = "--csv",
            description = "Print one CSV row per layer, device and phase (times in seconds).")
    boolean csv;

    @Option(
            names = "--range",
            paramLabel = "A..B",
            description =
                    "Instead: what happened in a time range (seconds, or with a unit: 120us..480us):"
                            + " per layer and lane, the requests submitted in it by op, bytes,"
                            + " flushes, writes not covered by a flush or FUA at its end, Q2C/D2C"
                            + " percentiles.")
    String range;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    static final String[] CSV_HEADER = {
        "layer",
        "device",
        "group",
        "phase",
        "n",
        "minSeconds",
        "avgSeconds",
        "p50Seconds",
        "p90Seconds",
        "p99Seconds",
        "maxSeconds"
    };

    @Override
    public Integer call() throws IOException {
        if (json && csv) {
            throw new UserError("--json and --csv cannot be combined");
        }
        long[] span = range == null ? null : parseRange(range);
        if (span != null && (json || csv)) {
            throw new UserError(
                    "--range prints a table; it cannot be combined with --json or --csv");
        }
        if (span != null) {
            Trace trace = input.load();
            PrintWriter out = spec.commandLine().getOut();
            printRange(out, RangeTotals.of(trace, span[0], span[1]));
            out.flush();
            return 0;
        }
        Trace trace = input.load();
        LatencyStats stats = LatencyStats.of(trace);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            new StatsJson(trace, stats).write(out);
        } else if (csv) {
            writeCsv(out, stats);
        } else {
            printText(out, trace, stats);
        }
        out.flush();
        return 0;
    }

    /** "A..B" (seconds unless a unit is given: 120us..480us) as {start, end} in ns. */
    static long[] parseRange(String text) {
        int dots = text.indexOf("..");
        if (dots < 0) {
            throw new UserError(
                    "--range " + text + ": expected two times as A..B, e.g. 0.05..0.15");
        }
        long a;
        long b;
        try {
            a = TimeRangeInput.parseTime(text.substring(0, dots));
            b = TimeRangeInput.parseTime(text.substring(dots + 2));
        } catch (IllegalArgumentException e) {
            throw new UserError("--range " + text + ": " + e.getMessage());
        }
        if (b <= a) {
            throw new UserError("--range " + text + ": the end must be after the start");
        }
        return new long[] {a, b};
    }

    /** The range's totals as a table: a line per layer, then its lanes indented. */
    static void printRange(PrintWriter out, RangeTotals r) {
        out.printf(
                "range %s .. %s s (%s): the requests submitted in it%n",
                Time.formatSeconds(r.fromNs()),
                Time.formatSeconds(r.toNs()),
                Time.formatDuration(r.toNs() - r.fromNs()));
        if (r.layers().isEmpty()) {
            out.println("no request was submitted in the range");
            return;
        }
        String fmt = "%-16s %9s %7s %7s %8s %5s %11s %11s %10s %10s %10s %10s %10s%n";
        out.printf(
                fmt,
                "layer / lane",
                "requests",
                "reads",
                "writes",
                "flushes",
                "FUA",
                "read B",
                "written B",
                "uncovered",
                "Q2C p50",
                "Q2C p99",
                "D2C p50",
                "D2C p99");
        for (RangeTotals.Totals layer : r.layers()) {
            rangeRow(out, fmt, layer.layer().id(), layer);
            for (RangeTotals.Totals lane : r.lanes()) {
                if (lane.layer().index() == layer.layer().index()) {
                    rangeRow(out, fmt, "  " + lane.lane().name(), lane);
                }
            }
        }
        out.println(
                "uncovered: writes not made durable by their own layer's flush or FUA by the"
                        + " range's end (in flight, failed, or not yet flushed)");
    }

    private static void rangeRow(PrintWriter out, String fmt, String name, RangeTotals.Totals t) {
        out.printf(
                fmt,
                name,
                String.format(Locale.ROOT, "%,d", t.requests()),
                String.format(Locale.ROOT, "%,d", t.ops().getOrDefault(Op.READ, 0)),
                String.format(Locale.ROOT, "%,d", t.writes()),
                String.format(Locale.ROOT, "%,d", t.flushes()),
                String.format(Locale.ROOT, "%,d", t.fua()),
                String.format(Locale.ROOT, "%,d", t.readBytes()),
                String.format(Locale.ROOT, "%,d", t.writeBytes()),
                String.format(Locale.ROOT, "%,d", t.uncovered()),
                latency(t.q2c(), t.q2c().p50()),
                latency(t.q2c(), t.q2c().p99()),
                latency(t.d2c(), t.d2c().p50()),
                latency(t.d2c(), t.d2c().p99()));
    }

    private static String latency(LatencySummary s, long v) {
        return s.isEmpty() ? "-" : Time.formatDuration(v);
    }

    static void writeCsv(Appendable out, LatencyStats stats) throws IOException {
        try (CSVPrinter csv =
                new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(CSV_HEADER).build())) {
            for (DeviceStats d : stats.devices()) {
                for (Phase p : Phase.values()) {
                    csv.printRecord(row(d.layerId(), d.device(), "data", p.name(), d.summary(p)));
                }
                for (Phase p : Phase.FLUSH_PHASES) {
                    csv.printRecord(
                            row(d.layerId(), d.device(), "flush", p.name(), d.flushSummary(p)));
                }
            }
            CrossLayer c = stats.crossLayer();
            if (c.available()) {
                for (Segment s : Segment.values()) {
                    csv.printRecord(row("cross-layer", "", "segment", s.key(), c.summary(s)));
                }
            }
        }
    }

    private static List<Object> row(
            String layer, String device, String group, String phase, LatencySummary s) {
        List<Object> r = new ArrayList<>(List.of(layer, device, group, phase, s.n()));
        if (s.isEmpty()) {
            r.addAll(List.of("", "", "", "", "", ""));
        } else {
            r.addAll(
                    List.of(
                            Time.formatSeconds(s.min()),
                            seconds(s.avg()),
                            Time.formatSeconds(s.p50()),
                            Time.formatSeconds(s.p90()),
                            Time.formatSeconds(s.p99()),
                            Time.formatSeconds(s.max())));
        }
        return r;
    }

    /** A mean in ns as seconds with ns precision (btt prints 9 decimals). */
    static String seconds(double ns) {
        return String.format(Locale.ROOT, "%.9f", ns / 1e9);
    }

    private static void printText(PrintWriter out, Trace trace, LatencyStats stats) {
        if (stats.devices().isEmpty()) {
            out.println("no requests");
            return;
        }
        for (DeviceStats d : stats.devices()) {
            out.printf(
                    "%s %s: %,d queued (#Q), %,d issued (#D), merge ratio %s",
                    d.layerId(),
                    d.device(),
                    d.queued(),
                    d.issued(),
                    d.issued() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", d.mergeRatio()));
            DeviceStats.Sizes z = d.sizes();
            if (z.n() > 0) {
                out.printf(
                        Locale.ROOT,
                        "; %d..%d sectors a request (avg %.1f), %,d in all",
                        z.min(),
                        z.max(),
                        z.avg(),
                        z.total());
            }
            out.println();
            out.printf(
                    "  queue depth: device %s, scheduler %s%n",
                    depth(d.deviceDepth()), depth(d.schedulerDepth()));
            table(out, "phase");
            for (Phase p : Phase.values()) {
                if (!d.summary(p).isEmpty()) {
                    line(
                            out,
                            p.name(),
                            d.summary(p)); // a layer without G/I/M events has no such phases
                }
            }
            if (d.flushes() > 0) {
                out.printf("  flushes (%,d; not in btt's phases):%n", d.flushes());
                for (Phase p : Phase.FLUSH_PHASES) {
                    if (!d.flushSummary(p).isEmpty()) {
                        line(out, p.name(), d.flushSummary(p));
                    }
                }
            }
            out.println();
        }
        CrossLayer c = stats.crossLayer();
        if (!c.available()) {
            out.println(
                    "cross-layer: needs a virtio layer (a QEMU log, with the guest's blkparse for the guest segments)");
            return;
        }
        String top = trace.layers().get(c.topLayer()).id();
        if (top.equals(Layer.VIRTIO)) {
            out.printf(
                    "cross-layer (no guest layer): %,d virtio requests, %,d with a host I/O%n",
                    c.size(), c.matchedHost());
        } else {
            out.printf(
                    "cross-layer: %,d %s requests, %,d reached QEMU, %,d a host I/O; %,d virtio requests without a %s request%n",
                    c.size(), top, c.matchedVirtio(), c.matchedHost(), c.unmatchedVirtio(), top);
        }
        table(out, "segment");
        for (Segment s : Segment.values()) {
            if (!c.summary(s).isEmpty()) {
                line(out, s.key(), c.summary(s));
            }
        }
    }

    private static String depth(QueueDepth q) {
        return q.isEmpty() ? "-" : String.format(Locale.ROOT, "avg %.2f max %d", q.mean(), q.max());
    }

    private static void table(PrintWriter out, String first) {
        out.printf(
                "  %-10s %8s %10s %10s %10s %10s %10s %10s%n",
                first, "N", "min", "avg", "p50", "p90", "p99", "max");
    }

    private static void line(PrintWriter out, String name, LatencySummary s) {
        if (s.isEmpty()) {
            out.printf("  %-10s %8d%n", name, 0);
            return;
        }
        out.printf(
                "  %-10s %,8d %10s %10s %10s %10s %10s %10s%n",
                name,
                s.n(),
                Time.formatDuration(s.min()),
                Time.formatDuration(Math.round(s.avg())),
                Time.formatDuration(s.p50()),
                Time.formatDuration(s.p90()),
                Time.formatDuration(s.p99()),
                Time.formatDuration(s.max()));
    }
}
