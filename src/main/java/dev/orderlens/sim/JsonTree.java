package dev.orderlens.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small JSON tree that remembers each value's line and path, so a bad workload gets a message
 * like "file:line: steps[3].count: expected ...". Jackson's own tree keeps no locations. Workload
 * files are small; trace files never go through here.
 */
final class JsonTree {
    private static final JsonFactory FACTORY =
            JsonFactory.builder()
                    .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build();

    enum Type {
        OBJECT,
        ARRAY,
        STRING,
        NUMBER,
        BOOLEAN,
        NULL
    }

    private JsonTree() {}

    static Node parse(String source, InputStream in) throws WorkloadException {
        try (JsonParser p = FACTORY.createParser(in)) {
            if (p.nextToken() == null) {
                throw new WorkloadException(source, 1, "", "empty file, expected a JSON object");
            }
            Node root = read(p, source, "");
            if (p.nextToken() != null) {
                throw new WorkloadException(
                        source,
                        p.currentLocation().getLineNr(),
                        "",
                        "unexpected content after the JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new WorkloadException(
                    source, line, "", "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new WorkloadException(source, 0, "", "cannot read: " + e.getMessage());
        }
    }

    private static Node read(JsonParser p, String source, String path)
            throws IOException, WorkloadException {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    fields.put(name, read(p, source, path.isEmpty() ? name : path + "." + name));
                }
                return new Node(Type.OBJECT, source, line, path, fields, null, null, 0, false);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p, source, path + "[" + items.size() + "]"));
                }
                return new Node(Type.ARRAY, source, line, path, null, items, null, 0, false);
            }
            case VALUE_STRING -> {
                return new Node(Type.STRING, source, line, path, null, null, p.getText(), 0, false);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                boolean integral =
                        t == JsonToken.VALUE_NUMBER_INT
                                && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
                return new Node(
                        Type.NUMBER,
                        source,
                        line,
                        path,
                        null,
                        null,
                        p.getText(),
                        p.getDoubleValue(),
                        integral);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node(
                        Type.BOOLEAN,
                        source,
                        line,
                        path,
                        null,
                        null,
                        p.getText(),
                        0,
                        t == JsonToken.VALUE_TRUE);
            }
            default -> {
                return new Node(Type.NULL, source, line, path, null, null, "null", 0, false);
            }
        }
    }

    /**
     * Deep merge for scenario variants: objects merge field by field, anything else is replaced.
     */
    static Node merge(Node base, Node override) {
        if (base == null) {
            return override;
        }
        if (override == null) {
            return base;
        }
        if (base.type != Type.OBJECT || override.type != Type.OBJECT) {
            return override;
        }
        Map<String, Node> fields = new LinkedHashMap<>(base.fields);
        for (Map.Entry<String, Node> e : override.fields.entrySet()) {
            fields.put(e.getKey(), merge(base.fields.get(e.getKey()), e.getValue()));
        }
        return new Node(
                Type.OBJECT,
                override.source,
                override.line,
                override.path,
                fields,
                null,
                null,
                0,
                false);
    }

    /** One JSON value with where it came from. */
    static final class Node {
        final Type type;
        final String source;
        final int line;
        final String path;
        private final Map<String, Node> fields;
        private final List<Node> items;
        private final String text;
        private final double number;

        /** Integral number, or the boolean value. */
        private final boolean flag;

        Node(
                Type type,
                String source,
                int line,
                String path,
                Map<String, Node> fields,
                List<Node> items,
                String text,
                double number,
                boolean flag) {
            this.type = type;
            this.source = source;
            this.line = line;
            this.path = path;
            this.fields = fields;
            this.items = items;
            this.text = text;
            this.number = number;
            this.flag = flag;
        }

        WorkloadException error(String message) {
            return new WorkloadException(source, line, path, message);
        }

        private String shown() {
            return switch (type) {
                case STRING -> "\"" + text + "\"";
                case OBJECT -> "an object";
                case ARRAY -> "an array";
                default -> text;
            };
        }

        private WorkloadException expected(String what) {
            return error("expected " + what + ", got " + shown());
        }

        /** This object, checked to have no fields outside {@code allowed}. */
        Node object(String... allowed) throws WorkloadException {
            if (type != Type.OBJECT) {
                throw expected("an object");
            }
            Set<String> ok = Set.of(allowed);
            for (String name : fields.keySet()) {
                if (!ok.contains(name)) {
                    Node f = fields.get(name);
                    throw new WorkloadException(
                            source,
                            f.line,
                            path,
                            "unknown field '"
                                    + name
                                    + "' (expected one of: "
                                    + String.join(", ", new TreeSet<>(ok))
                                    + ")");
                }
            }
            return this;
        }

        boolean isObject() {
            return type == Type.OBJECT;
        }

        boolean isNumber() {
            return type == Type.NUMBER;
        }

        boolean isString() {
            return type == Type.STRING;
        }

        boolean has(String name) {
            return fields != null && fields.containsKey(name);
        }

        /** A field or null. */
        Node get(String name) {
            return fields == null ? null : fields.get(name);
        }

        Node require(String name) throws WorkloadException {
            Node n = get(name);
            if (n == null) {
                throw error("missing required field '" + name + "'");
            }
            return n;
        }

        List<Node> array() throws WorkloadException {
            if (type != Type.ARRAY) {
                throw expected("an array");
            }
            return items;
        }

        String string() throws WorkloadException {
            if (type != Type.STRING) {
                throw expected("a string");
            }
            return text;
        }

        String string(String... choices) throws WorkloadException {
            String s = type == Type.STRING ? text : null;
            if (s == null || !Arrays.asList(choices).contains(s)) {
                throw expected("one of " + String.join(", ", choices));
            }
            return s;
        }

        boolean bool() throws WorkloadException {
            if (type != Type.BOOLEAN) {
                throw expected("true or false");
            }
            return flag;
        }

        long integer(long min, long max) throws WorkloadException {
            if (type != Type.NUMBER || !flag || number < min || number > max) {
                throw expected(range("an integer", min, max));
            }
            long v = Long.parseLong(text);
            if (v < min || v > max) {
                throw expected(range("an integer", min, max));
            }
            return v;
        }

        double number(double min, double max) throws WorkloadException {
            if (type != Type.NUMBER || number < min || number > max || Double.isNaN(number)) {
                throw expected(range("a number", min, max));
            }
            return number;
        }

        private static String range(String what, double min, double max) {
            boolean noMax = max >= 1e12; // huge limits only guard against overflow
            String lo = min == Math.rint(min) ? String.valueOf((long) min) : String.valueOf(min);
            String hi = max == Math.rint(max) ? String.valueOf((long) max) : String.valueOf(max);
            return noMax ? what + " >= " + lo : what + " in " + lo + ".." + hi;
        }
    }
}
