package dev.orderlens.ui;

import dev.orderlens.analysis.FlushDomains;
import dev.orderlens.layout.RequestFilter;
import dev.orderlens.layout.RequestFilter.Criterion;
import dev.orderlens.layout.RequestFilter.Kind;
import dev.orderlens.model.Flags;
import dev.orderlens.model.Lane;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Op;
import dev.orderlens.model.Requests;
import dev.orderlens.model.Trace;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;

/**
 * The active filters as removable chips, and the menu that adds them (op, flag, finding, layer,
 * device, process, sector range). Filters apply live: the model is rebuilt in the background.
 */
final class FilterBar extends FlowPane {
    /** Processes offered in the menu: the busiest ones. */
    private static final int MAX_PROCESSES = 30;

    private final TimelineViewModel vm;
    private final MenuButton add = new MenuButton("Filter");

    FilterBar(TimelineViewModel vm) {
        super(6, 4);
        this.vm = vm;
        setId("filter-bar");
        getStyleClass().add("filter-bar");
        setPadding(new Insets(4, 8, 4, 8));
        setAlignment(Pos.CENTER_LEFT);
        add.setId("add-filter");
        add.setGraphic(Icons.view("filter", 16, vm.darkProperty()));
        add.setOnShowing(e -> fillMenu());
        vm.filterProperty().addListener((o, a, b) -> showChips());
        showChips();
    }

    /** The "Filter" menu button, placed in the toolbar. */
    MenuButton menuButton() {
        return add;
    }

    private void showChips() {
        getChildren().clear();
        List<Criterion> criteria = vm.filter().criteria();
        setVisible(!criteria.isEmpty());
        setManaged(!criteria.isEmpty());
        if (criteria.isEmpty()) {
            return;
        }
        Label shown = new Label("Showing only:");
        shown.getStyleClass().add("hint");
        getChildren().add(shown);
        for (Criterion c : criteria) {
            getChildren().add(chip(c));
        }
        if (criteria.size() > 1) {
            Hyperlink clear = new Hyperlink("clear all");
            clear.setOnAction(e -> vm.clearFilters());
            getChildren().add(clear);
        }
    }

    private HBox chip(Criterion c) {
        Label text = new Label(c.label());
        Button remove = new Button("×");
        remove.getStyleClass().add("chip-remove");
        remove.setFocusTraversable(true);
        remove.setOnAction(e -> vm.removeFilter(c));
        remove.setAccessibleText("Remove filter " + c.label());
        HBox chip = new HBox(4, text, remove);
        chip.setAlignment(Pos.CENTER_LEFT);
        chip.getStyleClass().add("chip");
        chip.setUserData(c);
        return chip;
    }

    private void fillMenu() {
        add.getItems().clear();
        Trace t = vm.trace();
        if (t == null) {
            MenuItem none = new MenuItem("(open a trace first)");
            none.setDisable(true);
            add.getItems().add(none);
            return;
        }
        Menu ops = new Menu("Op");
        for (Op op : Op.values()) {
            ops.getItems().add(item(new Criterion(Kind.OP, op.jsonName())));
        }
        Menu flags = new Menu("Flag");
        for (String f : Flags.allNames()) {
            flags.getItems().add(item(new Criterion(Kind.FLAG, f)));
        }
        Menu findings = new Menu("Finding");
        for (String f : RequestFilter.FINDINGS) {
            findings.getItems().add(item(new Criterion(Kind.FINDING, f)));
        }
        Menu layers = new Menu("Layer");
        for (Layer l : t.layers()) {
            MenuItem it = item(new Criterion(Kind.LAYER, l.id()));
            it.setText(l.id() + " — " + l.name());
            layers.getItems().add(it);
        }
        Menu devices = new Menu("Device");
        Set<String> names = new LinkedHashSet<>();
        for (Lane l : t.lanes()) {
            names.add(FlushDomains.device(l.name()));
        }
        for (String d : names) {
            devices.getItems().add(item(new Criterion(Kind.DEVICE, d)));
        }
        Menu processes = new Menu("Process");
        for (String p : busiestProcesses(t)) {
            processes.getItems().add(item(new Criterion(Kind.PROCESS, p)));
        }
        processes.setDisable(processes.getItems().isEmpty());
        MenuItem sectors = new MenuItem("Sector Range…");
        sectors.setOnAction(e -> askSectorRange());
        add.getItems().addAll(ops, flags, findings, layers, devices, processes, sectors);
    }

    private MenuItem item(Criterion c) {
        MenuItem it = new MenuItem(c.value());
        it.setMnemonicParsing(false);
        it.setDisable(vm.filter().criteria().contains(c));
        it.setOnAction(e -> vm.addFilter(c));
        return it;
    }

    private static List<String> busiestProcesses(Trace t) {
        Map<String, Integer> count = new HashMap<>();
        Requests r = t.requests();
        for (int i = 0; i < r.size(); i++) {
            String p = r.process(i);
            if (p != null) {
                count.merge(p, 1, Integer::sum);
            }
        }
        return count.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .limit(MAX_PROCESSES)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    private void askSectorRange() {
        TextInputDialog d = new TextInputDialog();
        Dialogs.place(d, getScene() == null ? null : getScene().getWindow());
        d.setTitle("Filter by sectors");
        d.setHeaderText("Show requests touching these sectors (512-byte units, inclusive)");
        d.setContentText("Sectors (e.g. 2048-4095 or 5008):");
        Optional<String> s = d.showAndWait();
        if (s.isEmpty() || s.get().isBlank()) {
            return;
        }
        try {
            vm.addFilter(new Criterion(Kind.SECTOR, s.get()));
        } catch (IllegalArgumentException e) {
            Alert a = new Alert(Alert.AlertType.ERROR, e.getMessage());
            Dialogs.place(a, getScene() == null ? null : getScene().getWindow());
            a.setHeaderText("Not a sector range");
            a.show();
        }
    }
}
