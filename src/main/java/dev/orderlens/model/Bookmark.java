package dev.orderlens.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A user's note on a time or on a request: saved in sessions, listed in the app's Bookmarks tab,
 * carried into the HTML report. A request is named by its file's index and its id in that file,
 * which survive re-importing (row numbers do not); its time is the request's submit time, kept so a
 * bookmark whose request is gone still has a place.
 *
 * @param atNs the time, ns from the trace's zero
 * @param request the request, or null for a bookmark on a time
 * @param note the user's text (may be empty, never null); data, never markup
 */
public record Bookmark(long atNs, RequestRef request, String note) {
    /** Longest note kept: a note is a short remark, not a document. */
    public static final int MAX_NOTE = 2_000;

    /** Most bookmarks a session or a report carries. */
    public static final int MAX_BOOKMARKS = 10_000;

    /** A request by file index (0-based, among the trace's files) and id in that file. */
    public record RequestRef(int file, int id) {}

    public Bookmark {
        Objects.requireNonNull(note, "note");
        if (note.length() > MAX_NOTE) {
            throw new IllegalArgumentException(
                    "a note holds at most " + MAX_NOTE + " characters, this one " + note.length());
        }
    }

    public static Bookmark atTime(long atNs, String note) {
        return new Bookmark(atNs, null, note);
    }

    /** A bookmark on a request row of {@code t}, at its submit time. */
    public static Bookmark onRow(Trace t, int row, String note) {
        Requests r = t.requests();
        return new Bookmark(r.submit(row), new RequestRef(r.file(row), r.id(row)), note);
    }

    /** The request's row in {@code t}, or -1 for a time bookmark or a request it does not have. */
    public int row(Trace t) {
        return request == null ? -1 : t.requests().rowOfId(request.file(), request.id());
    }

    /** The same bookmark with another note. */
    public Bookmark withNote(String text) {
        return new Bookmark(atNs, request, text);
    }

    /**
     * The bookmarks in time order (a request's before a time's at the same instant, then by note):
     * the order every list of them shows.
     */
    public static List<Bookmark> sorted(List<Bookmark> bookmarks) {
        List<Bookmark> out = new ArrayList<>(bookmarks);
        out.sort(
                (a, b) -> {
                    int c = Long.compare(a.atNs, b.atNs);
                    if (c == 0) {
                        c = Boolean.compare(a.request == null, b.request == null);
                    }
                    return c != 0 ? c : a.note.compareTo(b.note);
                });
        return out;
    }
}
