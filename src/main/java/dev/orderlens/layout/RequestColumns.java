package dev.orderlens.layout;

import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.model.RequestTable;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;

/**
 * What drawing needs of each request, read straight from the trace's columns: start, end (a request
 * that never completed ends at the end of the trace), op, flags and the ordering marks.
 */
public final class RequestColumns {
    private final RequestTable table;
    private final OrderingFindings findings;
    private final long traceEnd;

    public RequestColumns(Trace trace, OrderingFindings findings) {
        this.table = trace.requestTable();
        this.findings = findings;
        this.traceEnd = trace.endNs();
    }

    public RequestTable table() {
        return table;
    }

    /** Null while the analysis has not run. */
    public OrderingFindings findings() {
        return findings;
    }

    public long start(int row) {
        return table.submit(row);
    }

    /** Completion, or the end of the trace for a request that never completed. */
    public long end(int row) {
        long c = table.complete(row);
        return c == Time.NONE ? Math.max(traceEnd, table.submit(row)) : c;
    }

    public boolean completed(int row) {
        return table.complete(row) != Time.NONE;
    }

    public int op(int row) {
        return table.opCode(row);
    }

    public int flags(int row) {
        return table.flags(row);
    }

    /** {@link OrderingFindings} bits, 0 before the analysis ran. */
    public int marks(int row) {
        return findings == null ? 0 : findings.marks(row);
    }

    public long traceEnd() {
        return traceEnd;
    }
}
