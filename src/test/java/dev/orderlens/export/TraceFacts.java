package dev.orderlens.export;

import dev.orderlens.model.ClockSegment;
import dev.orderlens.model.Events;
import dev.orderlens.model.Requests;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Trace;
import dev.orderlens.model.Truth;
import java.util.Arrays;

/**
 * Every fact a trace's public accessors give, one line per item: meta and its config, layers,
 * lanes, source files (problems, warnings, metadata, clock segments), every request field, every
 * event field, the truth and the heap bytes of its columns. Two traces with the same text are the
 * same trace to every reader; written independently of the cache's code.
 */
final class TraceFacts {
    private TraceFacts() {}

    static String of(Trace t) {
        StringBuilder b = new StringBuilder();
        var m = t.meta();
        b.append("meta ").append(m.title()).append('|').append(m.source()).append('|');
        b.append(m.sectorSize()).append('|').append(m.scenario()).append('|');
        b.append(m.startEpochNs()).append('|').append(m.config()).append('\n');
        b.append("span ").append(t.startNs()).append(' ').append(t.endNs()).append('\n');
        b.append("retained ").append(t.retainedBytes()).append('\n');
        t.layers().forEach(l -> b.append("layer ").append(l).append('\n'));
        t.lanes().forEach(l -> b.append("lane ").append(l).append('\n'));
        for (SourceFile f : t.sources()) {
            b.append("file ").append(f.path()).append('|').append(f.format()).append('|');
            b.append(f.offsetNs()).append('|').append(f.offsetEstimated()).append('|');
            b.append(f.lines()).append('|').append(f.skippedLines()).append('\n');
            for (ClockSegment c : f.clockSegments()) {
                b.append(" clock ").append(c).append('\n');
            }
            f.problems().forEach(p -> b.append(" problem ").append(p).append('\n'));
            f.warnings().forEach(w -> b.append(" warning ").append(w).append('\n'));
            f.metadata().forEach((k, v) -> b.append(" meta ").append(k).append('=').append(v));
            b.append('\n');
        }
        Requests r = t.requests();
        b.append("requests ").append(r.size()).append('\n');
        for (int i = 0; i < r.size(); i++) {
            b.append(r.id(i)).append(' ').append(r.submit(i)).append(' ').append(r.issue(i));
            b.append(' ').append(r.complete(i)).append(' ').append(r.allocate(i));
            b.append(' ').append(r.insert(i)).append(' ').append(r.dataComplete(i));
            b.append(' ').append(r.sector(i)).append(' ').append(r.count(i));
            b.append(' ').append(r.op(i)).append(' ').append(r.flags(i));
            b.append(' ').append(r.status(i)).append(' ').append(r.lane(i));
            b.append(' ').append(r.layer(i)).append(' ').append(r.file(i));
            b.append(' ').append(r.pid(i)).append(' ').append(r.process(i));
            b.append(' ').append(Arrays.toString(r.sourceLines(i)));
            b.append(' ').append(Arrays.toString(r.parents(i)));
            b.append(' ').append(r.errorCode(i)).append(' ').append(r.dataTag(i));
            b.append(' ').append(t.requestTable().hasExplicitId(i));
            b.append(' ').append(r.rowOfId(r.file(i), r.id(i))).append('\n');
        }
        Events e = t.events();
        b.append("events ").append(e.size()).append('\n');
        for (int i = 0; i < e.size(); i++) {
            b.append(e.time(i)).append(' ').append(e.kind(i)).append(' ').append(e.layer(i));
            b.append(' ').append(e.lane(i)).append(' ').append(e.sector(i));
            b.append(' ').append(e.count(i)).append(' ').append(e.request(i));
            b.append(' ').append(e.name(i)).append(' ').append(e.text(i));
            b.append(' ').append(e.sourceLine(i)).append(' ').append(e.file(i));
            b.append(' ').append(e.queued(i)).append('\n');
        }
        Truth truth = t.truth();
        if (truth != null) {
            b.append("truth ").append(truth.crashAt()).append(' ').append(truth.crashKind());
            b.append(' ').append(truth.sectors()).append(' ').append(truth.inFlight()).append('\n');
        }
        return b.toString();
    }
}
