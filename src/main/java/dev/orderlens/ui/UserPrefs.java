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

    /** The side panel's width on a first start. */
    static final double DEFAULT_SIDE_WIDTH = 460;

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
        return Math.max(MIN_SIDE_WIDTH, root.node("layout").getDouble("side", DEFAULT_SIDE_WIDTH));
    }

    void saveSideWidth(double px) {
        if (px >= MIN_SIDE_WIDTH) {
            root.node("layout").putDouble("side", Math.round(px));
        }
    }

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
