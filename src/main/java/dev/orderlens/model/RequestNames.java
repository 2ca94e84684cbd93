package dev.orderlens.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one way a request is named to a user. A request id is a number per input file (the JSON id,
 * or the line of the request's first event), so in a guest + QEMU pair {@code #722} can name two
 * requests. A name is qualified by the layer ({@code guest#722}, {@code virtio#722}) and, when two
 * files hold requests of one layer, by the file too ({@code guest@b.blkparse.txt#722}); {@link
 * #source} gives the file and line beside it. {@link #find} reads every form back, plain {@code
 * 722} included. Built once per trace ({@link Trace#names()}).
 */
public final class RequestNames {
    private final Trace trace;
    private final Requests r;

    /** Per layer: do requests of more than one file share it? */
    private final boolean[] sharedLayer;

    /** Per file: the qualifier used when its layer is shared ("b.blkparse.txt", or "file2"). */
    private final String[] fileLabel;

    RequestNames(Trace trace) {
        this.trace = trace;
        this.r = trace.requests();
        int layers = trace.layers().size();
        int[] fileOfLayer = new int[layers];
        Arrays.fill(fileOfLayer, -1);
        sharedLayer = new boolean[layers];
        for (int row = 0; row < r.size(); row++) {
            int l = r.layer(row);
            int f = r.file(row);
            if (fileOfLayer[l] < 0) {
                fileOfLayer[l] = f;
            } else if (fileOfLayer[l] != f) {
                sharedLayer[l] = true;
            }
        }
        List<SourceFile> files = trace.sources();
        fileLabel = new String[files.size()];
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            seen.merge(baseName(files.get(i).path()), 1, Integer::sum);
        }
        for (int i = 0; i < files.size(); i++) {
            String base = baseName(files.get(i).path());
            // a name with '#' or '@' in it could not be read back; two files of one name neither
            fileLabel[i] =
                    seen.get(base) == 1
                                    && !base.isEmpty()
                                    && base.indexOf('#') < 0
                                    && base.indexOf('@') < 0
                            ? base
                            : "file" + (i + 1);
        }
    }

    /** "guest#722", or "guest@b.blkparse.txt#722" when another file has guest requests too. */
    public String id(int row) {
        int l = r.layer(row);
        String layer = trace.layers().get(l).id();
        return sharedLayer[l]
                ? layer + "@" + fileLabel[r.file(row)] + "#" + r.id(row)
                : layer + "#" + r.id(row);
    }

    /** "guest#722 PREFLUSH|FUA write": the id with the op and the flags that order writes. */
    public String label(int row) {
        int f = r.flags(row) & (Flags.PREFLUSH | Flags.FUA);
        return id(row) + (f == 0 ? " " : " " + Flags.display(f) + " ") + r.op(row).jsonName();
    }

    /** "writeback.guest.blkparse.txt:722": the file (base name) and first line, or null. */
    public String source(int row) {
        int f = r.file(row);
        if (f < 0 || f >= trace.sources().size()) {
            return null;
        }
        String file = baseName(trace.sources().get(f).path());
        int line = r.sourceLine(row);
        return line > 0 ? file + ":" + line : file;
    }

    /** {@link #label} with its {@link #source} in brackets where there is one. */
    public String describe(int row) {
        String src = source(row);
        return src == null ? label(row) : label(row) + " (" + src + ")";
    }

    /**
     * The rows a user's name stands for, in row order: {@code guest#722}, {@code guest@b.txt#722},
     * {@code guest:722}, {@code #722} or {@code 722} (every layer and file). Case does not matter;
     * an unknown layer or a malformed name matches nothing.
     */
    public int[] find(String name) {
        Query q = parse(name);
        if (q == null) {
            return new int[0];
        }
        int[] out = new int[4];
        int n = 0;
        for (int row = 0; row < r.size(); row++) {
            if (r.id(row) == q.id && matches(q, row)) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = row;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Whether a layer of the trace has this id, ignoring case. */
    public boolean isLayer(String id) {
        return trace.layers().stream().anyMatch(l -> l.id().equalsIgnoreCase(id));
    }

    /** Whether {@code name} has the form {@link #find} reads (it may still match nothing). */
    public static boolean looksLikeName(String name) {
        return parse(name) != null;
    }

    private boolean matches(Query q, int row) {
        if (q.layer != null && !q.layer.equalsIgnoreCase(trace.layerId(row))) {
            return false;
        }
        return q.file == null || q.file.equalsIgnoreCase(fileLabel[r.file(row)]);
    }

    private record Query(String layer, String file, long id) {}

    private static Query parse(String name) {
        if (name == null) {
            return null;
        }
        String s = name.trim().toLowerCase(Locale.ROOT);
        int hash = s.lastIndexOf('#');
        if (hash < 0) {
            hash = s.lastIndexOf(':');
        }
        String prefix = hash < 0 ? "" : s.substring(0, hash);
        Long id = number(s.substring(hash + 1));
        if (id == null) {
            return null;
        }
        String layer = null;
        String file = null;
        if (!prefix.isEmpty()) {
            int at = prefix.indexOf('@');
            layer = at < 0 ? prefix : prefix.substring(0, at);
            file = at < 0 ? null : prefix.substring(at + 1);
            if (layer.isEmpty() || !layer.chars().allMatch(RequestNames::layerChar)) {
                return null;
            }
        }
        return new Query(layer, file, id);
    }

    private static boolean layerChar(int c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.';
    }

    private static Long number(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return null;
            }
        }
        return Long.parseLong(s);
    }

    static String baseName(String path) {
        if (path == null) {
            return "";
        }
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }
}
