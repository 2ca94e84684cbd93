package dev.orderlens.ui;

import dev.orderlens.analysis.CacheModeInference;
import dev.orderlens.importer.ImportException;
import dev.orderlens.importer.ImportInput;
import dev.orderlens.importer.TraceImporter;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Layer;
import dev.orderlens.model.Progress;
import dev.orderlens.model.SourceFile;
import dev.orderlens.model.Trace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Opening several files as one trace: asks each file's layer and clock offset, pre-filled with the
 * detected format's default layer and the estimated offset. Returns the files as {@link
 * TraceLoader.FileSpec}s for {@link TraceLoader#load}.
 */
final class OpenFilesDialog extends Dialog<List<TraceLoader.FileSpec>> {
    /** Shown in the layer box when the file names its own layers (trace JSON). */
    static final String AS_IN_FILE = "as in the file";

    static final List<String> LAYERS =
            List.of(AS_IN_FILE, Layer.GUEST, Layer.VIRTIO, Layer.HOST, Layer.DEVICE);

    /** One file as detected. */
    record Row(
            Path path,
            ImportInput input,
            TraceImporter importer,
            ComboBox<String> layer,
            TextField offset) {}

    private final List<Row> rows = new ArrayList<>();
    private final Label error = new Label();
    private final Label estimate = new Label();
    private final DiskModeChoices diskModes = new DiskModeChoices();
    private volatile boolean estimated;

    /** Offset text meaning "estimate it while loading". */
    static final String AUTO = "auto";

    /**
     * @param estimator reads the files for the offset estimate, off the FX thread
     * @throws ImportException when a file cannot be opened or is not a trace (detection failed)
     */
    OpenFilesDialog(Window owner, List<Path> paths, Executor estimator)
            throws IOException, ImportException {
        Dialogs.place(this, owner);
        setTitle("Open " + paths.size() + " files as one trace");
        setHeaderText(
                "Which layer of the storage stack does each file show, and how far is its clock off?\n"
                        + "Offsets (seconds) are added to the file's times to line it up with the others;"
                        + " \"auto\" estimates them from writes seen in both files.");
        getDialogPane().getStyleClass().add("open-files");
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        grid.addRow(
                0, header("file"), header("format"), header("layer"), header("clock offset (s)"));
        List<TraceLoader.FileSpec> files = new ArrayList<>();
        for (Path p : paths) {
            files.add(new TraceLoader.FileSpec(TraceLoader.open(p), null, null, null));
        }
        List<TraceLoader.Plan> plans = TraceLoader.plan(files);
        for (int i = 0; i < paths.size(); i++) {
            ImportInput in = files.get(i).input();
            TraceImporter importer = plans.get(i).importer();
            ComboBox<String> layer = new ComboBox<>();
            layer.getItems().addAll(LAYERS);
            layer.setEditable(true);
            layer.setValue(plans.get(i).layer() == null ? AS_IN_FILE : plans.get(i).layer());
            layer.setId("layer-" + i);
            TextField offset = new TextField(i == 0 ? "0" : AUTO);
            offset.setPromptText(AUTO);
            offset.setId("offset-" + i);
            offset.setPrefColumnCount(10);
            Label name = new Label(paths.get(i).getFileName().toString());
            name.setMaxWidth(280);
            grid.addRow(i + 1, name, new Label(importer.id()), layer, offset);
            rows.add(new Row(paths.get(i), in, importer, layer, offset));
        }
        error.getStyleClass().add("problem");
        error.setWrapText(true);
        estimate.setWrapText(true);
        estimate.setId("offset-estimate");
        VBox box = new VBox(10, grid, estimate, diskModes, error);
        box.setPadding(new Insets(10));
        getDialogPane().setContent(box);
        getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        getDialogPane()
                .lookupButton(ButtonType.OK)
                .addEventFilter(
                        javafx.event.ActionEvent.ACTION,
                        e -> {
                            String problem = validate();
                            error.setText(problem == null ? "" : problem);
                            growToContent();
                            if (problem != null) {
                                e.consume();
                            }
                        });
        setResultConverter(b -> b == ButtonType.OK ? specs() : null);
        estimateInBackground(plans, estimator);
    }

    /**
     * Reads the files off the FX thread and fills each offset the user has not typed over with the
     * importer's estimate (matching writes' sectors across layers). Until then, and when no
     * estimate is possible, the field says "auto": the estimate is then made while loading.
     */
    private void estimateInBackground(List<TraceLoader.Plan> plans, Executor estimator) {
        estimate.setText("Estimating clock offsets…");
        // closing the dialog while it runs drops the result: the fields are gone
        Latest estimating = new Latest(estimator, Platform::runLater, Latest.Show.NEWEST_ONLY);
        addEventHandler(javafx.scene.control.DialogEvent.DIALOG_HIDDEN, e -> estimating.cancel());
        estimating.submit(
                "No offset estimate",
                () -> {
                    try {
                        List<Trace> parts = TraceLoader.read(plans, Progress.NONE);
                        List<Double> none = new ArrayList<>();
                        parts.forEach(x -> none.add(null));
                        return new Estimate(parts, TraceLoader.offsets(parts, none));
                    } catch (IOException | ImportException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                },
                est -> fillEstimates(est.parts(), est.offsets()),
                estimate::setText);
    }

    private record Estimate(List<Trace> parts, long[] offsets) {}

    private void fillEstimates(List<Trace> parts, long[] offsets) {
        StringBuilder how = new StringBuilder();
        for (int i = 1; i < rows.size(); i++) {
            SourceFile sf = parts.get(i).sources().get(0);
            TextField field = rows.get(i).offset();
            // a file aligned in segments (VM pauses) keeps "auto": one number would undo them
            if (sf.offsetEstimated()
                    && sf.clockSegments().isEmpty()
                    && AUTO.equals(field.getText().trim())) {
                field.setText(formatOffset(offsets[i] / 1e9));
            }
            how.append(rows.get(i).path().getFileName())
                    .append(": ")
                    .append(
                            sf.offsetEstimated()
                                    ? "estimated from "
                                            + sf.metadata().get(TraceLoader.OFFSET_AGREEING)
                                            + " of "
                                            + sf.metadata().get(TraceLoader.OFFSET_MATCHES)
                                            + " matched writes"
                                    : "no writes matched by sector; left to you")
                    .append('\n');
            for (var c : sf.clockSegments()) {
                how.append("  ")
                        .append(
                                c.fromNs() == Long.MIN_VALUE
                                        ? "from the start"
                                        : "after a "
                                                + formatOffset(c.pauseNs() / 1e9)
                                                + " s VM pause"
                                                + (sf.metadata()
                                                                .containsKey(
                                                                        TraceLoader
                                                                                .OFFSET_PAUSES_FOUND)
                                                        ? " (found from an offset jump)"
                                                        : ""))
                        .append(": offset ")
                        .append(formatOffset(c.offsetNs() / 1e9))
                        .append(" s")
                        .append(c.estimated() ? "" : " (from the pause length)")
                        .append('\n');
            }
        }
        // what each QEMU log shows of its disks' cache modes (the analysis defaults to it)
        for (int i = 0; i < parts.size() && i < rows.size(); i++) {
            for (CacheModeInference.DiskMode d : CacheModeInference.of(parts.get(i))) {
                how.append(rows.get(i).path().getFileName())
                        .append(": ")
                        .append(d.disk())
                        .append(" cache mode ")
                        .append(d.text())
                        .append('\n');
            }
        }
        estimate.setText(how.toString().strip());
        diskModes.show(parts, rows.stream().map(Row::path).toList());
        estimated = true;
        growToContent();
    }

    /**
     * The dialog's window was sized when it opened; the estimate's lines and the disks' rows (and a
     * validation message) arrive later, and without this the window kept its first height under a
     * window manager, cutting off OK and Cancel. After the next layout pass, so new nodes are
     * styled.
     */
    private void growToContent() {
        Platform.runLater(
                () -> {
                    javafx.scene.Scene scene = getDialogPane().getScene();
                    Window w = scene == null ? null : scene.getWindow();
                    if (w != null && w.isShowing()) {
                        getDialogPane().applyCss();
                        // taller only, at the width the user sees (wrapped labels' one-line
                        // preferred width would make it as wide as the longest line)
                        double missing =
                                getDialogPane().prefHeight(scene.getWidth()) - scene.getHeight();
                        if (missing > 0.5) {
                            w.setHeight(w.getHeight() + Math.ceil(missing));
                        }
                    }
                });
    }

    /** True once the background estimate has filled in the offsets (for tests). */
    boolean estimated() {
        return estimated;
    }

    List<Row> rows() {
        return rows;
    }

    /** Each QEMU disk's cache mode: what its log shows, or the user's pick. */
    DiskModeChoices diskModes() {
        return diskModes;
    }

    /** The cache modes the user picked per disk (empty: what each log shows). */
    Map<String, dev.orderlens.analysis.CacheMode> cacheModes() {
        return diskModes.chosen();
    }

    private static String formatOffset(double seconds) {
        return seconds == 0
                ? "0"
                : String.format(Locale.ROOT, "%.9f", seconds).replaceAll("0+$", "");
    }

    /** The first problem with the user's input, or null. */
    String validate() {
        for (Row r : rows) {
            String layer =
                    r.layer().getEditor().getText() == null
                                    || r.layer().getEditor().getText().isBlank()
                            ? r.layer().getValue()
                            : r.layer().getEditor().getText().trim();
            if (layer == null
                    || layer.isBlank()
                    || !(layer.equals(AS_IN_FILE) || layer.matches("[A-Za-z0-9_.-]+"))) {
                return r.path().getFileName()
                        + ": layer must be one word (guest, virtio, host, device or your own)";
            }
            try {
                if (!AUTO.equals(r.offset().getText().trim())) {
                    Double.parseDouble(r.offset().getText().trim());
                }
            } catch (NumberFormatException e) {
                return r.path().getFileName()
                        + ": clock offset '"
                        + r.offset().getText()
                        + "' is not a number of seconds";
            }
        }
        return null;
    }

    List<TraceLoader.FileSpec> specs() {
        List<TraceLoader.FileSpec> out = new ArrayList<>();
        for (Row r : rows) {
            String text = r.layer().getEditor().getText();
            String layer = text == null || text.isBlank() ? r.layer().getValue() : text.trim();
            String text2 = r.offset().getText().trim();
            Double offset = AUTO.equals(text2) ? null : Double.valueOf(text2);
            out.add(
                    new TraceLoader.FileSpec(
                            r.input(),
                            r.importer().id(),
                            AS_IN_FILE.equals(layer) ? null : layer,
                            offset));
        }
        return out;
    }

    private static Label header(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("column-header-text");
        return l;
    }
}
