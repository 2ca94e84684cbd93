package dev.orderlens.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.orderlens.analysis.CacheModeInference;
import dev.orderlens.analysis.CrashReport;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.CrashStates;
import dev.orderlens.analysis.FindingGroups;
import dev.orderlens.analysis.OrderingFindings;
import dev.orderlens.analysis.PairList;
import dev.orderlens.analysis.ReasonStep;
import dev.orderlens.analysis.SectorContents;
import dev.orderlens.analysis.TraceSummary;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.model.Events;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.Set;

/**
 * The analysis report: the {@code analyze --json} object, streamed with Jackson's generator (a
 * million-write trace never becomes a tree in memory). The CLI prints it and the app saves it, so
 * both are the same bytes. The crash part renders a {@link CrashReport}. The per-write list is
 * filtered by state and paged ({@link Options}); the counts are always complete and {@code
 * writesLeftOut} says how many matching writes the page left out. Field names are the contract in
 * docs/cli.md; request references are request ids (numbers, with the qualified name beside where a
 * person reads it), times are seconds.
 */
public final class AnalysisJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Writes listed by default: enough for any capture a person reads, bounded for 10 M. */
    public static final long DEFAULT_LIMIT = 10_000;

    /**
     * What the crash part lists.
     *
     * @param sectors list every written sector's possible contents
     * @param crashStates list up to this many crash states, or null for none
     * @param states the write states listed in {@code writes}
     * @param offset matching writes skipped before the list starts
     * @param limit most writes listed ({@link Long#MAX_VALUE}: all)
     */
    public record Options(
            boolean sectors, Integer crashStates, Set<WriteState> states, long offset, long limit) {
        public static final Options DEFAULT =
                new Options(false, null, CrashReport.ALL, 0, DEFAULT_LIMIT);
    }

    private final Trace trace;
    private final Requests r;
    private final OrderingFindings findings;

    /** The crash points' reports, made one at a time as they are written. */
    private final Iterable<CrashReport> crashes;

    /** True: a {@code crashes} array (several --crash-at); false: one {@code crash} object. */
    private final boolean several;

    private final Options options;

    /**
     * @param report the crash point's report, or null for the findings alone
     */
    public AnalysisJson(
            Trace trace, OrderingFindings findings, CrashReport report, Options options) {
        this(trace, findings, report == null ? List.of() : List.of(report), false, options);
    }

    /**
     * The object with a {@code crashes} array: one crash object per report, in order, each as
     * {@code crash} would be. {@code reports} may make each report when asked for it, so only one
     * crash result need be held at a time.
     */
    public static AnalysisJson ofSeveral(
            Trace trace,
            OrderingFindings findings,
            Iterable<CrashReport> reports,
            Options options) {
        return new AnalysisJson(trace, findings, reports, true, options);
    }

    private AnalysisJson(
            Trace trace,
            OrderingFindings findings,
            Iterable<CrashReport> crashes,
            boolean several,
            Options options) {
        this.trace = trace;
        this.r = trace.requests();
        this.findings = findings;
        this.crashes = crashes;
        this.several = several;
        this.options = options;
    }

    /** Writes the object and a line break; flushes {@code out}, does not close it. */
    public void write(Writer out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.setPrettyPrinter(new DefaultPrettyPrinter());
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.writeStartObject();
        writeTrace(g);
        writeCacheModes(g);
        writeFindings(g);
        if (several) {
            g.writeArrayFieldStart("crashes");
            for (CrashReport report : crashes) {
                g.writeStartObject();
                writeCrash(g, report);
            }
            g.writeEndArray();
        } else {
            for (CrashReport report : crashes) {
                g.writeObjectFieldStart("crash");
                writeCrash(g, report);
            }
        }
        g.writeEndObject();
        g.flush();
        out.write(System.lineSeparator());
        out.flush();
    }

    public void write(Path target) throws IOException {
        AtomicFiles.write(
                target,
                out -> {
                    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                    write(w);
                    w.flush();
                });
    }

    private void writeTrace(JsonGenerator g) throws IOException {
        TraceSummary s = TraceSummary.of(trace);
        g.writeObjectFieldStart("trace");
        g.writeNumberField("requests", s.requests());
        writeCounts(g, "byLayer", s.byLayer());
        writeCounts(g, "byOp", s.byOp());
        g.writeNumberField("skippedLines", s.skippedLines());
        g.writeNumberField("startSeconds", Time.toSeconds(s.startNs()));
        g.writeNumberField("endSeconds", Time.toSeconds(s.endNs()));
        g.writeEndObject();
    }

    private static void writeCounts(JsonGenerator g, String name, Map<String, Integer> counts)
            throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private void writeFindings(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("findings");
        writePairs(g, "crossingWrites", findings.crossing(), "write", "flush");
        writePairs(g, "overtakingWrites", findings.overtaking(), "write", "flush");
        writePairs(g, "concurrentOverlaps", findings.concurrentOverlaps(), "a", "b");
        g.writeArrayFieldStart("drainViolations");
        PairList d = findings.drainViolations();
        Events e = trace.events();
        for (int i = 0; i < d.size(); i++) {
            g.writeStartObject();
            g.writeNumberField("request", r.id(d.first(i)));
            g.writeNumberField("drainAt", Time.toSeconds(e.time(d.second(i))));
            g.writeEndObject();
        }
        g.writeEndArray();
        // Each list keeps at most OrderingAnalysis.KEPT_PER_KIND pairs; these count them all.
        g.writeObjectFieldStart("totals");
        g.writeNumberField("crossingWrites", findings.crossing().total());
        g.writeNumberField("overtakingWrites", findings.overtaking().total());
        g.writeNumberField("concurrentOverlaps", findings.concurrentOverlaps().total());
        g.writeNumberField("drainViolations", d.total());
        g.writeEndObject();
        writeGroups(g);
        g.writeEndObject();
    }

    /** Most groups listed per grouping; {@code groupCount} counts them all. */
    public static final int MAX_GROUPS = 1000;

    /** The crossing and overtaking pairs grouped three ways and ranked (FindingGroups). */
    private void writeGroups(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("groups");
        for (FindingGroups.By by : FindingGroups.By.values()) {
            FindingGroups fg = FindingGroups.of(trace, findings, by);
            if (by == FindingGroups.By.FLUSH) {
                g.writeNumberField("dependedOn", fg.dependedOn());
                g.writeNumberField("groupedPairs", fg.listedPairs());
            }
            g.writeObjectFieldStart(by.jsonName());
            g.writeNumberField("groupCount", fg.groups().size());
            g.writeArrayFieldStart("groups");
            for (FindingGroups.Group gr :
                    fg.groups().subList(0, Math.min(MAX_GROUPS, fg.groups().size()))) {
                g.writeStartObject();
                g.writeStringField("key", gr.key());
                if (gr.flush() >= 0) {
                    g.writeStringField("flush", trace.names().id(gr.flush()));
                }
                g.writeNumberField("dependedOn", gr.dependedOn());
                g.writeNumberField("crossing", gr.crossing());
                g.writeNumberField("overtaking", gr.overtaking());
                g.writeNumberField("writes", gr.writes());
                g.writeArrayFieldStart("examples");
                for (FindingGroups.Dependence dep : gr.examples()) {
                    g.writeStartObject();
                    g.writeStringField("write", trace.names().id(dep.write()));
                    g.writeStringField("flush", trace.names().id(dep.flush()));
                    g.writeStringField("commit", trace.names().id(dep.commit()));
                    g.writeNumberField("commitDurableSeconds", Time.toSeconds(dep.commitDurable()));
                    if (dep.writeDurable() == Time.NONE) {
                        g.writeNullField("writeDurableSeconds");
                    } else {
                        g.writeNumberField(
                                "writeDurableSeconds", Time.toSeconds(dep.writeDurable()));
                    }
                    g.writeStringField("text", FindingGroups.text(trace, dep));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void writePairs(JsonGenerator g, String name, PairList p, String first, String second)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (int i = 0; i < p.size(); i++) {
            g.writeStartObject();
            g.writeNumberField(first, r.id(p.first(i)));
            g.writeNumberField(second, r.id(p.second(i)));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Each disk's inferred cache mode (docs/analysis.md), when the trace has a QEMU log. */
    private void writeCacheModes(JsonGenerator g) throws IOException {
        java.util.List<CacheModeInference.DiskMode> disks = CacheModeInference.of(trace);
        if (disks.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("cacheModes");
        for (CacheModeInference.DiskMode d : disks) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : d.fields(trace).entrySet()) {
                if (e.getValue() instanceof Number n) {
                    g.writeNumberField(e.getKey(), n.longValue());
                } else if (e.getValue() instanceof Boolean b) {
                    g.writeBooleanField(e.getKey(), b);
                } else {
                    g.writeStringField(e.getKey(), String.valueOf(e.getValue()));
                }
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The crash object's fields and its end (the caller starts it). */
    private void writeCrash(JsonGenerator g, CrashReport report) throws IOException {
        CrashResult crash = report.result();
        g.writeNumberField("at", Time.toSeconds(crash.point().atNs()));
        g.writeStringField("kind", crash.point().kind().jsonName());
        g.writeStringField("cacheMode", crash.point().cacheModes().label());
        CacheModesJson.write(g, crash.point().cacheModes(), crash.analysis().diskKeys());
        g.writeStringField("tearing", crash.point().tearing().jsonName());
        g.writeStringField("contentLayer", report.contentLayer());
        g.writeObjectFieldStart("counts");
        for (WriteState s : CrashReport.STATES) {
            g.writeNumberField(s.countName(), report.count(s));
        }
        g.writeEndObject();
        g.writeArrayFieldStart("writes");
        long skip = options.offset();
        long listed = 0;
        PrimitiveIterator.OfInt rows = report.rows(options.states());
        while (rows.hasNext() && listed < options.limit()) {
            int row = rows.nextInt();
            if (skip > 0) {
                skip--;
                continue;
            }
            writeWrite(g, report, report.write(row));
            listed++;
        }
        g.writeEndArray();
        long matching = report.count(options.states());
        g.writeNumberField("writesMatching", matching);
        g.writeNumberField("writesListed", listed);
        g.writeNumberField("writesLeftOut", matching - listed);
        g.writeNumberField("uncertainWrites", crash.uncertainWrites());
        g.writeNumberField("uncertainUnits", crash.uncertainUnits());
        g.writeNumberField("log2States", crash.log2States());
        g.writeStringField("crashStates", report.statesText());
        // the two lists of writes follow --limit too: at 10 M requests either can hold millions
        int listLimit = (int) Math.min(Integer.MAX_VALUE, options.limit());
        g.writeArrayFieldStart("promiseViolations");
        List<CrashReport.Violation> violations = report.violations(listLimit);
        for (CrashReport.Violation v : violations) {
            g.writeStartObject();
            g.writeNumberField("write", r.id(v.write().row()));
            g.writeStringField("name", v.write().name());
            g.writeStringField("layer", v.toldLayer());
            g.writeStringField("belowLayer", v.belowLayer());
            g.writeStringField("reason", report.violationReason(v.write().row()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("promiseViolationsLeftOut", report.violationCount() - violations.size());
        g.writeArrayFieldStart("lostPredecessors");
        List<CrashReport.LostPredecessor> lost = report.lostPredecessors(listLimit);
        for (CrashReport.LostPredecessor lp : lost) {
            g.writeStartObject();
            g.writeNumberField("write", r.id(lp.write().row()));
            g.writeStringField("name", lp.write().name());
            g.writeNumberField("predecessor", r.id(lp.predecessor().row()));
            g.writeStringField("predecessorName", lp.predecessor().name());
            g.writeNumberField("predecessors", lp.predecessors());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("lostPredecessorsLeftOut", report.lostPredecessorCount() - lost.size());
        if (options.sectors()) {
            writeSectors(g, crash);
        }
        if (options.crashStates() != null) {
            writeStates(g, crash);
        }
        g.writeEndObject();
    }

    private void writeWrite(JsonGenerator g, CrashReport report, CrashReport.Write w)
            throws IOException {
        int row = w.row();
        g.writeStartObject();
        g.writeNumberField("id", r.id(row));
        g.writeStringField("name", w.name());
        g.writeStringField("layer", w.layer());
        g.writeStringField("lane", w.lane());
        g.writeStringField("op", w.op());
        g.writeNumberField("sector", w.sector());
        g.writeNumberField("count", w.count());
        g.writeNumberField("line", r.sourceLine(row));
        if (w.source() != null) {
            g.writeStringField("source", w.source());
        }
        if (w.dataTag() != null) {
            g.writeStringField("data", w.dataTag());
        }
        if (r.errorCode(row) != 0) {
            g.writeNumberField("error", r.errorCode(row));
        }
        g.writeStringField("state", w.state().jsonName());
        java.util.List<ReasonStep> steps = report.chain(row);
        g.writeStringField("reason", CrashReport.join(steps));
        g.writeArrayFieldStart("steps");
        for (ReasonStep step : steps) {
            g.writeStartObject();
            g.writeStringField("text", step.text());
            if (step.request() >= 0) {
                g.writeNumberField("request", r.id(step.request()));
                g.writeStringField("requestName", trace.names().id(step.request()));
            }
            if (step.event() >= 0) {
                g.writeStringField("event", trace.events().kind(step.event()).jsonName());
                if (trace.events().sourceLine(step.event()) > 0) {
                    g.writeNumberField("eventLine", trace.events().sourceLine(step.event()));
                }
            }
            if (step.time() != Time.NONE && step.time() != Long.MAX_VALUE) {
                g.writeNumberField("t", Time.toSeconds(step.time()));
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private void writeSectors(JsonGenerator g, CrashResult crash) throws IOException {
        SectorContents sc = crash.sectors();
        g.writeArrayFieldStart("sectors");
        IOException[] failure = new IOException[1];
        sc.forEachWrittenRun(
                s -> {
                    if (failure[0] != null) {
                        return;
                    }
                    try {
                        g.writeStartObject();
                        g.writeNumberField("sector", s.from());
                        g.writeNumberField("count", s.count());
                        g.writeStringField("device", sc.deviceOf(s.domain()));
                        g.writeArrayFieldStart("candidates");
                        for (int c : s.candidates()) {
                            if (c == SectorContents.INITIAL) {
                                g.writeString("initial");
                            } else if (c == SectorContents.GARBAGE) {
                                g.writeString("garbage");
                            } else {
                                g.writeNumber(r.id(c));
                            }
                        }
                        g.writeEndArray();
                        g.writeEndObject();
                    } catch (IOException e) {
                        failure[0] = e;
                    }
                });
        if (failure[0] != null) {
            throw failure[0];
        }
        g.writeEndArray();
    }

    private void writeStates(JsonGenerator g, CrashResult crash) throws IOException {
        g.writeArrayFieldStart("states");
        for (CrashStates.CrashState s : crash.states(options.crashStates())) {
            g.writeStartObject();
            g.writeArrayFieldStart("persisted");
            for (int row : s.persisted()) {
                g.writeNumber(r.id(row));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("torn");
            for (CrashStates.Torn t : s.torn()) {
                g.writeStartObject();
                g.writeNumberField("write", r.id(t.row()));
                writeRanges(g, "sectors", t.persisted());
                if (!t.garbage().isEmpty()) {
                    writeRanges(g, "garbage", t.garbage());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeRanges(JsonGenerator g, String name, java.util.List<long[]> ranges)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (long[] range : ranges) {
            g.writeStartObject();
            g.writeNumberField("sector", range[0]);
            g.writeNumberField("count", range[1]);
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
