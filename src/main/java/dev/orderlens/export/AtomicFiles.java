package dev.orderlens.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every file an export writes goes through here (ADR 0121). A regular file is written to a
 * temporary sibling and renamed over the target, so a failed or cancelled export never leaves a
 * truncated file or half-overwrites the user's file. Around that:
 *
 * <ul>
 *   <li>a symlink is followed to its final target, which is replaced (the link stays a link);
 *   <li>a device node or FIFO the user named is written through, never replaced by a regular file;
 *   <li>a missing directory is refused (a typo must not write somewhere unexpected);
 *   <li>a read-only target is refused unless replacing it was asked for ({@link #forcing});
 *   <li>temporaries this class left behind (a killed run) are removed: their name carries the pid
 *       of the run that made them, so those of runs no longer alive are known to be stale.
 * </ul>
 */
public final class AtomicFiles {
    private static final ThreadLocal<Boolean> FORCE = ThreadLocal.withInitial(() -> false);

    /** ".NAME.pid1234.5678.tmp": ours, with the pid of the run that made it. */
    private static final Pattern TEMP =
            Pattern.compile("\\.(.+)\\.pid(\\d{1,19})\\.\\d{1,19}\\.tmp");

    /** Temporaries of the old naming (".NAME.123456.tmp", no pid): stale after this long. */
    private static final Duration OLD_TEMP_AGE = Duration.ofHours(1);

    private AtomicFiles() {}

    /** Writes the content produced by {@code body}. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Something done while read-only targets may be replaced. */
    @FunctionalInterface
    public interface IoAction<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} on this thread with read-only targets replaced when {@code force}. */
    public static <T> T forcing(boolean force, IoAction<T> action) throws IOException {
        boolean was = FORCE.get();
        FORCE.set(force);
        try {
            return action.run();
        } finally {
            FORCE.set(was);
        }
    }

    /**
     * The file a write to {@code target} changes: the target itself, or, for a symlink, the file it
     * finally points to. Throws with a one-line reason when the write would be refused.
     */
    public static Path check(Path target, boolean force) throws IOException {
        Path abs = target.toAbsolutePath();
        Path real = abs;
        if (Files.isSymbolicLink(abs)) {
            if (!Files.exists(abs)) {
                throw new IOException(
                        target
                                + " is a symlink to "
                                + Files.readSymbolicLink(abs)
                                + ", which does not exist");
            }
            real = abs.toRealPath();
        }
        Path dir = real.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IOException(
                    "the directory "
                            + dir
                            + " does not exist (create it first; nothing is created)");
        }
        if (Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isDirectory(real)) {
                throw new IOException(target + " is a directory");
            }
            if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isWritable(real)) {
                    throw new IOException(target + " is a special file that cannot be written");
                }
                return real; // a device or FIFO: written through
            }
            if (readOnly(real) && !force) {
                throw new IOException(
                        target + " is read-only; not replacing it (use --force to replace it)");
            }
        }
        return real;
    }

    /**
     * Not writable for us, or with no write bit at all (mode 0444): root may write anything, but a
     * file someone made read-only is still not to be replaced silently.
     */
    private static boolean readOnly(Path file) throws IOException {
        if (!Files.isWritable(file)) {
            return true;
        }
        if (!Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return false;
        }
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        return !p.contains(PosixFilePermission.OWNER_WRITE)
                && !p.contains(PosixFilePermission.GROUP_WRITE)
                && !p.contains(PosixFilePermission.OTHERS_WRITE);
    }

    /** A note for the user when the file written is not the path they gave, else null. */
    public static String note(Path target) {
        try {
            Path abs = target.toAbsolutePath();
            if (Files.isSymbolicLink(abs) && Files.exists(abs)) {
                return target + " is a symlink: wrote its target " + abs.toRealPath();
            }
            if (Files.exists(abs) && !Files.isRegularFile(abs)) {
                return target + " is not a regular file: wrote through to it";
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /**
     * createTempFile makes an owner-only (0600) file; an export is an ordinary file: give it the
     * replaced file's permissions, or rw-r--r-- for a new one.
     */
    private static void keepPermissions(Path tmp, Path target) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> perms =
                Files.exists(target)
                        ? Files.getPosixFilePermissions(target)
                        : PosixFilePermissions.fromString("rw-r--r--");
        if (FORCE.get()) {
            perms = new java.util.HashSet<>(perms);
            perms.add(PosixFilePermission.OWNER_WRITE); // --force: the result can be written again
        }
        Files.setPosixFilePermissions(tmp, perms);
    }

    public static void write(Path target, Body body) throws IOException {
        Path real = check(target, FORCE.get());
        if (Files.exists(real) && !Files.isRegularFile(real)) {
            // a device or FIFO the user named: write through, never replace it with a file
            try (OutputStream out =
                    new BufferedOutputStream(
                            Files.newOutputStream(real, StandardOpenOption.WRITE), 1 << 16)) {
                body.write(out);
            }
            return;
        }
        Path dir = real.getParent();
        removeStaleTemporaries(dir, real.getFileName().toString());
        Path tmp =
                dir.resolve(
                        "."
                                + real.getFileName()
                                + ".pid"
                                + ProcessHandle.current().pid()
                                + "."
                                + (ThreadLocalRandom.current().nextLong() >>> 1)
                                + ".tmp");
        try {
            Files.createFile(
                    tmp,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp); // not a POSIX file system
        }
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.write(out);
            }
            keepPermissions(tmp, real);
            try {
                Files.move(
                        tmp,
                        real,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, real, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Deletes temporaries of our naming in {@code dir} whose run is gone (its pid is not alive),
     * and those of the old naming (".NAME.digits.tmp", no pid) for this very file name older than
     * an hour. Best effort: a failure is ignored.
     */
    static void removeStaleTemporaries(Path dir, String fileName) {
        Pattern old = Pattern.compile("\\." + Pattern.quote(fileName) + "\\.\\d{1,19}\\.tmp");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                Matcher m = TEMP.matcher(name);
                boolean stale;
                if (m.matches()) {
                    long pid;
                    try {
                        pid = Long.parseLong(m.group(2));
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    stale =
                            pid != ProcessHandle.current().pid()
                                    && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
                } else if (old.matcher(name).matches()) {
                    FileTime t = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
                    stale = t.toInstant().isBefore(Instant.now().minus(OLD_TEMP_AGE));
                } else {
                    continue;
                }
                if (stale && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (NoSuchFileException e) {
                        // another run cleaned it
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // cleaning is best effort; the export itself goes on
        }
    }
}
