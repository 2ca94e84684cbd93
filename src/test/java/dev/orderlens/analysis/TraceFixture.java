package dev.orderlens.analysis;

import dev.orderlens.importer.ImportInput;
import dev.orderlens.importer.ImportOptions;
import dev.orderlens.importer.JsonTraceImporter;
import dev.orderlens.model.Progress;
import dev.orderlens.model.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written traces for tests, built as trace JSON v1 text and read by the real importer, so a
 * test reads like the story it tells: {@code f.write(1).on("guest").sectors(0, 8).times(0, 10)}.
 */
final class TraceFixture {
    private final List<Req> requests = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private String config = "";

    /** One request; times are ns; every setter returns this. */
    static final class Req {
        final int id;
        final String op;
        String layer = "guest";
        String lane;
        long sector;
        int count;
        long submit;
        Long issue;
        Long complete;
        String status;
        Integer parent;
        final List<String> flags = new ArrayList<>();
        String data;

        Req(int id, String op) {
            this.id = id;
            this.op = op;
        }

        Req on(String layerId) {
            this.layer = layerId;
            return this;
        }

        Req lane(String laneName) {
            this.lane = laneName;
            return this;
        }

        Req sectors(long first, int n) {
            this.sector = first;
            this.count = n;
            return this;
        }

        /** Submit and complete (null: never completes). */
        Req times(long s, Long c) {
            this.submit = s;
            this.complete = c;
            return this;
        }

        Req issued(long i) {
            this.issue = i;
            return this;
        }

        Req flags(String... f) {
            this.flags.addAll(List.of(f));
            return this;
        }

        Req failed() {
            this.status = "error";
            return this;
        }

        Req parent(int parentId) {
            this.parent = parentId;
            return this;
        }

        Req data(String tag) {
            this.data = tag;
            return this;
        }

        String json() {
            StringBuilder f = new StringBuilder();
            for (String s : flags) {
                f.append(f.length() == 0 ? "" : ",").append('"').append(s).append('"');
            }
            return "{\"id\": "
                    + id
                    + ", \"layer\": \""
                    + layer
                    + "\", \"lane\": \""
                    + (lane == null ? "vda" : lane)
                    + "\", \"op\": \""
                    + op
                    + "\", \"flags\": ["
                    + f
                    + "], \"sector\": "
                    + sector
                    + ", \"count\": "
                    + count
                    + ", \"submit\": "
                    + submit
                    + (issue == null ? "" : ", \"issue\": " + issue)
                    + ", \"complete\": "
                    + complete
                    + (status == null ? "" : ", \"status\": \"" + status + "\"")
                    + (parent == null ? "" : ", \"parent\": " + parent)
                    + (data == null ? "" : ", \"data\": \"" + data + "\"")
                    + "}";
        }
    }

    Req write(int id) {
        return add(new Req(id, "write"));
    }

    Req flush(int id) {
        return add(new Req(id, "flush"));
    }

    Req op(int id, String op) {
        return add(new Req(id, op));
    }

    private Req add(Req r) {
        requests.add(r);
        return r;
    }

    /** A writeback error at a layer (lane may be null) over a sector range (count 0: no range). */
    TraceFixture writebackError(long t, String layer, String lane, long sector, int count) {
        events.add(
                "{\"t\": "
                        + t
                        + ", \"kind\": \"writeback-error\", \"layer\": \""
                        + layer
                        + "\""
                        + (lane == null ? "" : ", \"lane\": \"" + lane + "\"")
                        + (count > 0 ? ", \"sector\": " + sector + ", \"count\": " + count : "")
                        + "}");
        return this;
    }

    TraceFixture cacheMode(String mode) {
        config = "\"meta\": {\"config\": {\"cacheMode\": \"" + mode + "\"}}, ";
        return this;
    }

    TraceFixture noDeviceCache() {
        config = "\"meta\": {\"config\": {\"deviceWriteCache\": false}}, ";
        return this;
    }

    String json() {
        StringBuilder sb =
                new StringBuilder("{\"format\": \"orderlens-trace\", \"version\": 1, ")
                        .append(config)
                        .append("\"requests\": [\n");
        for (int i = 0; i < requests.size(); i++) {
            sb.append(requests.get(i).json()).append(i + 1 < requests.size() ? ",\n" : "\n");
        }
        sb.append("], \"events\": [").append(String.join(",\n", events)).append("]}");
        return sb.toString();
    }

    Trace build() {
        try {
            return new JsonTraceImporter()
                    .read(
                            ImportInput.ofString("t.json", json()),
                            ImportOptions.DEFAULT,
                            Progress.NONE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
