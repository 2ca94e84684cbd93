package dev.orderlens.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Where the desktop app's log goes: {@code $XDG_STATE_HOME/orderlens/orderlens.log} (default {@code
 * ~/.local/state/orderlens/orderlens.log}, the XDG base-directory rule for state that should
 * survive a restart but is not worth backing up). Code everywhere logs through {@link
 * System.Logger}; without a module-path logger provider that is backed by java.util.logging, so the
 * one file handler installed here receives it all (no logging dependency).
 */
final class AppLog {
    private static final System.Logger LOG = System.getLogger(AppLog.class.getName());
    private static Path installed;

    private AppLog() {}

    /** The log file for this environment (not created). */
    static Path file(String xdgStateHome, String userHome) {
        Path base =
                xdgStateHome != null
                                && !xdgStateHome.isBlank()
                                && Path.of(xdgStateHome).isAbsolute()
                        ? Path.of(xdgStateHome)
                        : Path.of(userHome, ".local", "state");
        return base.resolve("orderlens").resolve("orderlens.log");
    }

    /** The log file of the running app, or null when it could not be opened. */
    static synchronized Path installed() {
        return installed;
    }

    /**
     * Sends every log record at INFO and above to the user's log file (rotated at 1 MB, two files
     * kept). Idempotent; an unwritable state directory leaves logging on stderr only.
     */
    static synchronized Path install() {
        if (installed != null) {
            return installed;
        }
        Path file = file(System.getenv("XDG_STATE_HOME"), System.getProperty("user.home"));
        try {
            Files.createDirectories(file.getParent());
            Handler h = new FileHandler(file.toString(), 1 << 20, 2, true);
            h.setFormatter(new SimpleFormatter());
            h.setLevel(Level.INFO);
            Logger.getLogger("").addHandler(h);
            installed = file;
            LOG.log(System.Logger.Level.INFO, "OrderLens started; logging to " + file);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "no log file at " + file + ": " + e);
        }
        return installed;
    }
}
