package dev.orderlens.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.CrashStates;
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
import java.util.Map;

/**
 * The analysis report: the {@code analyze --json} object, streamed (a million-write trace never
 * becomes a tree in memory). The CLI prints it and the app saves it, so both are the same bytes.
 * Field names are the contract in docs/cli.md; request references are request ids, times are
 * seconds.
 */
public final class AnalysisJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final Trace trace;
    private final Requests r;
    private final OrderingFindings findings;
    private final CrashResult crash;
    private final boolean sectors;
    private final Integer states;

    /**
     * @param crash the crash point's result, or null for the findings alone
     * @param sectors list every written sector's possible contents
     * @param states list up to this many crash states, or null for none
     */
    public AnalysisJson(
            Trace trace,
            OrderingFindings findings,
            CrashResult crash,
            boolean sectors,
            Integer states) {
        this.trace = trace;
        this.r = trace.requests();
        this.findings = findings;
        this.crash = crash;
        this.sectors = sectors;
        this.states = states;
    }

    /** Writes the object and a line break; flushes {@code out}, does not close it. */
    public void write(Writer out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.setPrettyPrinter(new DefaultPrettyPrinter());
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.writeStartObject();
        writeTrace(g);
        writeFindings(g);
        if (crash != null) {
            writeCrash(g);
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

    private void writeCrash(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("crash");
        g.writeNumberField("at", Time.toSeconds(crash.point().atNs()));
        g.writeStringField("kind", crash.point().kind().jsonName());
        g.writeStringField("cacheMode", crash.point().cacheMode().jsonName());
        g.writeStringField("tearing", crash.point().tearing().jsonName());
        g.writeStringField(
                "contentLayer",
                crash.contentLayer() < 0 ? null : trace.layers().get(crash.contentLayer()).id());
        g.writeObjectFieldStart("counts");
        for (WriteState s :
                new WriteState[] {
                    WriteState.DURABLE,
                    WriteState.VOLATILE,
                    WriteState.IN_FLIGHT,
                    WriteState.LOST,
                    WriteState.NOT_ISSUED
                }) {
            g.writeNumberField(s.countName(), crash.count(s));
        }
        g.writeEndObject();
        g.writeArrayFieldStart("writes");
        for (int row = 0; row < r.size(); row++) {
            WriteState s = crash.state(row);
            if (s != null) {
                writeWrite(g, row, s);
            }
        }
        g.writeEndArray();
        g.writeNumberField("uncertainWrites", crash.uncertainWrites());
        g.writeNumberField("log2States", crash.log2States());
        g.writeArrayFieldStart("promiseViolations");
        for (CrashResult.PromiseViolation v : crash.promiseViolations()) {
            g.writeStartObject();
            g.writeNumberField("write", r.id(v.row()));
            g.writeStringField("layer", trace.layers().get(v.layer()).id());
            g.writeStringField("belowLayer", v.belowLayer());
            g.writeStringField("reason", crash.violationReasonText(v.row()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("lostPredecessors");
        for (CrashResult.LostPredecessor lp : crash.lostPredecessors()) {
            g.writeStartObject();
            g.writeNumberField("write", r.id(lp.row()));
            g.writeNumberField("predecessor", r.id(lp.predecessor()));
            g.writeNumberField("predecessors", lp.predecessors());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (sectors) {
            writeSectors(g);
        }
        if (states != null) {
            writeStates(g);
        }
        g.writeEndObject();
    }

    private void writeWrite(JsonGenerator g, int row, WriteState s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", r.id(row));
        g.writeStringField("layer", CsvExport.layerId(trace, row));
        g.writeStringField("lane", trace.lanes().get(r.lane(row)).name());
        g.writeStringField("op", r.op(row).jsonName());
        g.writeNumberField("sector", r.sector(row));
        g.writeNumberField("count", r.count(row));
        g.writeNumberField("line", r.sourceLine(row));
        if (r.dataTag(row) != null) {
            g.writeStringField("data", r.dataTag(row));
        }
        g.writeStringField("state", s.jsonName());
        java.util.List<ReasonStep> steps = crash.reason(row);
        StringBuilder text = new StringBuilder();
        for (ReasonStep step : steps) {
            text.append(text.length() == 0 ? "" : " → ").append(step.text());
        }
        g.writeStringField("reason", text.toString());
        g.writeArrayFieldStart("steps");
        for (ReasonStep step : steps) {
            g.writeStartObject();
            g.writeStringField("text", step.text());
            if (step.request() >= 0) {
                g.writeNumberField("request", r.id(step.request()));
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

    private void writeSectors(JsonGenerator g) throws IOException {
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

    private void writeStates(JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("states");
        for (CrashStates.CrashState s : crash.states(states)) {
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
