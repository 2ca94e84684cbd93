package dev.orderlens.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file through a temporary sibling and a rename, so a failed or cancelled export never
 * leaves a truncated file or half-overwrites the user's file: until the rename the old file (if any)
 * is untouched, and the temporary file is removed on every failure.
 *
 * <p>The new file gets the permissions an ordinary new file gets (the umask's), or those of the file
 * it replaces — not the owner-only permissions of {@link Files#createTempFile}.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the content produced by {@code body}. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = createSibling(abs);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.WRITE), 1 << 16)) {
                body.write(out);
            }
            keepPermissions(abs, tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A new, empty, hidden file next to {@code target} (created with the default permissions). */
    private static Path createSibling(Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String name = "." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
            try {
                return Files.createFile(target.resolveSibling(name));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** A replaced file's permissions carry over to its replacement, where the file system has them. */
    private static void keepPermissions(Path old, Path replacement) {
        PosixFileAttributeView from = Files.getFileAttributeView(old, PosixFileAttributeView.class);
        PosixFileAttributeView to = Files.getFileAttributeView(replacement, PosixFileAttributeView.class);
        if (from == null || to == null || !Files.exists(old)) {
            return;
        }
        try {
            to.setPermissions(from.readAttributes().permissions());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // best effort: the content is what matters; the new file keeps the default permissions
        }
    }
}
