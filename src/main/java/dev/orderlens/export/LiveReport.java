package dev.orderlens.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashPoint;
import dev.orderlens.analysis.CrashResult;
import dev.orderlens.analysis.StateTimeline;
import dev.orderlens.analysis.WriteState;
import dev.orderlens.layout.Palette;
import dev.orderlens.model.Bookmark;
import dev.orderlens.model.Lane;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The live part of the HTML report: the trace's requests and every write's state as a function of
 * crash time ({@link StateTimeline}) embedded in the page, and the script that draws the lanes on a
 * canvas and lets the reader drag the crash marker. The page only looks states up, so what it shows
 * at any crash time is what {@code orderlens analyze --crash-at} says there.
 *
 * <p>The requests travel as columns of varint deltas, gzip-compressed and base64-encoded in a
 * {@code <script type="application/octet-stream">} element, and are unpacked by the browser's
 * {@code DecompressionStream}: columns, not objects, so a large trace stays a few bytes per
 * request. The header is JSON with {@code <}, {@code >} and {@code &} escaped, so nothing from the
 * trace can end the script element or become markup.
 */
public final class LiveReport {
    /**
     * The page carries reason chains while rows × state changes stays under this (each chain is one
     * crash query); past it the reader is pointed at the CLI's --why.
     */
    static final long MAX_REASON_WORK = 40_000_000L;

    private static final String SCRIPT = resource("live-report.js");
    private static final String BOOKMARKS_SCRIPT = resource("live-bookmarks.js");
    private static final String STYLE = resource("live-report.css");

    private LiveReport() {}

    /** The section of the report: the canvas, its controls, and the data and script behind it. */
    public static String section(Trace trace, CrashResult crash) {
        return section(trace, crash, List.of());
    }

    /**
     * The section with the user's bookmarks drawn on the lanes (flags at their times) and linked
     * from the report's bookmark table; {@code bookmarks} in {@link Bookmark#sorted} order.
     */
    public static String section(Trace trace, CrashResult crash, List<Bookmark> bookmarks) {
        CrashAnalysis a = crash.analysis();
        CrashPoint p = crash.point();
        StateTimeline tl = StateTimeline.of(a, p.kind(), p.cacheModes());
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<h2 id=\"live\">Explore the crash point</h2>\n")
                .append("<p class=\"sub\">Drag the red crash marker (or use the slider, ← →);")
                .append(" wheel zooms, drag pans, <kbd>+</kbd>/<kbd>-</kbd> zoom, <kbd>0</kbd>")
                .append(" fits. Click a write for its Why? chain.</p>\n")
                .append("<style>\n")
                .append(STYLE)
                .append("</style>\n")
                .append("<div id=\"ol-live\" class=\"ol-live\">\n")
                .append("<div class=\"ol-counts\" id=\"ol-counts\"></div>\n")
                .append("<canvas id=\"ol-canvas\" width=\"1200\" height=\"200\"></canvas>\n")
                .append(
                        "<div class=\"ol-controls\"><input id=\"ol-slider\" type=\"range\" min=\"0\""
                                + " max=\"1000000\" step=\"1\" aria-label=\"crash time\"/>"
                                + " <span id=\"ol-time\"></span></div>\n")
                .append("<div id=\"ol-why\" class=\"ol-why\"></div>\n")
                .append("<div id=\"ol-atrisk\"></div>\n")
                .append("</div>\n")
                .append("<script type=\"application/json\" id=\"ol-live-header\">")
                .append(header(trace, crash, tl, bookmarks))
                .append("</script>\n")
                .append("<script type=\"application/octet-stream\" id=\"ol-live-data\">")
                .append(columns(trace, tl))
                .append("</script>\n")
                .append("<script>//<![CDATA[\n")
                .append(SCRIPT)
                .append("\n")
                .append(BOOKMARKS_SCRIPT)
                .append("\n//]]></script>\n");
        return h.toString();
    }

    private static String header(
            Trace t, CrashResult crash, StateTimeline tl, List<Bookmark> bookmarks) {
        StringWriter w = new StringWriter();
        JsonFactory f = new JsonFactory();
        f.setCharacterEscapes(new MarkupSafe());
        Requests r = t.requests();
        try (JsonGenerator g = f.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("format", "orderlens-live");
            g.writeNumberField("version", 2); // 2: varint columns
            g.writeNumberField("rows", r.size());
            g.writeNumberField("changes", tl.size());
            g.writeNumberField("startNs", t.startNs());
            g.writeNumberField("endNs", t.endNs());
            g.writeArrayFieldStart("layers");
            for (Layer l : t.layers()) {
                g.writeStartObject();
                g.writeStringField("id", l.id());
                g.writeStringField("name", l.name());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("lanes");
            for (Lane l : t.lanes()) {
                g.writeStartObject();
                g.writeStringField("name", l.name());
                g.writeNumberField("layer", l.layer());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("ops");
            for (Op op : Op.values()) {
                g.writeStartObject();
                g.writeStringField("name", op.jsonName());
                g.writeStringField("colour", SvgPainter.Colours.hex(Palette.op(op)));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("states");
            g.writeStartObject(); // code 0: not a write
            g.writeStringField("name", "");
            g.writeEndObject();
            for (WriteState s : WriteState.values()) {
                g.writeStartObject();
                g.writeStringField("name", s.jsonName());
                g.writeStringField("count", s.countName());
                g.writeStringField("colour", SvgPainter.Colours.hex(Palette.LIGHT.state(s)));
                g.writeBooleanField("atRisk", s.uncertain() || s == WriteState.LOST);
                g.writeEndObject();
            }
            g.writeEndArray();
            CrashPoint p = crash.point();
            g.writeObjectFieldStart("crash");
            g.writeNumberField("atNs", p.atNs());
            g.writeStringField("kind", p.kind().jsonName());
            // with disks, each one's mode and whether it was inferred or set ("blk0 unsafe
            // (inferred)")
            g.writeStringField("cacheMode", p.cacheModes().text(crash.analysis().diskKeys()));
            g.writeStringField("tearing", p.tearing().jsonName());
            g.writeEndObject();
            reasons(g, crash, tl, r);
            g.writeArrayFieldStart("bookmarks");
            for (Bookmark b : bookmarks) {
                int row = b.row(t);
                g.writeStartObject();
                g.writeNumberField("atNs", b.atNs());
                g.writeNumberField("row", row);
                g.writeStringField("name", row < 0 ? "" : t.names().id(row));
                g.writeStringField("note", b.note());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * Per write and state segment, the Why? chain at the start of the segment. The state is the
     * same for every crash time in the segment; the chain's wording is not (it names the crash time
     * and what had completed by then), so the page says which instant the chain is of. Large traces
     * carry none.
     */
    private static void reasons(JsonGenerator g, CrashResult crash, StateTimeline tl, Requests r)
            throws IOException {
        boolean reasoned = (long) r.size() * tl.size() <= MAX_REASON_WORK;
        g.writeBooleanField("reasoned", reasoned);
        if (!reasoned) {
            return;
        }
        CrashAnalysis a = crash.analysis();
        CrashPoint p = crash.point();
        java.util.Map<Long, CrashResult> byInstant = new java.util.HashMap<>();
        g.writeArrayFieldStart("reasons");
        for (int row = 0; row < r.size(); row++) {
            g.writeStartArray();
            for (int i = 0; i < tl.changes(row); i++) {
                CrashResult at = byInstant.computeIfAbsent(tl.changeAt(row, i), x -> a.at(p.at(x)));
                g.writeString(at.reasonText(row));
            }
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    /**
     * The columns as LEB128 varints, one column after the other (so gzip sees like next to like):
     * submit times and sectors as zig-zag deltas from the previous request, completion as the
     * duration (+1; 0: never completed), ids as deltas, a row's state changes as its count and then
     * the instants as deltas from its submit and from each other. About a third of the bytes of
     * fixed-width columns before gzip, and gzip shrinks deltas better than raw times.
     */
    private static String columns(Trace t, StateTimeline tl) {
        Requests r = t.requests();
        int n = r.size();
        Varints b = new Varints(n * 24 + tl.size() * 4);
        long prev = 0;
        for (int i = 0; i < n; i++) {
            b.signed(r.submit(i) - prev);
            prev = r.submit(i);
        }
        for (int i = 0; i < n; i++) {
            long c = r.complete(i);
            if (c == Time.NONE) {
                b.unsigned(0);
            } else {
                b.unsigned(zigzag(c - r.submit(i)) + 1);
            }
        }
        prev = 0;
        for (int i = 0; i < n; i++) {
            b.signed(r.sector(i) - prev);
            prev = r.sector(i);
        }
        for (int i = 0; i < n; i++) {
            b.unsigned(r.count(i));
        }
        prev = 0;
        for (int i = 0; i < n; i++) {
            b.signed(r.id(i) - prev);
            prev = r.id(i);
        }
        for (int i = 0; i < n; i++) {
            b.unsigned(r.lane(i));
        }
        for (int i = 0; i < n; i++) {
            b.unsigned(r.op(i).ordinal());
        }
        for (int i = 0; i < n; i++) {
            b.unsigned(r.layer(i));
        }
        for (int row = 0; row < n; row++) {
            b.unsigned(tl.changes(row));
        }
        for (int row = 0; row < n; row++) {
            long from = r.submit(row); // every change is at or after the write's submit
            for (int k = 0; k < tl.changes(row); k++) {
                b.unsigned(tl.changeAt(row, k) - from);
                from = tl.changeAt(row, k);
            }
        }
        for (int row = 0; row < n; row++) {
            for (int c = 0; c < tl.changes(row); c++) {
                b.unsigned(tl.changeTo(row, c).code());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.size / 2 + 64);
        try (GZIPOutputStream z =
                new GZIPOutputStream(out, 1 << 16) {
                    {
                        def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
                    }
                }) {
            z.write(b.bytes, 0, b.size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    /** A growable byte array of LEB128 varints. */
    private static final class Varints {
        byte[] bytes;
        int size;

        Varints(int capacity) {
            bytes = new byte[Math.max(64, capacity)];
        }

        void signed(long v) {
            unsigned(zigzag(v));
        }

        /** {@code v} as an unsigned 64-bit number, 7 bits a byte, low bits first. */
        void unsigned(long v) {
            if (size + 10 > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
            }
            while ((v & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[size++] = (byte) v;
        }
    }

    private static String resource(String name) {
        try (InputStream in = LiveReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Escapes what could end a script element or start markup inside the page. */
    private static final class MarkupSafe extends CharacterEscapes {
        private final int[] escapes = standardAsciiEscapesForJSON();

        MarkupSafe() {
            escapes['<'] = ESCAPE_STANDARD;
            escapes['>'] = ESCAPE_STANDARD;
            escapes['&'] = ESCAPE_STANDARD;
            escapes['\''] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializedString getEscapeSequence(int ch) {
            return null;
        }
    }
}
