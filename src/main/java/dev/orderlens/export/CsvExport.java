package dev.orderlens.export;

import dev.orderlens.analysis.CrashReport;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The CSV exports (Commons CSV, RFC 4180, a header row): every request, and the per-write outcomes
 * at a crash point — the latter is also {@code orderlens analyze --csv}'s output, byte for byte.
 * Times are seconds, requests are named by id, flags and findings are joined with {@code |}.
 */
public final class CsvExport {
    /** Columns of the requests CSV (docs/exports.md). */
    public static final List<String> REQUEST_HEADER =
            List.of(
                    "id",
                    "layer",
                    "lane",
                    "op",
                    "flags",
                    "sector",
                    "count",
                    "line",
                    "submitSeconds",
                    "issueSeconds",
                    "completeSeconds",
                    "status",
                    "error",
                    "pid",
                    "process",
                    "data",
                    "parent",
                    "findings");

    /** Columns of the crash-outcomes CSV (the {@code analyze --csv} contract in docs/cli.md). */
    public static final List<String> CRASH_HEADER =
            CrashCsv.ONE_CRASH.stream().map(CrashCsv.Column::header).toList();

    private static final int[] FINDING_BITS = {
        OrderingFindings.CROSSING,
        OrderingFindings.OVERTAKING,
        OrderingFindings.CONCURRENT,
        OrderingFindings.DRAIN_VIOLATION
    };
    private static final String[] FINDING_NAMES = {"crossing", "overtaking", "concurrent", "drain"};

    private CsvExport() {}

    private static CSVPrinter printer(Appendable out, List<String> header) throws IOException {
        return new CSVPrinter(
                out, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).build());
    }

    /**
     * One row per request in submit order. {@code findings} may be null (the column is then empty);
     * {@code parent} is the parent request's id. Flushes {@code out}, does not close it.
     */
    public static void requests(
            Trace trace, OrderingFindings findings, Appendable out, Progress progress)
            throws IOException {
        requests(trace, findings, Long.MIN_VALUE, Long.MAX_VALUE, out, progress);
    }

    /** The requests submitted in [fromNs, toNs) only (a range selected in the app). */
    public static void requests(
            Trace trace,
            OrderingFindings findings,
            long fromNs,
            long toNs,
            Appendable out,
            Progress progress)
            throws IOException {
        Requests r = trace.requests();
        CSVPrinter csv = printer(out, REQUEST_HEADER);
        List<Object> rec = new ArrayList<>(REQUEST_HEADER.size());
        for (int row = 0; row < r.size(); row++) {
            if (r.submit(row) < fromNs || r.submit(row) >= toNs) {
                continue;
            }
            rec.clear();
            rec.add(r.id(row));
            rec.add(text(trace.layerId(row)));
            rec.add(text(trace.lanes().get(r.lane(row)).name()));
            rec.add(r.op(row).jsonName());
            rec.add(String.join("|", Flags.names(r.flags(row))));
            rec.add(r.sector(row));
            rec.add(r.count(row));
            rec.add(r.sourceLine(row));
            rec.add(seconds(r.submit(row)));
            rec.add(seconds(r.issue(row)));
            rec.add(seconds(r.complete(row)));
            rec.add(r.status(row).jsonName());
            rec.add(r.errorCode(row) == 0 ? "" : Integer.toString(r.errorCode(row)));
            rec.add(r.pid(row) < 0 ? "" : Integer.toString(r.pid(row)));
            rec.add(r.process(row) == null ? "" : text(r.process(row)));
            rec.add(r.dataTag(row) == null ? "" : text(r.dataTag(row)));
            rec.add(r.parent(row) < 0 ? "" : Integer.toString(r.id(r.parent(row))));
            rec.add(findings == null ? "" : findingNames(findings.marks(row)));
            csv.printRecord(rec);
            if ((row & 0xFFFF) == 0) {
                progress.update(row, r.size());
                progress.checkCancelled();
            }
        }
        csv.flush();
    }

    public static void requests(
            Trace trace, OrderingFindings findings, Path target, Progress progress)
            throws IOException {
        requests(trace, findings, Long.MIN_VALUE, Long.MAX_VALUE, target, progress);
    }

    /** The requests submitted in [fromNs, toNs) as a CSV file. */
    public static void requests(
            Trace trace,
            OrderingFindings findings,
            long fromNs,
            long toNs,
            Path target,
            Progress progress)
            throws IOException {
        AtomicFiles.write(
                target,
                out -> {
                    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                    requests(trace, findings, fromNs, toNs, w, progress);
                    w.flush();
                });
    }

    /**
     * One row per write (every layer, submit order) in {@code states} with its state at the crash
     * and the reason, {@code offset} matching writes skipped and at most {@code limit} written:
     * exactly {@code orderlens analyze --crash-at ... --csv}. Flushes {@code out}, does not close
     * it.
     */
    public static void crashOutcomes(
            CrashReport report, Set<WriteState> states, long offset, long limit, Appendable out)
            throws IOException {
        new CrashCsv(CrashCsv.ONE_CRASH, out).rows(report, states, offset, limit);
    }

    /** Every write's outcome ({@link #crashOutcomes(CrashReport, Set, long, long, Appendable)}). */
    public static void crashOutcomes(CrashReport report, Path target) throws IOException {
        AtomicFiles.write(
                target,
                out -> {
                    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                    crashOutcomes(report, CrashReport.ALL, 0, Long.MAX_VALUE, w);
                    w.flush();
                });
    }

    /**
     * A text cell that came from the input (a layer, lane, process or data name, or a reason that
     * quotes them), neutralised against formula injection as OWASP recommends: a cell starting with
     * {@code = + - @}, tab or CR gets a leading {@code '}, so a spreadsheet shows it as text
     * instead of evaluating {@code =HYPERLINK(...)}. Numeric columns (ids, sectors, counts, lines,
     * seconds, pids) are written by us as numbers and never prefixed, so a negative time stays a
     * number. See docs/exports.md.
     */
    static String text(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        char c = cell.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'
                ? "'" + cell
                : cell;
    }

    /** Seconds with ns precision, or empty for an absent time. */
    private static String seconds(long ns) {
        return ns == Time.NONE ? "" : Time.formatSeconds(ns);
    }

    /** "crossing|concurrent" for a row's {@link OrderingFindings} marks. */
    public static String findingNames(int marks) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < FINDING_BITS.length; i++) {
            if ((marks & FINDING_BITS[i]) != 0) {
                sb.append(sb.length() == 0 ? "" : "|").append(FINDING_NAMES[i]);
            }
        }
        return sb.toString();
    }
}
