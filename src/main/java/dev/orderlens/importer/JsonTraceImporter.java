package dev.orderlens.importer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads trace JSON v1 (docs/trace-format.md) with Jackson's streaming parser: no tree of the whole
 * file is built. A request or event with a bad field is skipped and reported with its JSON path and
 * line ("requests[12].op: unknown op 'wirte'"); broken JSON syntax stops the import.
 */
public final class JsonTraceImporter implements TraceImporter {
    public static final String ID = "json";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "OrderLens trace JSON v1 (simulator output, exports)";
    }

    @Override
    public int sniff(List<String> head) {
        String text = String.join("\n", head).stripLeading();
        if (!text.startsWith("{")) {
            return 0;
        }
        return text.contains("\"orderlens-trace\"") ? 100 : 30;
    }

    @Override
    public Trace read(ImportInput input, ImportOptions options, Progress progress)
            throws IOException, ImportException {
        // Jackson is loaded only here: the CLI reading another format never loads its classes
        return JsonFiles.read(input, options, progress);
    }

    /**
     * Jackson's parser for trace JSON, in a class of its own: this importer is created (and its
     * class verified) whenever any file is opened, and the verifier loads the exception types a
     * method catches.
     */
    private static final class JsonFiles {
        private static final JsonFactory FACTORY = new JsonFactory();

        static Trace read(ImportInput input, ImportOptions options, Progress progress)
                throws IOException, ImportException {
            try (InputStream in = input.openStream();
                    JsonParser p = FACTORY.createParser(in)) {
                return new JsonTraceReader(input, options, progress, p).read();
            } catch (com.fasterxml.jackson.core.io.JsonEOFException e) {
                int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
                throw new ImportException(
                        input.name(), line, "the JSON ends early (truncated file?)", e);
            } catch (JsonParseException e) {
                int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
                throw new ImportException(
                        input.name(), line, "not valid JSON: " + e.getOriginalMessage(), e);
            }
        }
    }
}
