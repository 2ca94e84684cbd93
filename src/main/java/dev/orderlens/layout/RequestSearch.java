package dev.orderlens.layout;

import dev.orderlens.model.Flags;
import dev.orderlens.model.RequestNames;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Trace;
import java.util.Arrays;
import java.util.Locale;

/**
 * Find requests by id, sector, process or text. Queries: a request's name as the app shows it,
 * {@code guest#12} or {@code guest@file.txt#12} ({@link dev.orderlens.model.RequestNames}), also
 * {@code guest:12}; {@code #12} or {@code id:12} (that id at every layer), {@code sector:2048} or
 * {@code s:2048} (requests covering that sector), {@code pid:812}, a bare number (id or sector),
 * anything else a case-insensitive substring of the process, data tag, op, flags, lane or layer.
 */
public final class RequestSearch {
    private RequestSearch() {}

    /**
     * Matching rows in row (submit) order, at most {@code limit}; only rows {@code model} shows, if
     * given.
     */
    public static int[] find(Trace t, TimelineModel model, String query, int limit) {
        String q = query == null ? "" : query.trim();
        if (q.isEmpty()) {
            return new int[0];
        }
        Requests r = t.requests();
        String lower = q.toLowerCase(Locale.ROOT);
        Long id = number(stripPrefix(lower, "#", "id:", "id "));
        Long sector = number(stripPrefix(lower, "sector:", "sector ", "s:"));
        Long pid = number(stripPrefix(lower, "pid:", "pid "));
        Long bare = number(lower);
        int[] named = id == null && sector == null && pid == null ? named(t, lower) : null;
        boolean text = id == null && sector == null && pid == null && bare == null && named == null;
        int[] out = new int[Math.min(limit, 1024)];
        int n = 0;
        for (int row = 0; row < r.size() && n < limit; row++) {
            if (model != null && !model.shown(row)) {
                continue;
            }
            boolean hit;
            if (named != null) {
                hit = Arrays.binarySearch(named, row) >= 0;
            } else if (text) {
                hit = containsText(t, row, lower);
            } else if (id != null) {
                hit = r.id(row) == id;
            } else if (sector != null) {
                hit = covers(r, row, sector);
            } else if (pid != null) {
                hit = r.pid(row) == pid;
            } else {
                hit = r.id(row) == bare || covers(r, row, bare);
            }
            if (hit) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, Math.min(limit, n * 2));
                }
                out[n++] = row;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * The rows of a layer-qualified name ("guest#12", "guest:12"), or null when the query is not
     * one: its layer part must be a layer of this trace.
     */
    private static int[] named(Trace t, String lower) {
        int cut = lower.indexOf('#') > 0 ? lower.indexOf('#') : lower.indexOf(':');
        if (cut <= 0 || !RequestNames.looksLikeName(lower)) {
            return null;
        }
        String layer = lower.substring(0, cut);
        int at = layer.indexOf('@');
        if (!t.names().isLayer(at < 0 ? layer : layer.substring(0, at))) {
            return null;
        }
        return t.names().find(lower); // row order: sorted
    }

    private static boolean covers(Requests r, int row, long sector) {
        long s = r.sector(row);
        return sector >= s && sector < s + Math.max(1, r.count(row));
    }

    private static boolean containsText(Trace t, int row, String lower) {
        Requests r = t.requests();
        return contains(r.process(row), lower)
                || contains(r.dataTag(row), lower)
                || contains(r.op(row).jsonName(), lower)
                || (r.flags(row) != 0
                        && contains(String.join(" ", Flags.names(r.flags(row))), lower))
                || contains(t.lanes().get(r.lane(row)).name(), lower)
                || contains(t.layerId(row), lower);
    }

    private static boolean contains(String s, String lower) {
        return s != null && s.toLowerCase(Locale.ROOT).contains(lower);
    }

    private static String stripPrefix(String s, String... prefixes) {
        for (String p : prefixes) {
            if (s.startsWith(p)) {
                return s.substring(p.length()).trim();
            }
        }
        return null;
    }

    private static Long number(String s) {
        if (s == null || s.isEmpty() || s.length() > 19) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))
                    && !(i == 0 && s.charAt(i) == '-' && s.length() > 1)) {
                return null;
            }
        }
        return Long.parseLong(s);
    }
}
