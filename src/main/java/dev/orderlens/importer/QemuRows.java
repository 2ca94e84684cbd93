package dev.orderlens.importer;

import dev.orderlens.model.EventKind;
import dev.orderlens.model.EventTable;
import dev.orderlens.model.Flags;
import dev.orderlens.model.RequestTableBuilder;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the QEMU trackers write what they rebuilt: finished requests become rows (their parent
 * links are set at the end, once both ends have rows), unmodelled lines become OTHER events, and a
 * line missing a required argument is skipped and reported on the file.
 */
final class QemuRows {
    final RequestTableBuilder table;
    final EventTable events;
    final SourceFile source;
    final int file;
    private final List<QemuReq> linked = new ArrayList<>();

    QemuRows(RequestTableBuilder table, EventTable events, SourceFile source, int file) {
        this.table = table;
        this.events = events;
        this.source = source;
        this.file = file;
    }

    /** Keeps a line no rule claims as an OTHER event with its name and arguments. */
    void other(QemuEvent e, int layer) {
        int ev = events.add(e.time(), EventKind.OTHER, layer, -1, file, -1, 0);
        events.setName(ev, e.name());
        String text = e.argsText();
        if (text != null) {
            events.setText(ev, text);
        }
        events.setSourceLine(ev, e.line());
    }

    /** True (and the line is skipped and reported) when a required argument is missing. */
    boolean missing(QemuEvent e, long value, String key) {
        if (value != Fields.BAD) {
            return false;
        }
        String text = e.argsText();
        source.skip(
                e.line(),
                e.name()
                        + ": expected '"
                        + key
                        + " VALUE' in the arguments, found: '"
                        + (text == null ? "" : text)
                        + "'");
        return true;
    }

    /** Writes a finished request as a row (once). */
    void commit(QemuReq r) {
        int flags = r.flags;
        if (r.complete == Time.NONE) {
            flags |= Flags.NO_COMPLETE;
        } else if (r.issue == Time.NONE && r.op != dev.orderlens.model.Op.FLUSH) {
            flags |= Flags.NO_ISSUE;
        }
        Status st = r.complete == Time.NONE ? Status.UNKNOWN : r.error ? Status.ERROR : Status.OK;
        long issue =
                r.issue != Time.NONE && r.complete != Time.NONE && r.issue > r.complete
                        ? r.complete
                        : r.issue;
        int row =
                table.add(r.lane, r.op, flags, r.sector, r.count, r.submit, issue, r.complete, st);
        Arrays.sort(r.lines, 0, r.nLines);
        for (int i = 0; i < r.nLines; i++) {
            table.addSourceLine(row, r.lines[i]);
        }
        r.row = row;
        r.lines = null;
        if (r.parent != null) {
            linked.add(r);
        }
    }

    /** Sets the parent rows of every linked request whose parent has a row. */
    void finish() {
        for (QemuReq c : linked) {
            if (c.parent.row >= 0) {
                table.setParent(c.row, c.parent.row);
            }
        }
    }
}
