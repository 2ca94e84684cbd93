package dev.orderlens.export;

import dev.orderlens.model.Bookmark;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Trace;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * A session's bookmarks for a trace opened from files given elsewhere ({@code orderlens export
 * --session}): a bookmark names its request by the file's place among the session's files, and the
 * command line may give the files in another order or only some of them. Each session file is
 * matched to the trace's file with the same path (else the same name, when only one has it); a
 * bookmark on a request of a file that was not given keeps its time and note as a time bookmark.
 */
public final class SessionBookmarks {
    private SessionBookmarks() {}

    public static List<Bookmark> forFiles(Session s, Trace t) {
        List<Session.FileEntry> files = s.source().files();
        if (files.isEmpty()) { // the bundled sample or a scenario: one source, numbered as saved
            return s.bookmarks();
        }
        int[] toTrace = new int[files.size()];
        for (int i = 0; i < files.size(); i++) {
            toTrace[i] = match(files.get(i).path(), t.sources());
        }
        return renumber(s.bookmarks(), i -> i < toTrace.length ? toTrace[i] : -1);
    }

    /**
     * The bookmarks with their requests' file indices mapped by {@code newIndex} (-1: the file is
     * not there, and the bookmark keeps its time and note as a time bookmark).
     */
    public static List<Bookmark> renumber(List<Bookmark> marks, IntUnaryOperator newIndex) {
        List<Bookmark> out = new ArrayList<>();
        for (Bookmark b : marks) {
            Bookmark.RequestRef ref = b.request();
            int file = ref == null ? -1 : newIndex.applyAsInt(ref.file());
            if (ref == null) {
                out.add(b);
            } else if (file >= 0) {
                out.add(new Bookmark(b.atNs(), new Bookmark.RequestRef(file, ref.id()), b.note()));
            } else {
                out.add(Bookmark.atTime(b.atNs(), b.note()));
            }
        }
        return out;
    }

    /** The index of the trace's file at {@code path}, else the only one of that name, else -1. */
    private static int match(String path, List<SourceFile> sources) {
        Path want = normal(path);
        int byName = -1;
        int named = 0;
        for (int i = 0; i < sources.size(); i++) {
            Path have = normal(sources.get(i).path());
            if (want != null && want.equals(have)) {
                return i;
            }
            if (want != null
                    && have != null
                    && have.getFileName() != null
                    && have.getFileName().equals(want.getFileName())) {
                byName = i;
                named++;
            }
        }
        return named == 1 ? byName : -1;
    }

    private static Path normal(String p) {
        try {
            return Path.of(p).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
