package dev.orderlens.ui;

import dev.orderlens.model.Bookmark;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import java.util.List;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Bookmarks side tab: the user's notes on requests and times of the trace on screen, in time
 * order. Ctrl+B (or the lanes' right-click menu) bookmarks the selected request, else the time
 * under the mouse, and puts the cursor in the note field; a click on a bookmark goes there (selects
 * and reveals its request, or centres its time). The list belongs to the trace: a new trace starts
 * with none, a session brings its own ({@link #setAll}).
 */
final class BookmarksPane extends VBox {
    private final TimelineViewModel timeline;
    private final LongSupplier hereTime;
    private final ObservableList<Bookmark> items = FXCollections.observableArrayList();
    private final TableView<Bookmark> table = new TableView<>(items);
    private final TextField note = new TextField();
    private final Button remove = new Button("Remove");
    private final Tab tab = new Tab("Bookmarks", this);
    private Runnable toFront = () -> tab.getTabPane().getSelectionModel().select(tab);

    /**
     * @param hereTime the time a bookmark without a selected request goes to (the mouse on the
     *     lanes, else mid-window)
     */
    BookmarksPane(TimelineViewModel timeline, LongSupplier hereTime) {
        this.timeline = timeline;
        this.hereTime = hereTime;
        setId("bookmarks");
        tab.setId("bookmarks-tab");
        setSpacing(6);
        setPadding(new Insets(8));

        TableColumn<Bookmark, String> time = new TableColumn<>("time");
        time.setCellValueFactory(
                c -> new ReadOnlyStringWrapper(Time.formatSeconds(c.getValue().atNs()) + " s"));
        time.setPrefWidth(100);
        TableColumn<Bookmark, String> request = new TableColumn<>("request");
        request.setCellValueFactory(c -> new ReadOnlyStringWrapper(requestText(c.getValue())));
        request.setPrefWidth(110);
        TableColumn<Bookmark, String> text = new TableColumn<>("note");
        text.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().note()));
        text.setPrefWidth(200);
        table.getColumns().setAll(List.of(time, request, text));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(
                new Label("No bookmarks. Ctrl+B bookmarks the selected request or the time here."));
        table.setId("bookmark-table");
        table.setRowFactory(
                t -> {
                    TableRow<Bookmark> row = new TableRow<>();
                    row.setOnMouseClicked(
                            e -> {
                                if (!row.isEmpty()) {
                                    go(row.getItem());
                                }
                            });
                    return row;
                });
        table.setOnKeyPressed(
                e -> {
                    Bookmark b = table.getSelectionModel().getSelectedItem();
                    if (b == null) {
                        return;
                    }
                    if (e.getCode() == KeyCode.ENTER) {
                        go(b);
                    } else if (e.getCode() == KeyCode.DELETE) {
                        remove(b);
                    }
                });
        table.getSelectionModel()
                .selectedItemProperty()
                .addListener(
                        (o, a, b) -> {
                            note.setText(b == null ? "" : b.note());
                            note.setDisable(b == null);
                            remove.setDisable(b == null);
                        });
        VBox.setVgrow(table, Priority.ALWAYS);

        note.setId("bookmark-note");
        note.setPromptText("note on the selected bookmark (Enter keeps it)");
        note.setDisable(true);
        note.setTextFormatter(
                new TextFormatter<String>(
                        c -> c.getControlNewText().length() <= Bookmark.MAX_NOTE ? c : null));
        note.setOnAction(e -> commitNote());
        note.focusedProperty()
                .addListener(
                        (o, was, now) -> {
                            if (!now) {
                                commitNote();
                            }
                        });
        HBox.setHgrow(note, Priority.ALWAYS);
        remove.setDisable(true);
        remove.setOnAction(e -> remove(table.getSelectionModel().getSelectedItem()));
        getChildren().addAll(table, new HBox(6, note, remove));

        // bookmarks belong to the trace they were made on
        timeline.traceProperty().addListener((o, a, b) -> items.clear());
    }

    Tab tab() {
        return tab;
    }

    /** The bookmarks in time order (a live list: sessions and exports read it). */
    ObservableList<Bookmark> bookmarks() {
        return items;
    }

    /** How to bring the tab to the front (the window's side panel decides). */
    void setToFront(Runnable r) {
        toFront = r;
    }

    /** Replaces the list (a session's bookmarks). */
    void setAll(List<Bookmark> marks) {
        items.setAll(Bookmark.sorted(marks));
    }

    /**
     * Ctrl+B: bookmarks the selected request, else the time here; brings the tab to the front with
     * the note field focused. Null when no trace is open.
     */
    Bookmark addHere() {
        int row = timeline.selected();
        return row >= 0 ? addRequest(row) : addTime(hereTime.getAsLong());
    }

    /** Bookmarks a request (or finds its bookmark) and focuses its note. */
    Bookmark addRequest(int row) {
        Trace t = timeline.trace();
        if (t == null || row < 0) {
            return null;
        }
        Bookmark b = Bookmark.onRow(t, row, "");
        for (Bookmark old : items) {
            if (b.request().equals(old.request())) {
                return edit(old);
            }
        }
        return edit(insert(b));
    }

    /** Bookmarks a time and focuses its note. */
    Bookmark addTime(long ns) {
        if (timeline.trace() == null) {
            return null;
        }
        return edit(insert(Bookmark.atTime(ns, "")));
    }

    /** Goes to a bookmark: its request selected and revealed, or its time centred. */
    void go(Bookmark b) {
        Trace t = timeline.trace();
        if (b == null || t == null) {
            return;
        }
        int row = b.row(t);
        if (row >= 0) {
            timeline.selectAndReveal(row);
            return;
        }
        long span = timeline.window().span();
        long start = b.atNs() - span / 2;
        timeline.goTo(start, start + span);
    }

    void remove(Bookmark b) {
        if (b != null) {
            items.remove(b);
        }
    }

    /** Items for the lanes' right-click menu: bookmark the request there, or the time. */
    void contextItems(ContextMenu menu, int row, long timeNs) {
        Trace t = timeline.trace();
        if (t == null) {
            return;
        }
        if (!menu.getItems().isEmpty()) {
            menu.getItems().add(new SeparatorMenuItem());
        }
        if (row >= 0) {
            MenuItem r = new MenuItem("Bookmark " + t.names().id(row) + "…");
            r.setOnAction(e -> addRequest(row));
            menu.getItems().add(r);
        }
        MenuItem here = new MenuItem("Bookmark This Time (" + Time.formatSeconds(timeNs) + " s)…");
        here.setOnAction(e -> addTime(timeNs));
        menu.getItems().add(here);
    }

    /** View → Add Bookmark (Ctrl+B) and View → Bookmarks. */
    List<MenuItem> menuItems() {
        MenuItem add = new MenuItem("Add _Bookmark…");
        add.setAccelerator(KeyCombination.keyCombination("Shortcut+B"));
        add.setOnAction(e -> addHere());
        add.disableProperty().bind(timeline.traceProperty().isNull());
        MenuItem show = new MenuItem("Boo_kmarks");
        show.setOnAction(e -> toFront.run());
        return List.of(add, show);
    }

    private Bookmark insert(Bookmark b) {
        List<Bookmark> all = new java.util.ArrayList<>(items);
        all.add(b);
        items.setAll(Bookmark.sorted(all));
        return b;
    }

    private Bookmark edit(Bookmark b) {
        toFront.run();
        table.getSelectionModel().select(b);
        table.scrollTo(b);
        note.requestFocus();
        return b;
    }

    /** Keeps the note field's text on the selected bookmark. */
    private void commitNote() {
        Bookmark b = table.getSelectionModel().getSelectedItem();
        if (b == null || b.note().equals(note.getText())) {
            return;
        }
        Bookmark changed = b.withNote(note.getText());
        int i = items.indexOf(b);
        List<Bookmark> all = new java.util.ArrayList<>(items);
        all.set(i, changed);
        items.setAll(Bookmark.sorted(all));
        table.getSelectionModel().select(changed);
    }

    private String requestText(Bookmark b) {
        Trace t = timeline.trace();
        if (b.request() == null || t == null) {
            return "";
        }
        int row = b.row(t);
        return row >= 0 ? t.names().id(row) : "(not in this trace)";
    }
}
