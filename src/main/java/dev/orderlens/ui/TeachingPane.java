package dev.orderlens.ui;

import dev.orderlens.analysis.CacheMode;
import dev.orderlens.analysis.CrashAnalysis;
import dev.orderlens.analysis.CrashKind;
import dev.orderlens.analysis.Narration;
import dev.orderlens.export.Session;
import dev.orderlens.model.Time;
import dev.orderlens.model.Trace;
import dev.orderlens.sim.Overrides;
import dev.orderlens.sim.Scenario;
import dev.orderlens.sim.Scenarios;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Teaching mode: the simulator's scenario library; opening one runs it and shows its trace with the
 * explanation; a step control walks every submit, issue, completion and event in time order with a
 * one-line {@link Narration} (what just happened, what it does and does not promise), the crash
 * point following the steps if asked; "try it" re-runs the scenario with another variant, cache
 * mode, crash kind or crash time ({@link Scenarios#run}) and re-analyses it.
 */
final class TeachingPane extends ScrollPane {
    private final TimelineViewModel timeline;
    private final CrashViewModel crash;

    /** Shows a trace in the window (title and summary included). */
    private final BiConsumer<Trace, String> show;

    /** Scenario runs: opening another scenario drops the previous run's trace. */
    private final Latest runs;

    private final ReadOnlyObjectWrapper<Scenario> scenario =
            new ReadOnlyObjectWrapper<>(this, "scenario");
    private final ReadOnlyObjectWrapper<Overrides> overrides =
            new ReadOnlyObjectWrapper<>(this, "overrides", Overrides.NONE);
    private final ReadOnlyObjectWrapper<Narration> narration =
            new ReadOnlyObjectWrapper<>(this, "narration");
    private final ReadOnlyIntegerWrapper step = new ReadOnlyIntegerWrapper(this, "step", -1);

    /** The trace this pane made (steps are only offered on it). */
    private Trace ours;

    /** Filled when first shown: reading the scenarios is not work for the window's start. */
    final ListView<Scenario> library = new ListView<>();

    private final Label title = new Label();
    private final Label explanation = new Label();
    final ComboBox<Scenario.Variant> variant = new ComboBox<>();
    final ComboBox<CacheMode> cacheMode =
            new ComboBox<>(FXCollections.observableArrayList(CacheMode.values()));
    final ComboBox<CrashKind> crashKind =
            new ComboBox<>(FXCollections.observableArrayList(CrashKind.values()));
    final TextField crashAt = new TextField();
    final Button rerun = new Button("Run again");
    final Label narrationLabel = new Label();
    final Label stepLabel = new Label();
    final CheckBox follow = new CheckBox("Crash point follows the steps");
    private final Label status = new Label();
    private final VBox scenarioBox = new VBox(8);
    private final javafx.scene.control.TitledPane libraryPane =
            new javafx.scene.control.TitledPane();

    TeachingPane(
            TimelineViewModel timeline,
            CrashViewModel crash,
            Executor background,
            Executor fx,
            BiConsumer<Trace, String> show) {
        this.timeline = timeline;
        this.crash = crash;
        this.runs = new Latest(background, fx, Latest.Show.NEWEST_ONLY);
        this.show = show;
        setId("teaching");
        setFitToWidth(true);
        libraryPane.setText("Scenario library");
        libraryPane.setContent(libraryBox());
        libraryPane.setId("teach-library-pane");
        VBox box = new VBox(10, libraryPane, scenarioBox);
        box.setPadding(new Insets(10));
        setContent(box);
        buildScenarioBox();
        scenarioBox.setVisible(false);
        scenarioBox.setManaged(false);
        crash.analysisProperty().addListener((o, a, b) -> analysed(b));
        timeline.traceProperty()
                .addListener(
                        (o, a, b) -> {
                            if (b != ours) {
                                narration.set(null);
                                step.set(-1);
                                showStep();
                            }
                        });
    }

    /** The title and the story shown for the scenario (tests). */
    String explanationText() {
        return title.getText() + "\n" + explanation.getText();
    }

    ReadOnlyObjectProperty<Narration> narrationProperty() {
        return narration.getReadOnlyProperty();
    }

    ReadOnlyIntegerProperty stepProperty() {
        return step.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<Scenario> scenarioProperty() {
        return scenario.getReadOnlyProperty();
    }

    /**
     * The Teaching menu: the library, the steps (with accelerators usable from anywhere), run
     * again.
     */
    Menu menu(Runnable showTab) {
        MenuItem library = new MenuItem("Scenario _Library");
        library.setOnAction(
                e -> {
                    showTab.run();
                    libraryPane.setExpanded(true);
                    this.library.requestFocus();
                });
        MenuItem next = new MenuItem("_Next Step");
        next.setAccelerator(KeyCombination.keyCombination("Shortcut+Right"));
        next.setOnAction(e -> next());
        MenuItem prev = new MenuItem("_Previous Step");
        prev.setAccelerator(KeyCombination.keyCombination("Shortcut+Left"));
        prev.setOnAction(e -> previous());
        MenuItem first = new MenuItem("_First Step");
        first.setAccelerator(KeyCombination.keyCombination("Shortcut+Home"));
        first.setOnAction(e -> go(0));
        MenuItem last = new MenuItem("_Last Step");
        last.setAccelerator(KeyCombination.keyCombination("Shortcut+End"));
        last.setOnAction(e -> last());
        MenuItem again = new MenuItem("_Run Again With the Try-It Settings");
        again.setOnAction(e -> rerun());
        for (MenuItem m : List.of(next, prev, first, last, again)) {
            m.disableProperty().bind(scenario.isNull());
        }
        return new Menu(
                "_Teaching",
                null,
                library,
                new SeparatorMenuItem(),
                next,
                prev,
                first,
                last,
                new SeparatorMenuItem(),
                again);
    }

    /** The scenario run on screen with its overrides, for a session. */
    Session.ScenarioRun run() {
        Overrides o = overrides.get();
        return new Session.ScenarioRun(
                scenario.get().id(),
                o.variant(),
                o.cacheMode() == null ? null : o.cacheMode().jsonName(),
                o.crashKind() == null ? null : o.crashKind().jsonName(),
                o.crashAtNs(),
                o.seed());
    }

    /** The overrides the scenario on screen was run with. */
    Overrides overrides() {
        return overrides.get();
    }

    private VBox libraryBox() {
        library.setId("teach-library");
        library.setCellFactory(
                l ->
                        new ListCell<>() {
                            @Override
                            protected void updateItem(Scenario s, boolean empty) {
                                super.updateItem(s, empty);
                                setText(empty || s == null ? null : s.title());
                            }
                        });
        FirstValue.whenSet(
                library.sceneProperty(), s -> library.getItems().setAll(Scenarios.all()));
        library.setPrefHeight(170);
        library.setMinWidth(0);
        library.setPrefWidth(200);
        library.setOnMouseClicked(
                e -> {
                    Scenario s = library.getSelectionModel().getSelectedItem();
                    if (s != null && s != scenario.get()) {
                        open(s, Overrides.NONE);
                    }
                });
        library.setOnKeyPressed(
                e -> {
                    Scenario s = library.getSelectionModel().getSelectedItem();
                    if (e.getCode() == javafx.scene.input.KeyCode.ENTER && s != null) {
                        open(s, Overrides.NONE);
                    }
                });
        Label hint =
                new Label(
                        "Pick a scenario: it is simulated and shown with its story. Step through it event by event, then try "
                                + "other cache modes, crash kinds and crash times.");
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        return new VBox(6, hint, library);
    }

    private void buildScenarioBox() {
        title.getStyleClass().add("details-title");
        title.setWrapText(true);
        title.setId("teach-title");
        explanation.setWrapText(true);
        explanation.setId("teach-explanation");
        explanation.getStyleClass().add("teach-explanation");

        Button first = stepButton("|◀", "First step (Shortcut+Home)", () -> go(0));
        Button prev = stepButton("◀", "Previous step (Shortcut+Left)", () -> go(step.get() - 1));
        Button next = stepButton("▶", "Next step (Shortcut+Right)", () -> go(step.get() + 1));
        Button last =
                stepButton(
                        "▶|",
                        "Last step (Shortcut+End)",
                        () -> go(narration.get() == null ? -1 : narration.get().size() - 1));
        prev.setId("teach-prev");
        next.setId("teach-next");
        first.setId("teach-first");
        last.setId("teach-last");
        stepLabel.setId("teach-step");
        stepLabel.setMinWidth(0); // the pane may be narrow (large font): elide rather than widen it
        HBox steps = new HBox(6, first, prev, next, last, stepLabel);
        steps.setAlignment(Pos.CENTER_LEFT);
        narrationLabel.setWrapText(true);
        narrationLabel.setId("teach-narration");
        narrationLabel.getStyleClass().add("teach-narration");
        narrationLabel.setMinHeight(Region.USE_PREF_SIZE);
        follow.setId("teach-follow");
        follow.setSelected(true);
        follow.setTooltip(
                new Tooltip(
                        "Put the crash point at each step's time: the write colours show what would survive a crash right then"));

        Label tryHead = new Label("Try it");
        tryHead.getStyleClass().add("details-heading");
        variant.setId("teach-variant");
        variant.setConverter(DisplayNames.of(v -> v.title().isEmpty() ? v.id() : v.title()));
        cacheMode.setId("teach-cache-mode");
        cacheMode.setConverter(DisplayNames.of(m -> "cache=" + m.jsonName()));
        crashKind.setId("teach-crash-kind");
        crashKind.setConverter(DisplayNames.of(CrashKind::jsonName));
        crashAt.setId("teach-crash-at");
        crashAt.setPromptText("crash at (s, or 3ms)");
        crashAt.setPrefColumnCount(9);
        for (Region r :
                new Region[] {
                    variant, cacheMode, crashKind, libraryPane, title, explanation, narrationLabel
                }) {
            r.setMinWidth(0);
        }
        variant.setPrefWidth(
                240); // titles are long: the FlowPane would otherwise be as wide as the longest
        rerun.setId("teach-rerun");
        rerun.setOnAction(e -> rerun());
        crashAt.setOnAction(e -> rerun());
        FlowPane tryIt = new FlowPane(6, 6, variant, cacheMode, crashKind, crashAt, rerun);
        status.getStyleClass().add("hint");
        status.setWrapText(true);
        Label storyHead = new Label("The story");
        storyHead.getStyleClass().add("details-heading");
        scenarioBox
                .getChildren()
                .addAll(
                        title,
                        steps,
                        narrationLabel,
                        follow,
                        storyHead,
                        explanation,
                        tryHead,
                        tryIt,
                        status);
        VBox.setVgrow(narrationLabel, Priority.NEVER);
    }

    private Button stepButton(String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setAccessibleText(tip);
        b.setOnAction(e -> action.run());
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    /** Runs a scenario with overrides in the background and shows it. */
    void open(Scenario s, Overrides o) {
        status.setText("Simulating “" + s.title() + "”…");
        scenario.set(s);
        overrides.set(o);
        // the title and the story are those of the variant actually run
        Scenario.Variant ran = s.variant(o.variant());
        if (ran == null) {
            ran = s.defaultVariant();
        }
        boolean other = ran != s.defaultVariant();
        title.setText(
                s.title()
                        + (other ? " — " + (ran.title().isEmpty() ? ran.id() : ran.title()) : ""));
        explanation.setText(
                ran.explanation() == null || ran.explanation().isBlank()
                        ? s.explanation()
                        : s.explanation() + "\n\n" + ran.explanation());
        scenarioBox.setVisible(true);
        scenarioBox.setManaged(true);
        libraryPane.setExpanded(false); // the story needs the room; the library is one click away
        fillTryIt(s, o);
        if (library.getSelectionModel().getSelectedItem() != s) {
            library.getSelectionModel().select(s);
        }
        runs.submit(
                "Could not run the scenario",
                () -> Scenarios.run(s.id(), o),
                t -> {
                    ours = t;
                    narration.set(null);
                    step.set(-1);
                    status.setText("");
                    show.accept(
                            t,
                            "scenario "
                                    + s.id()
                                    + (o.variant() == null ? "" : " (" + o.variant() + ")"));
                },
                status::setText);
    }

    private void fillTryIt(Scenario s, Overrides o) {
        variant.getItems().setAll(s.variants());
        Scenario.Variant v = s.variant(o.variant());
        variant.setValue(v == null ? s.defaultVariant() : v);
        var w = (v == null ? s.defaultVariant() : v).workload();
        // one cache-mode selector: where the variants are cache modes, the variant is the choice
        boolean cacheByVariant = variantsSetTheCacheMode(s);
        cacheMode.setVisible(!cacheByVariant);
        cacheMode.setManaged(!cacheByVariant);
        cacheMode.setValue(o.cacheMode() != null ? o.cacheMode() : w.newConfig().host.cacheMode);
        crashKind.setValue(o.crashKind() != null ? o.crashKind() : w.crashKind());
        long at = o.crashAtNs() != null ? o.crashAtNs() : w.crashAtNs();
        crashAt.setText(at == Time.NONE ? "" : Time.formatSeconds(at));
    }

    /** True when the scenario's variants differ in QEMU's cache mode (the variant picks it). */
    static boolean variantsSetTheCacheMode(Scenario s) {
        return s.variants().stream()
                        .map(v -> v.workload().newConfig().host.cacheMode)
                        .distinct()
                        .count()
                > 1;
    }

    /** "Try it": the same scenario again with what the controls say. */
    void rerun() {
        Scenario s = scenario.get();
        if (s == null) {
            return;
        }
        Overrides o = Overrides.NONE;
        Scenario.Variant v = variant.getValue();
        if (v != null && v != s.defaultVariant()) {
            o = o.withVariant(v.id());
        }
        if (cacheMode.getValue() != null && !variantsSetTheCacheMode(s)) {
            o = o.withCacheMode(cacheMode.getValue());
        }
        if (crashKind.getValue() != null) {
            o = o.withCrashKind(crashKind.getValue());
        }
        if (!crashAt.getText().isBlank()) {
            try {
                o = o.withCrashAt(dev.orderlens.layout.TimeRangeInput.parseTime(crashAt.getText()));
            } catch (IllegalArgumentException e) {
                status.setText(e.getMessage());
                return;
            }
        }
        open(s, o);
    }

    /**
     * The analysis of our trace is ready: the story can be told, the crash point goes where the
     * scenario crashes.
     */
    private void analysed(CrashAnalysis a) {
        if (a == null || a.trace() != ours) {
            return;
        }
        step.set(-1);
        long at = CrashExplorer.recordedCrash(a.trace());
        if (at != Time.NONE) {
            crash.setPoint(a.defaultPoint(at));
        }
        narration.set(Narration.of(a, a.defaultCacheModes()));
        showStep();
    }

    /**
     * Moves to step {@code i} (clamped): selects what it is about, narrates it, moves the crash
     * point if asked.
     */
    void go(int i) {
        Narration n = narration.get();
        if (n == null || n.size() == 0) {
            return;
        }
        int k = Math.max(0, Math.min(n.size() - 1, i));
        step.set(k);
        Narration.Step s = n.step(k);
        if (s.kind() == Narration.Kind.EVENT) {
            timeline.select(-1);
            Navigate.showTime(timeline, s.time());
        } else {
            Navigate.showRequest(timeline, s.row());
        }
        if (follow.isSelected()) {
            crash.setTime(s.time());
        }
        showStep();
    }

    void next() {
        go(step.get() + 1);
    }

    void previous() {
        go(step.get() - 1);
    }

    void last() {
        Narration n = narration.get();
        if (n != null) {
            go(n.size() - 1);
        }
    }

    private void showStep() {
        Narration n = narration.get();
        int k = step.get();
        if (n == null) {
            boolean shown = ours != null && timeline.trace() == ours;
            stepLabel.setText(scenario.get() == null ? "" : shown ? "preparing…" : "");
            narrationLabel.setText(
                    scenario.get() == null || shown
                            ? ""
                            : "Another trace is open: Run again to show this scenario and its steps.");
            return;
        }
        if (k < 0) {
            stepLabel.setText(n.size() + " steps");
            narrationLabel.setText(
                    "Press ▶ (or Shortcut+Right) to walk through the trace one event at a time.");
            return;
        }
        Narration.Step s = n.step(k);
        stepLabel.setText(
                String.format(
                        "step %d of %d · %s s", k + 1, n.size(), Time.formatSeconds(s.time())));
        narrationLabel.setText(n.text(k));
    }
}
