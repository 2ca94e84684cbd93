package dev.orderlens.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.orderlens.importer.TraceLoader;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/trace-format.schema.json accepts what we write and every JSON sample, and rejects bad
 * records.
 */
class TraceSchemaTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final JsonSchema schema;

    TraceSchemaTest() throws Exception {
        schema =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(Files.readString(Path.of("docs/trace-format.schema.json")));
    }

    @Test
    void everyJsonSampleAndItsRewriteValidate() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("sample-traces"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                assertEquals(Set.of(), schema.validate(MAPPER.readTree(p.toFile())), p.toString());
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                JsonTraceWriter.write(TraceLoader.load(p), out);
                assertEquals(
                        Set.of(),
                        schema.validate(MAPPER.readTree(out.toByteArray())),
                        "rewrite of " + p);
            }
        }
    }

    @Test
    void rejectsWhatTheReaderRejects() throws Exception {
        JsonNode bad =
                MAPPER.readTree(
                        "{\"format\": \"orderlens-trace\", \"requests\": [{\"layer\": \"guest\", \"op\": \"wirte\", \"submit\": 1}]}");
        Set<ValidationMessage> errors = schema.validate(bad);
        assertFalse(errors.isEmpty());
        assertFalse(
                schema.validate(MAPPER.readTree("{\"format\": \"orderlens-trace\"}")).isEmpty(),
                "requests is required");
        assertFalse(
                schema.validate(
                                MAPPER.readTree(
                                        "{\"format\": \"orderlens-trace\", \"requests\": [{\"layer\": \"g\", \"op\": \"read\"}]}"))
                        .isEmpty(),
                "submit is required");
    }
}
