package dev.orderlens.ui;

import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
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
                tab.selectedProperty().addListener(new Attach(tab, content));
            }
        }
    }

    /** Puts the content back on first selection, unless something else was set meanwhile. */
    private record Attach(Tab tab, Node content) implements ChangeListener<Boolean> {
        @Override
        public void changed(ObservableValue<? extends Boolean> o, Boolean was, Boolean now) {
            if (now) {
                tab.selectedProperty().removeListener(this);
                if (tab.getContent() == null) {
                    tab.setContent(content);
                }
            }
        }
    }
}
