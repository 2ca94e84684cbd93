package dev.orderlens.export;

import dev.orderlens.analysis.CrashReport;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Time;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.PrimitiveIterator;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The crash-outcomes CSV ({@code analyze --csv}): one row per write and crash point, with the
 * columns asked for. One header, then the rows of each crash point in turn, so several crash times
 * go into one file; a reason chain is only built when its column is asked for, which is most of the
 * cost at 10^6 writes.
 */
public final class CrashCsv {
    /** A column of the crash-outcomes CSV (docs/cli.md). */
    public enum Column {
        CRASH_SECONDS("crashSeconds"),
        ID("id"),
        LAYER("layer"),
        LANE("lane"),
        OP("op"),
        FLAGS("flags"),
        SECTOR("sector"),
        COUNT("count"),
        LINE("line"),
        SUBMIT_SECONDS("submitSeconds"),
        COMPLETE_SECONDS("completeSeconds"),
        STATE("state"),
        REASON("reason"),
        NAME("name");

        private final String header;

        Column(String header) {
            this.header = header;
        }

        public String header() {
            return header;
        }

        /** The column of that header name (case ignored), or null. */
        public static Column parse(String name) {
            for (Column c : values()) {
                if (c.header.equalsIgnoreCase(name.trim())) {
                    return c;
                }
            }
            return null;
        }

        /** "crashSeconds, id, ..., name" for messages. */
        public static String names() {
            List<String> out = new ArrayList<>();
            for (Column c : values()) {
                out.add(c.header);
            }
            return String.join(", ", out);
        }
    }

    /** The columns of one crash point's CSV (the contract before several crash points). */
    public static final List<Column> ONE_CRASH =
            List.of(
                    Column.ID,
                    Column.LAYER,
                    Column.LANE,
                    Column.OP,
                    Column.FLAGS,
                    Column.SECTOR,
                    Column.COUNT,
                    Column.LINE,
                    Column.SUBMIT_SECONDS,
                    Column.COMPLETE_SECONDS,
                    Column.STATE,
                    Column.REASON,
                    Column.NAME);

    /** With several crash points each row says which: crashSeconds first. */
    public static final List<Column> SEVERAL_CRASHES = several();

    private static List<Column> several() {
        List<Column> out = new ArrayList<>(List.of(Column.CRASH_SECONDS));
        out.addAll(ONE_CRASH);
        return List.copyOf(out);
    }

    private final List<Column> columns;
    private final CSVPrinter csv;
    private final Object[] cells;

    /** Writes the header row to {@code out}. */
    public CrashCsv(List<Column> columns, Appendable out) throws IOException {
        this.columns = List.copyOf(columns);
        String[] header = new String[columns.size()];
        for (int i = 0; i < header.length; i++) {
            header[i] = columns.get(i).header();
        }
        this.csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header).build());
        this.cells = new Object[header.length];
    }

    /**
     * The rows of one crash point: every write (every layer, submit order) in {@code states},
     * {@code offset} matching writes skipped and at most {@code limit} written. Flushes.
     */
    public void rows(CrashReport report, Set<WriteState> states, long offset, long limit)
            throws IOException {
        PrimitiveIterator.OfInt rows = report.rows(states);
        String at = Time.formatSeconds(report.point().atNs());
        long skip = offset;
        long written = 0;
        while (rows.hasNext() && written < limit) {
            int row = rows.nextInt();
            if (skip > 0) {
                skip--;
                continue;
            }
            CrashReport.Write w = report.write(row);
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cell(columns.get(i), report, w, at);
            }
            csv.printRecord(cells);
            written++;
        }
        csv.flush();
    }

    private static Object cell(Column c, CrashReport report, CrashReport.Write w, String at) {
        int row = w.row();
        return switch (c) {
            case CRASH_SECONDS -> at;
            case ID -> report.trace().requests().id(row);
            case LAYER -> CsvExport.text(w.layer());
            case LANE -> CsvExport.text(w.lane());
            case OP -> w.op();
            case FLAGS -> String.join("|", Flags.names(report.trace().requests().flags(row)));
            case SECTOR -> w.sector();
            case COUNT -> w.count();
            case LINE -> report.trace().requests().sourceLine(row);
            case SUBMIT_SECONDS -> Time.formatSeconds(w.submitNs());
            case COMPLETE_SECONDS ->
                    w.completeNs() == Time.NONE ? "" : Time.formatSeconds(w.completeNs());
            case STATE -> w.state().jsonName();
            case REASON -> CsvExport.text(report.chainText(row));
            case NAME -> CsvExport.text(w.name());
        };
    }
}
