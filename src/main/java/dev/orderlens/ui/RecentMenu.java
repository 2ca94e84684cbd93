package dev.orderlens.ui;

import dev.orderlens.export.Session;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;

/**
 * File ▸ Open Recent: the recent trace sets, read again each time the menu shows. The first reading
 * waits until the window is up: the sets are JSON, and starting Jackson was a fifth of building the
 * window (ADR 0380).
 */
final class RecentMenu {
    private static final System.Logger LOG = System.getLogger(RecentMenu.class.getName());

    private final Menu menu = new Menu("Open _Recent");
    private final RecentFiles recent;
    private final Consumer<Session> open;

    RecentMenu(RecentFiles recent, Consumer<Session> open) {
        this.recent = recent;
        this.open = open;
        menu.setOnShowing(e -> refresh());
        Platform.runLater(this::refreshOnce);
    }

    Menu menu() {
        return menu;
    }

    /** The first reading; the settings may be gone by then (a test removed its scratch node). */
    private void refreshOnce() {
        try {
            refresh();
        } catch (IllegalStateException removed) {
            LOG.log(System.Logger.Level.DEBUG, "no recent sets: " + removed.getMessage());
        }
    }

    private void refresh() {
        menu.getItems().clear();
        List<Session> sets = recent.sets();
        for (Session s : sets) {
            MenuItem item = new MenuItem(RecentFiles.label(s));
            item.setMnemonicParsing(false);
            item.setOnAction(e -> open.accept(s));
            menu.getItems().add(item);
        }
        if (sets.isEmpty()) {
            MenuItem none = new MenuItem("(none)");
            none.setDisable(true);
            menu.getItems().add(none);
        } else {
            MenuItem clear = new MenuItem("Clear Recent");
            clear.setOnAction(e -> recent.clear());
            menu.getItems().addAll(new SeparatorMenuItem(), clear);
        }
    }
}
