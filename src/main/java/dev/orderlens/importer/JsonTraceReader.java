package dev.orderlens.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.orderlens.model.EventKind;
import dev.orderlens.model.EventTable;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Op;
import dev.orderlens.model.Progress;
import dev.orderlens.model.RequestTableBuilder;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Status;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.model.TraceBuilder;
import dev.orderlens.model.Truth;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass of {@link JsonTraceImporter} over a trace JSON file: keeps its own JSON path for
 * messages, skips and reports bad records, resolves ids and parent links at the end.
 */
final class JsonTraceReader {
    /** A field with a bad value; the enclosing request or event is skipped. */
    static final class BadField extends Exception {
        private static final long serialVersionUID = 1L;

        BadField(String message) {
            super(message, null, false, false);
        }
    }

    private final ImportInput input;
    private final ImportOptions options;
    private final Progress progress;
    private final JsonParser p;
    private final TraceBuilder b = new TraceBuilder();
    private final SourceFile source;
    private final int file;
    private boolean sawFormat;
    private boolean sawRequests;
    // ids and parent links are resolved once every request is read (forward references are fine)
    private final Map<Integer, Integer> rowOfId = new HashMap<>();
    private final List<int[]> pendingParents = new ArrayList<>(); // {row, parentId, line}
    private final List<int[]> pendingEventRequests =
            new ArrayList<>(); // {eventRow, requestId, line}
    private final Map<String, String> layerNames = new LinkedHashMap<>();
    private final java.util.Set<String> unknownFlags = new java.util.HashSet<>();

    JsonTraceReader(ImportInput input, ImportOptions options, Progress progress, JsonParser p) {
        this.input = input;
        this.options = options;
        this.progress = progress;
        this.p = p;
        this.source = new SourceFile(input.name(), JsonTraceImporter.ID);
        this.file = b.addSource(source);
    }

    Trace read() throws IOException, ImportException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new ImportException(
                    input.name(),
                    line(),
                    "expected a JSON object with \"format\": \"orderlens-trace\"");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "format" -> {
                    String f = p.getValueAsString();
                    if (!"orderlens-trace".equals(f)) {
                        throw new ImportException(
                                input.name(),
                                line(),
                                "format: expected \"orderlens-trace\", found " + describe());
                    }
                    sawFormat = true;
                }
                case "version" -> {
                    if (!p.currentToken().isNumeric() || p.getIntValue() != 1) {
                        throw new ImportException(
                                input.name(),
                                line(),
                                "version: this OrderLens reads version 1, found " + describe());
                    }
                }
                case "meta" -> readMeta();
                case "layers" -> readLayers();
                case "requests" -> readRequests();
                case "events" -> readEvents();
                case "truth" -> readTruth();
                default -> p.skipChildren();
            }
        }
        if (!sawFormat) {
            throw new ImportException(
                    input.name(), 0, "missing required field 'format' (\"orderlens-trace\")");
        }
        if (!sawRequests) {
            throw new ImportException(input.name(), 0, "missing required field 'requests'");
        }
        for (Map.Entry<String, String> e : layerNames.entrySet()) {
            b.layer(e.getKey(), e.getValue());
        }
        RequestTableBuilder rt = b.requests();
        for (int[] pp : pendingParents) {
            Integer parentRow = rowOfId.get(pp[1]);
            if (parentRow == null) {
                source.problem(
                        pp[2], "requests: parent " + pp[1] + " names no request; link dropped");
            } else {
                rt.addParent(pp[0], parentRow);
            }
        }
        for (int[] pe : pendingEventRequests) {
            Integer row = rowOfId.get(pe[1]);
            if (row == null) {
                source.problem(
                        pe[2], "events: request " + pe[1] + " names no request; link dropped");
            } else {
                b.events().setRequest(pe[0], row);
            }
        }
        source.lines(p.currentLocation().getLineNr());
        return b.build();
    }

    private int line() {
        return p.currentLocation().getLineNr();
    }

    private String describe() throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return "'" + p.getText() + "'";
        }
        if (t == JsonToken.START_OBJECT) {
            return "an object";
        }
        if (t == JsonToken.START_ARRAY) {
            return "an array";
        }
        return p.getText();
    }

    private void expect(JsonToken t, String path, String what) throws ImportException {
        if (p.currentToken() != t) {
            throw new ImportException(input.name(), line(), path + ": expected " + what);
        }
    }

    private void readMeta() throws IOException, ImportException {
        expect(JsonToken.START_OBJECT, "meta", "an object");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "title" -> b.meta().title(p.getValueAsString());
                case "source" -> b.meta().source(p.getValueAsString());
                case "scenario" -> b.meta().scenario(p.getValueAsString());
                case "sectorSize" -> b.meta().sectorSize(p.getValueAsInt(512));
                case "startEpochNs" -> b.meta().startEpochNs(p.getValueAsLong(Time.NONE));
                case "config" -> {
                    expect(JsonToken.START_OBJECT, "meta.config", "an object");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) readValue();
                    b.meta().config().putAll(m);
                }
                default -> p.skipChildren();
            }
        }
    }

    /**
     * A small JSON value as String/Long/Double/Boolean/null/Map/List (used for meta.config only).
     */
    private Object readValue() throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    p.nextToken();
                    m.put(k, readValue());
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(readValue());
                }
                return l;
            }
            case VALUE_NUMBER_INT -> {
                return p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> {
                return p.getText();
            }
        }
    }

    private void readLayers() throws IOException, ImportException {
        expect(JsonToken.START_ARRAY, "layers", "an array of {\"id\", \"name\"}");
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String path = "layers[" + i + "]";
            int line = line();
            if (p.currentToken() != JsonToken.START_OBJECT) {
                source.skip(line, path + ": expected an object with \"id\"");
                p.skipChildren();
                i++;
                continue;
            }
            String id = null;
            String name = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                if (f.equals("id")) {
                    id = p.getValueAsString();
                } else if (f.equals("name")) {
                    name = p.getValueAsString();
                } else {
                    p.skipChildren();
                }
            }
            if (id == null || id.isBlank()) {
                source.skip(line, path + ": missing required field 'id'");
            } else {
                layerNames.put(id, name);
                b.layer(id, name);
            }
            i++;
        }
    }

    /** Reads one array element; a bad field throws {@link BadField} and the element is skipped. */
    @FunctionalInterface
    private interface RecordReader {
        void read(String path, int line) throws IOException, BadField;
    }

    private void readRequests() throws IOException, ImportException {
        sawRequests = true;
        readRecords("requests", this::readRequest);
    }

    private void readEvents() throws IOException, ImportException {
        readRecords("events", this::readEvent);
    }

    /**
     * Reads an array of records (requests or events): a record with a bad field is skipped and
     * reported with its path and line, or stops the import in strict mode.
     */
    private void readRecords(String name, RecordReader record) throws IOException, ImportException {
        expect(JsonToken.START_ARRAY, name, "an array");
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String path = name + "[" + i + "]";
            int line = line();
            int arrayDepth =
                    p.getParsingContext().getNestingDepth()
                            - (p.currentToken().isStructStart() ? 1 : 0);
            try {
                record.read(path, line);
            } catch (BadField e) {
                if (options.strict()) {
                    throw new ImportException(input.name(), line, e.getMessage());
                }
                source.skip(line, e.getMessage());
                skipRestOfElement(arrayDepth);
            }
            i++;
            if ((i & 0x3fff) == 0) {
                progress.update(input.bytesRead(), input.sizeBytes());
                progress.checkCancelled();
            }
        }
    }

    /** After a bad field: skip to the end of the array element at {@code arrayDepth}. */
    private void skipRestOfElement(int arrayDepth) throws IOException {
        while (p.getParsingContext().getNestingDepth() > arrayDepth) {
            if (p.nextToken() == null) {
                return;
            }
        }
    }

    private void readRequest(String path, int line) throws IOException, BadField {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new BadField(path + ": expected an object");
        }
        Integer id = null;
        String layer = null;
        String lane = null;
        Op op = null;
        int flags = 0;
        long sector = 0;
        int count = 0;
        long submit = Time.NONE;
        long issue = Time.NONE;
        long complete = Time.NONE;
        long allocate = Time.NONE;
        long insert = Time.NONE;
        long dataComplete = Time.NONE;
        Status status = null;
        Integer parent = null;
        int[] parents = null;
        String data = null;
        int pid = -1;
        String process = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            String fp = path + "." + f;
            switch (f) {
                case "id" -> id = (int) intField(fp, Integer.MIN_VALUE + 1, Integer.MAX_VALUE);
                case "layer" -> layer = stringField(fp);
                case "lane" ->
                        lane =
                                p.currentToken() == JsonToken.VALUE_NULL
                                        ? null
                                        : p.getValueAsString();
                case "op" -> {
                    String s = stringField(fp);
                    op = Op.parse(s);
                    if (op == null) {
                        throw new BadField(
                                fp
                                        + ": unknown op '"
                                        + s
                                        + "' (expected read, write, flush, discard, write-zeroes or other)");
                    }
                }
                case "flags" -> flags = flagsField(fp);
                case "sector" ->
                        sector =
                                p.currentToken() == JsonToken.VALUE_NULL
                                        ? 0
                                        : intField(fp, 0, Long.MAX_VALUE);
                case "count" ->
                        count =
                                p.currentToken() == JsonToken.VALUE_NULL
                                        ? 0
                                        : (int) intField(fp, 0, Integer.MAX_VALUE);
                case "submit" -> submit = timeField(fp);
                case "issue" -> issue = timeField(fp);
                case "complete" -> complete = timeField(fp);
                case "allocate" -> allocate = timeField(fp);
                case "insert" -> insert = timeField(fp);
                case "dataComplete" -> dataComplete = timeField(fp);
                case "status" -> {
                    String s = stringField(fp);
                    status = Status.parse(s);
                    if (status == null) {
                        throw new BadField(
                                fp
                                        + ": unknown status '"
                                        + s
                                        + "' (expected ok, error or unknown)");
                    }
                }
                case "parent" ->
                        parent =
                                p.currentToken() == JsonToken.VALUE_NULL
                                        ? null
                                        : (int) intField(fp, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case "parents" -> parents = idsField(fp);
                case "data" ->
                        data =
                                p.currentToken() == JsonToken.VALUE_NULL
                                        ? null
                                        : p.getValueAsString();
                case "pid" ->
                        pid =
                                p.currentToken() == JsonToken.VALUE_NULL
                                        ? -1
                                        : (int) intField(fp, -1, Integer.MAX_VALUE);
                case "process" ->
                        process =
                                p.currentToken() == JsonToken.VALUE_NULL
                                        ? null
                                        : p.getValueAsString();
                default -> p.skipChildren();
            }
        }
        if (layer == null) {
            throw new BadField(path + ": missing required field 'layer'");
        }
        if (op == null) {
            throw new BadField(path + ": missing required field 'op'");
        }
        if (submit == Time.NONE) {
            throw new BadField(path + ": missing required field 'submit'");
        }
        if (issue != Time.NONE && issue < submit) {
            throw new BadField(path + ".issue: " + issue + " is before submit " + submit);
        }
        if (complete != Time.NONE && complete < submit) {
            throw new BadField(path + ".complete: " + complete + " is before submit " + submit);
        }
        if (allocate != Time.NONE && allocate < submit) {
            throw new BadField(path + ".allocate: " + allocate + " is before submit " + submit);
        }
        if (insert != Time.NONE && insert < submit) {
            throw new BadField(path + ".insert: " + insert + " is before submit " + submit);
        }
        if (dataComplete != Time.NONE && dataComplete < submit) {
            throw new BadField(
                    path + ".dataComplete: " + dataComplete + " is before submit " + submit);
        }
        if (id != null && rowOfId.containsKey(id)) {
            throw new BadField(path + ".id: duplicate id " + id);
        }
        if (status == null) {
            status = complete == Time.NONE ? Status.UNKNOWN : Status.OK;
        }
        int layerIndex = b.layer(layer);
        int laneIndex = b.lane(layerIndex, file, lane == null ? layer : lane);
        RequestTableBuilder rt = b.requests();
        int row = rt.add(laneIndex, op, flags, sector, count, submit, issue, complete, status);
        rt.setSourceLine(row, line);
        rt.setAllocate(row, allocate);
        rt.setInsert(row, insert);
        rt.setDataComplete(row, dataComplete);
        if (id != null) {
            rt.setId(row, id);
            rowOfId.put(id, row);
        }
        if (pid >= 0 || process != null) {
            rt.setTask(row, pid, process);
        }
        if (data != null) {
            rt.setDataTag(row, data);
        }
        if (parent != null) {
            pendingParents.add(new int[] {row, parent, line});
        }
        if (parents != null) { // "parent" (older files) and "parents" may both be there
            for (int parentId : parents) {
                pendingParents.add(new int[] {row, parentId, line});
            }
        }
    }

    private String stringField(String path) throws IOException, BadField {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            String found = describe();
            p.skipChildren();
            throw new BadField(path + ": expected a string, found " + found);
        }
        return p.getText();
    }

    private long intField(String path, long min, long max) throws IOException, BadField {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            String found = describe();
            p.skipChildren();
            throw new BadField(path + ": expected an integer, found " + found);
        }
        long v;
        try {
            v = p.getLongValue();
        } catch (com.fasterxml.jackson.core.exc.InputCoercionException e) {
            throw new BadField(path + ": number out of range: " + p.getText());
        }
        if (v < min || v > max) {
            throw new BadField(path + ": " + v + " is out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    private long timeField(String path) throws IOException, BadField {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return Time.NONE;
        }
        return intField(path, Long.MIN_VALUE + 1, Long.MAX_VALUE);
    }

    /** An array of request ids (a request's {@code parents}); null stands for none. */
    private int[] idsField(String path) throws IOException, BadField {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            String found = describe();
            p.skipChildren();
            throw new BadField(path + ": expected an array of request ids, found " + found);
        }
        int[] ids = new int[4];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (n == ids.length) {
                ids = java.util.Arrays.copyOf(ids, n * 2);
            }
            ids[n] = (int) intField(path + "[" + n + "]", Integer.MIN_VALUE, Integer.MAX_VALUE);
            n++;
        }
        return java.util.Arrays.copyOf(ids, n);
    }

    private int flagsField(String path) throws IOException, BadField {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            String found = describe();
            p.skipChildren();
            throw new BadField(path + ": expected an array of flag names, found " + found);
        }
        int flags = 0;
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                String found = describe();
                p.skipChildren();
                throw new BadField(path + "[" + i + "]: expected a flag name, found " + found);
            }
            int bit = Flags.parse(p.getText());
            if (bit == 0 && unknownFlags.add(p.getText())) {
                source.warn("unknown flag '" + p.getText() + "' ignored (first at " + path + ")");
            }
            flags |= bit;
            i++;
        }
        return flags;
    }

    private void readEvent(String path, int line) throws IOException, BadField {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new BadField(path + ": expected an object");
        }
        long t = Time.NONE;
        EventKind kind = null;
        String layer = null;
        String lane = null;
        long sector = -1;
        int count = 0;
        Integer request = null;
        String name = null;
        String text = null;
        long queued = Time.NONE;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            String fp = path + "." + f;
            switch (f) {
                case "t" -> t = timeField(fp);
                case "kind" -> {
                    String s = stringField(fp);
                    kind = EventKind.parse(s);
                    if (kind == null) {
                        kind = EventKind.OTHER;
                        name = name == null ? s : name;
                    }
                }
                case "layer" ->
                        layer = p.currentToken() == JsonToken.VALUE_NULL ? null : stringField(fp);
                case "lane" ->
                        lane =
                                p.currentToken() == JsonToken.VALUE_NULL
                                        ? null
                                        : p.getValueAsString();
                case "sector" ->
                        sector =
                                p.currentToken() == JsonToken.VALUE_NULL
                                        ? -1
                                        : intField(fp, 0, Long.MAX_VALUE);
                case "count" -> count = (int) intField(fp, 0, Integer.MAX_VALUE);
                case "request" ->
                        request =
                                p.currentToken() == JsonToken.VALUE_NULL
                                        ? null
                                        : (int) intField(fp, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case "name" -> name = p.getValueAsString();
                case "text", "crashKind" -> text = p.getValueAsString();
                case "queued" -> queued = timeField(fp);
                default -> p.skipChildren();
            }
        }
        if (t == Time.NONE) {
            throw new BadField(path + ": missing required field 't'");
        }
        if (queued != Time.NONE && queued > t) {
            throw new BadField(path + ".queued: " + queued + " is after t " + t);
        }
        if (kind == null) {
            throw new BadField(path + ": missing required field 'kind'");
        }
        int layerIndex = layer == null ? -1 : b.layer(layer);
        int laneIndex = lane == null || layerIndex < 0 ? -1 : b.lane(layerIndex, file, lane);
        EventTable et = b.events();
        int row = et.add(t, kind, layerIndex, laneIndex, file, sector, count);
        et.setSourceLine(row, line);
        et.setQueued(row, queued);
        if (name != null) {
            et.setName(row, name);
        }
        if (text != null) {
            et.setText(row, text);
        }
        if (request != null) {
            pendingEventRequests.add(new int[] {row, request, line});
        }
    }

    private void readTruth() throws IOException, ImportException {
        expect(JsonToken.START_OBJECT, "truth", "an object");
        long crashAt = Time.NONE;
        String crashKind = null;
        List<Object[]> sectors = new ArrayList<>();
        List<Object[]> inFlight = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "crashAt" -> crashAt = p.getValueAsLong(Time.NONE);
                case "crashKind" -> crashKind = p.getValueAsString();
                case "sectors" -> readTruthList("truth.sectors", "sector", "data", sectors);
                case "inFlight" -> readTruthList("truth.inFlight", "id", "where", inFlight);
                default -> p.skipChildren();
            }
        }
        if (crashAt == Time.NONE) {
            throw new ImportException(
                    input.name(), line(), "truth: missing required field 'crashAt'");
        }
        Truth truth = new Truth(crashAt, crashKind);
        for (Object[] s : sectors) {
            truth.addSector((Long) s[0], (String) s[1]);
        }
        for (Object[] s : inFlight) {
            truth.addInFlight(((Long) s[0]).intValue(), (String) s[1]);
        }
        b.truth(truth);
    }

    private void readTruthList(
            String path, String numberField, String textField, List<Object[]> out)
            throws IOException, ImportException {
        expect(JsonToken.START_ARRAY, path, "an array");
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int line = line();
            Long n = null;
            String text = null;
            if (p.currentToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    p.nextToken();
                    if (f.equals(numberField) && p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                        n = p.getLongValue();
                    } else if (f.equals(textField)) {
                        text =
                                p.currentToken() == JsonToken.VALUE_NULL
                                        ? null
                                        : p.getValueAsString();
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
            if (n == null) {
                source.skip(
                        line, path + "[" + i + "]: missing required field '" + numberField + "'");
            } else {
                out.add(new Object[] {n, text});
            }
            i++;
        }
    }
}
