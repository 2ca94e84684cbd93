package dev.orderlens.ui;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CacheModeInference;
import dev.orderlens.model.Trace;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;

/**
 * The open-files dialog's cache mode per QEMU disk: each disk's box starts at what its log shows
 * ("unsafe (inferred: 3 guest flushes …)") and offers the five modes; what the user picks there
 * becomes that disk's mode for the crash analysis ("set by you").
 */
final class DiskModeChoices extends GridPane {
    /** The disk's key ("blk0", or "q.log:blk0" when two logs name one) → its box. */
    private final Map<String, ComboBox<String>> boxes = new LinkedHashMap<>();

    DiskModeChoices() {
        setHgap(10);
        setVgap(6);
        setId("disk-modes");
    }

    /**
     * Shows the disks of the files read apart ({@code parts}, one per file, {@code paths} beside),
     * keyed as the merged trace will key them.
     */
    void show(List<Trace> parts, List<Path> paths) {
        getChildren().clear();
        boxes.clear();
        Map<String, Integer> uses = new HashMap<>();
        for (Trace t : parts) {
            for (CacheModeInference.DiskMode d : CacheModeInference.of(t)) {
                uses.merge(d.disk(), 1, Integer::sum);
            }
        }
        int row = 0;
        for (int i = 0; i < parts.size() && i < paths.size(); i++) {
            for (CacheModeInference.DiskMode d : CacheModeInference.of(parts.get(i))) {
                String file = paths.get(i).getFileName().toString();
                String key = uses.get(d.disk()) > 1 ? file + ":" + d.disk() : d.disk();
                ComboBox<String> box = new ComboBox<>();
                box.getItems().add(d.text());
                for (CacheMode m : CacheMode.values()) {
                    box.getItems().add(m.jsonName());
                }
                box.getSelectionModel().select(0);
                box.setId("disk-mode-" + key);
                boxes.put(key, box);
                addRow(row++, new Label("cache mode of " + d.disk() + " (" + file + ")"), box);
            }
        }
    }

    /** Chooses a disk's mode as the user would (tests); null goes back to the inferred one. */
    void choose(String disk, CacheMode m) {
        ComboBox<String> box = boxes.get(disk);
        if (box != null) {
            box.getSelectionModel().select(m == null ? 0 : 1 + m.ordinal());
        }
    }

    /** The disks the user set, with their modes; the others keep what their logs show. */
    Map<String, CacheMode> chosen() {
        Map<String, CacheMode> out = new LinkedHashMap<>();
        boxes.forEach(
                (disk, box) -> {
                    int i = box.getSelectionModel().getSelectedIndex();
                    if (i > 0) {
                        out.put(disk, CacheMode.values()[i - 1]);
                    }
                });
        return out;
    }
}
