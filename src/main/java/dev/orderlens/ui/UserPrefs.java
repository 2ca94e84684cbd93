package dev.orderlens.ui;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * The user's remembered settings, all under one preferences node: the recent trace sets, the main
 * window's size and state, and the side panel's width. The node can be moved with {@code
 * -Dorderlens.prefs=NAME}; tests use a scratch node and {@link #remove()} it afterwards.
 */
public final class UserPrefs {
    /** The narrowest the side panel (details, summary, stats, teaching) may get. */
    static final double MIN_SIDE_WIDTH = 320;

    /** The side panel's width on a first start (about a quarter of a 1280 px window). */
    static final double DEFAULT_SIDE_WIDTH = 340;

    private final Preferences root;

    public UserPrefs(Preferences root) {
        this.root = root;
    }

    /** The user's settings ({@code dev/orderlens} unless -Dorderlens.prefs names another node). */
    public static UserPrefs userDefault() {
        return new UserPrefs(
                Preferences.userRoot()
                        .node(System.getProperty("orderlens.prefs", "dev/orderlens")));
    }

    RecentFiles recent() {
        return new RecentFiles(root.node("recent"));
    }

    WindowState window() {
        return new WindowState(root.node("window"));
    }

    /** The side panel's width the user last gave it (at least the minimum). */
    double sideWidth() {
        try {
            return Math.max(
                    MIN_SIDE_WIDTH, root.node("layout").getDouble("side", DEFAULT_SIDE_WIDTH));
        } catch (IllegalStateException e) { // the node was removed under us: a setting, not data
            LOG.log(System.Logger.Level.DEBUG, "preferences node removed: " + root, e);
            return DEFAULT_SIDE_WIDTH;
        }
    }

    void saveSideWidth(double px) {
        if (px >= MIN_SIDE_WIDTH) {
            try {
                root.node("layout").putDouble("side", Math.round(px));
            } catch (IllegalStateException e) {
                LOG.log(System.Logger.Level.DEBUG, "preferences node removed: " + root, e);
            }
        }
    }

    /** Whether imports go through the on-disk trace cache (ADR 0360); on unless turned off. */
    boolean traceCache() {
        try {
            return root.node("cache").getBoolean("enabled", true);
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "preferences node removed: " + root, e);
            return true;
        }
    }

    void traceCache(boolean on) {
        try {
            root.node("cache").putBoolean("enabled", on);
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "preferences node removed: " + root, e);
        }
    }

    private static final System.Logger LOG = System.getLogger(UserPrefs.class.getName());

    /** Removes every setting under this node (tests clean up their scratch nodes). */
    public void remove() {
        try {
            Preferences parent = root.parent();
            root.removeNode();
            if (parent != null) {
                parent.flush();
            }
        } catch (BackingStoreException | IllegalStateException e) {
            // already removed, or an unwritable store: nothing left to clean
        }
    }
}
