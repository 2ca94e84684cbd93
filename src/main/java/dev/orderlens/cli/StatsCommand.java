package dev.orderlens.cli;

import dev.orderlens.analysis.CrossLayer;
import dev.orderlens.analysis.CrossLayer.Segment;
import dev.orderlens.analysis.DeviceStats;
import dev.orderlens.analysis.LatencyStats;
import dev.orderlens.analysis.LatencySummary;
import dev.orderlens.analysis.Phase;
import dev.orderlens.analysis.QueueDepth;
import dev.orderlens.model.Layer;
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
