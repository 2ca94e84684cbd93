package dev.orderlens.ui;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CacheModeInference;
import dev.orderlens.analysis.CacheModes;
import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashPoint;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;

/**
 * The crash pane's per-disk cache modes: the button says the mode in use on each disk and whether
 * it was inferred or set by the user ("blk0 unsafe (inferred) · blk1 none (set by you)"); its menu
 * sets one disk's mode. Hidden when the trace has no QEMU disks (the pane's cache-mode box is then
 * every write's mode).
 */
final class DiskModesButton extends MenuButton {
    private final CrashViewModel crash;

    DiskModesButton(CrashViewModel crash) {
        this.crash = crash;
        setId("crash-disk-modes");
        setTooltip(
                new Tooltip(
                        "Each QEMU disk's cache mode: what its log shows, or what you set. Two disks"
                                + " can have different modes; each disk's writes are judged under its own."));
        managedProperty().bind(visibleProperty());
        crash.pointProperty().addListener((o, a, b) -> refresh());
        crash.analysisProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    /** The modes in use: the point's, else those the next point will take. */
    private CacheModes modes() {
        CrashPoint p = crash.pointProperty().get();
        return (p != null ? p : crash.defaultPoint(0)).cacheModes();
    }

    void refresh() {
        CrashAnalysis a = crash.analysisProperty().get();
        boolean disks = a != null && !a.disks().isEmpty();
        setVisible(disks);
        getItems().clear();
        if (!disks) {
            setText("");
            return;
        }
        CacheModes m = modes();
        StringBuilder text = new StringBuilder();
        for (CacheModeInference.DiskMode d : a.disks()) {
            CacheModes.Choice c = m.choiceOf(d.key());
            text.append(text.isEmpty() ? "" : " · ").append(d.key()).append(' ').append(c.text());
            getItems().add(menuOf(d, c));
        }
        setText(text.toString());
    }

    /** "blk1" → its modes, the one in use checked; the inferred one says what it was read from. */
    private Menu menuOf(CacheModeInference.DiskMode d, CacheModes.Choice inUse) {
        Menu menu = new Menu(d.key() + ": " + inUse.text());
        menu.setId("disk-mode-" + d.key());
        ToggleGroup group = new ToggleGroup();
        for (CacheMode mode : CacheMode.values()) {
            String label =
                    mode == d.mode()
                            ? mode.jsonName() + " (" + d.text().substring(d.text().indexOf('(') + 1)
                            : mode.jsonName();
            RadioMenuItem item = new RadioMenuItem(label);
            item.setToggleGroup(group);
            item.setSelected(mode == inUse.mode());
            item.setOnAction(
                    e -> {
                        crash.setCacheMode(d.key(), mode);
                        refresh();
                    });
            menu.getItems().add(item);
        }
        return menu;
    }
}
