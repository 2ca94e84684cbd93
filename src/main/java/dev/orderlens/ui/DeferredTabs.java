package dev.orderlens.ui;

import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * A tab's content enters the scene when the tab is first selected. A tab pane styles and skins
 * every tab's content when the window is shown, hidden ones included: the side panel's Stats,
 * Teaching, Range and other tabs were about a third of the work before the first window (ADR 0310).
 * The panes themselves still exist and follow the trace; only their nodes wait.
 */
final class DeferredTabs {
    private DeferredTabs() {}

    /** Defers the content of every tab of {@code pane} but the selected one. */
    static void install(TabPane pane) {
        Tab shown = pane.getSelectionModel().getSelectedItem();
        for (Tab tab : pane.getTabs()) {
            Node content = tab.getContent();
            if (tab != shown && content != null) {
                tab.setContent(null);
                // back on first selection, unless something else was set meanwhile
                FirstValue.when(
                        tab.selectedProperty(),
                        selected -> selected,
                        selected -> {
                            if (tab.getContent() == null) {
                                tab.setContent(content);
                            }
                        });
            }
        }
    }
}
