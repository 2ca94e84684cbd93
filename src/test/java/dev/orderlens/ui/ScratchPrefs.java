package dev.orderlens.ui;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Scratch preferences for window tests: {@link #create()} makes a node under {@code
 * dev/orderlens-test}, and the extension removes every node made during a test after it (and the
 * parent once empty), so test runs leave nothing in the user's preferences.
 */
final class ScratchPrefs implements AfterEachCallback {
    static final String PARENT = "dev/orderlens-test";
    private static final List<UserPrefs> MADE = new CopyOnWriteArrayList<>();

    /** A fresh, empty settings node for one test. */
    static UserPrefs create() {
        UserPrefs p = new UserPrefs(Preferences.userRoot().node(PARENT + "/" + System.nanoTime()));
        MADE.add(p);
        return p;
    }

    @Override
    public void afterEach(ExtensionContext context) throws BackingStoreException {
        for (UserPrefs p : MADE) {
            p.remove();
        }
        MADE.clear();
        Preferences parent = Preferences.userRoot().node(PARENT);
        if (parent.childrenNames().length == 0 && parent.keys().length == 0) {
            parent.removeNode();
            Preferences.userRoot().flush();
        }
    }
}
