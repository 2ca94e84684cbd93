package dev.orderlens.ui;

import dev.orderlens.importer.ImportException;
import dev.orderlens.importer.ImportInput;
import dev.orderlens.importer.Importers;
import dev.orderlens.importer.TraceImporter;
import dev.orderlens.importer.TraceLoader;
import dev.orderlens.model.Layer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * Opening several files as one trace: asks each file's layer and clock offset, pre-filled with
 * the detected format's default layer and the estimated offset. Returns the files as
 * {@link TraceLoader.FileSpec}s for {@link TraceLoader#load}.
 */
final class OpenFilesDialog extends Dialog<List<TraceLoader.FileSpec>> {
    /** Shown in the layer box when the file names its own layers (trace JSON). */
    static final String AS_IN_FILE = "as in the file";
    static final List<String> LAYERS = List.of(AS_IN_FILE, Layer.GUEST, Layer.VIRTIO, Layer.HOST, Layer.DEVICE);

    /** One file as detected. */
    record Row(Path path, ImportInput input, TraceImporter importer, ComboBox<String> layer, TextField offset) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Label error = new Label();

    /**
     * @throws ImportException when a file cannot be opened or is not a trace (detection failed)
     */
    OpenFilesDialog(Window owner, List<Path> paths) throws IOException, ImportException {
        initOwner(owner);
        setTitle("Open " + paths.size() + " files as one trace");
        setHeaderText("Which layer of the storage stack does each file show, and how far is its clock off?\n"
                + "Offsets (seconds) are added to the file's times to line it up with the others.");
        getDialogPane().getStyleClass().add("open-files");
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        grid.addRow(0, header("file"), header("format"), header("layer"), header("clock offset (s)"));
        List<ImportInput> inputs = new ArrayList<>();
        for (Path p : paths) {
            inputs.add(TraceLoader.open(p));
        }
        double[] offsets = estimatedOffsetsSeconds(inputs);
        for (int i = 0; i < paths.size(); i++) {
            ImportInput in = inputs.get(i);
            TraceImporter importer = Importers.detect(in).importer();
            ComboBox<String> layer = new ComboBox<>();
            layer.getItems().addAll(LAYERS);
            layer.setEditable(true);
            layer.setValue(importer.defaultLayer() == null ? AS_IN_FILE : importer.defaultLayer());
            layer.setId("layer-" + i);
            TextField offset = new TextField(formatOffset(offsets[i]));
            offset.setId("offset-" + i);
            offset.setPrefColumnCount(10);
            Label name = new Label(paths.get(i).getFileName().toString());
            name.setMaxWidth(280);
            grid.addRow(i + 1, name, new Label(importer.id()), layer, offset);
            rows.add(new Row(paths.get(i), in, importer, layer, offset));
        }
        error.getStyleClass().add("problem");
        error.setWrapText(true);
        VBox box = new VBox(10, grid, error);
        box.setPadding(new Insets(10));
        getDialogPane().setContent(box);
        getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        getDialogPane().lookupButton(ButtonType.OK).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            String problem = validate();
            error.setText(problem == null ? "" : problem);
            if (problem != null) {
                e.consume();
            }
        });
        setResultConverter(b -> b == ButtonType.OK ? specs() : null);
    }

    /**
     * The clock offset of each file in seconds, before the user edits them. All zero for now: this
     * is where the importer's offset estimator (matching writes' sectors across layers) fills in
     * its estimate once it lands; the lead wires it at merge.
     */
    static double[] estimatedOffsetsSeconds(List<ImportInput> inputs) {
        return new double[inputs.size()];
    }

    List<Row> rows() {
        return rows;
    }

    private static String formatOffset(double seconds) {
        return seconds == 0 ? "0" : String.format(Locale.ROOT, "%.9f", seconds).replaceAll("0+$", "");
    }

    /** The first problem with the user's input, or null. */
    String validate() {
        for (Row r : rows) {
            String layer = r.layer().getEditor().getText() == null || r.layer().getEditor().getText().isBlank()
                    ? r.layer().getValue() : r.layer().getEditor().getText().trim();
            if (layer == null || layer.isBlank() || !(layer.equals(AS_IN_FILE) || layer.matches("[A-Za-z0-9_.-]+"))) {
                return r.path().getFileName() + ": layer must be one word (guest, virtio, host, device or your own)";
            }
            try {
                Double.parseDouble(r.offset().getText().trim());
            } catch (NumberFormatException e) {
                return r.path().getFileName() + ": clock offset '" + r.offset().getText() + "' is not a number of seconds";
            }
        }
        return null;
    }

    List<TraceLoader.FileSpec> specs() {
        List<TraceLoader.FileSpec> out = new ArrayList<>();
        for (Row r : rows) {
            String text = r.layer().getEditor().getText();
            String layer = text == null || text.isBlank() ? r.layer().getValue() : text.trim();
            double offset = Double.parseDouble(r.offset().getText().trim());
            out.add(new TraceLoader.FileSpec(r.input(), r.importer().id(), AS_IN_FILE.equals(layer) ? null : layer,
                    offset == 0 ? null : offset));
        }
        return out;
    }

    private static Label header(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("column-header-text");
        return l;
    }
}
